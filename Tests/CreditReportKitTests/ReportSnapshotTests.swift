import CreditCore
import Foundation
import Testing
@testable import CreditReportKit

/// The rendered reports of a small, hostile portfolio, against snapshot files kept beside this test
/// (`Snapshots/`). Re-record on purpose only: `CREDITREPORT_RECORD_SNAPSHOTS=1 swift test`.
@Suite struct ReportSnapshotTests {
    static func render() throws -> [String: String] {
        let s = Scratch()
        s.write("customers.csv", """
            customer_id,name,country,industry,group_id,credit_limit,insured_limit,limit_currency,risk_grade,payment_terms_days
            C1,<script>alert('x')</script>,DE,Machinery,G1,1000,,,A,30
            C2,a|b *bold* [x](y),CN,Food,,100,,,B,60
            C3,"=HYPERLINK(""http://x"",""y"")",TR,,,,,,,
            C4,上海华东贸易有限公司,CN,Food,G1,5000,,USD,,30

            """)
        s.write("items.csv", """
            document_id,customer_id,type,document_date,due_date,currency,amount,open_amount,cleared_date,disputed
            I1,C1,invoice,2026-10-01,2026-10-31,EUR,1200,1200,,
            I2,C2,invoice,2026-11-01,2026-12-01,USD,200,200,,yes
            I3,C3,invoice,2026-05-01,2026-06-01,EUR,300,300,,
            I4,C4,invoice,2026-11-10,,USD,1000,1000,,
            N1,C4,credit_note,2026-11-12,,USD,-100,-100,,
            X1,C9,invoice,2026-11-10,,EUR,1,1,,

            """)
        s.write("fx.csv", "currency,rate\nUSD,0.9\n")
        s.write("country_risk.csv", "country,rating\nDE,0\nCN,2\nTR,5\n")
        s.write("creditreport.yml", """
            reporting_currency: EUR
            as_of: 2026-11-20
            inputs:
              customers: customers.csv
              items: items.csv
              fx: fx.csv
              country_risk: country_risk.csv

            """)
        var config = try ConfigLoader.load(path: s.folder + "/creditreport.yml")
        config.templatesDir = Repo.path("templates")
        let run = try Pipeline.analyse(config, asOf: config.asOf!)
        let files = try Pipeline.render(run, config: config)
        return Dictionary(uniqueKeysWithValues: files.map { ($0.name, $0.text) })
    }

    @Test(arguments: ["report.md", "report.html", "metrics.json", "rejects.csv"])
    func matchesSnapshot(name: String) throws {
        let rendered = try #require(try Self.render()[name])
        let path = Repo.path("Tests/CreditReportKitTests/Snapshots/\(name)")
        if ProcessInfo.processInfo.environment["CREDITREPORT_RECORD_SNAPSHOTS"] == "1" {
            FileManager.default.createFile(atPath: path, contents: Data(rendered.utf8))
            return
        }
        let expected = try #require(FileManager.default.contents(atPath: path).flatMap { String(data: $0, encoding: .utf8) },
                                    "no snapshot at \(path): record with CREDITREPORT_RECORD_SNAPSHOTS=1")
        #expect(rendered == expected)
    }

    /// Hand-computed: C1 1,200 (30 dpd, limit 1,000: breach 120%); C2 200 USD = 180 (not due, disputed);
    /// C3 300 (172 dpd, protracted, no limit); C4 (1,000 − 100) USD = 810 (due 2026-12-10 by terms).
    @Test func figuresOfTheSmallPortfolio() throws {
        let json = try #require(try Self.render()["metrics.json"])
        let m = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        let p = m["portfolio"] as! [String: Any]
        #expect(p["gross_ar"] as? Double == 2580)
        #expect(p["credits"] as? Double == -90)
        #expect(p["net_ar"] as? Double == 2490)
        #expect(p["overdue"] as? Double == 1500)
        #expect(p["protracted_default"] as? Double == 300)
        #expect(p["disputed"] as? Double == 180)
        let input = m["input"] as! [String: Any]
        #expect(input["rows_read"] as? Int == 4 + 6 + 1 + 3)
        #expect(input["rows_rejected"] as? Int == 1)
        let customers = m["customers"] as! [[String: Any]]
        #expect(customers[0]["utilisation"] as? Double == 1.2)
        #expect(customers[0]["breach"] as? Bool == true)
        #expect(customers[3]["credit_limit"] as? Double == 4500)      // 5,000 USD × 0.9
        #expect(customers[3]["exposure"] as? Double == 810)
        let risk = m["country_risk"] as! [String: Any]
        #expect(risk["high_risk_exposure"] as? Double == 300)
    }

    @Test func hostileNamesCannotBreakEitherFormat() throws {
        let files = try Self.render()
        let html = try #require(files["report.html"]), md = try #require(files["report.md"]), csv = try #require(files["rejects.csv"])
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;") || html.contains("&lt;script&gt;alert('x')&lt;/script&gt;"))
        #expect(!md.contains("<script>"))
        // Every row of the Markdown customers table (11 columns) has exactly 12 unescaped cell separators.
        let header = "| Customer | Name | Country | Exposure | Share | Overdue | Limit | Used | Status | DSO | ECL |"
        let parts = md.components(separatedBy: header + "\n")
        try #require(parts.count == 2, "customers table header not found")
        let table = parts[1].split(separator: "\n").prefix { $0.hasPrefix("|") }.dropFirst()
        #expect(table.count == 4)
        for row in table {
            var separators = 0, previous: Character = " "
            for ch in row {
                if ch == "|" && previous != "\\" { separators += 1 }
                previous = ch
            }
            #expect(separators == 12, "\(row)")
        }
        #expect(md.contains("a\\|b \\*bold\\* \\[x\\](y)"))
        #expect(csv.hasPrefix("file,line,column,field,value,reason\n"))
        #expect(csv.contains("items.csv,7,2,customer_id,C9,unknown customer_id: not in the customers file"))
    }

    @Test func spreadsheetFormulasInRejectsAreDefused() {
        #expect(RejectsFile.cell("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
        #expect(RejectsFile.cell("@SUM(A1)") == "'@SUM(A1)")
        #expect(RejectsFile.cell("-12.50") == "-12.50")
    }
}
