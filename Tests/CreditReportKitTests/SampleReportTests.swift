import CreditCore
import Foundation
import Testing
@testable import CreditReportKit

/// The bundled sample, run through the whole pipeline, against `fixtures/sample/expected.json`: figures
/// computed by an independent implementation of METRICS.md (`tools/oracle/oracle.py`, Python `Decimal`),
/// and against the bad rows the sample's README lists by hand.
@Suite struct SampleReportTests {
    static func run() throws -> (ReportRun, [String: Any], [String: Any]) {
        let config = try ConfigLoader.load(path: Repo.path("fixtures/sample/creditreport.yml"))
        let run = try Pipeline.analyse(config, asOf: config.asOf!)
        let ours = try JSONSerialization.jsonObject(with: Data(MetricsDocument.bytes(run))) as! [String: Any]
        let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Repo.path("fixtures/sample/expected.json")))) as! [String: Any]
        return (run, ours, expected)
    }

    static func number(_ v: Any?) -> Double? { (v as? NSNumber)?.doubleValue }

    @Test func rowsReconcileAndMatchTheOracle() throws {
        let (run, ours, expected) = try Self.run()
        let a = ours["input"] as! [String: Any], e = expected["input"] as! [String: Any]
        for key in ["rows_read", "rows_used", "rows_rejected", "rows_skipped"] {
            #expect(Self.number(a[key]) == Self.number(e[key]), "\(key)")
        }
        let c = run.totalCounts
        #expect(c.read == 2709 && c.used == 2697 && c.rejected == 9 && c.skipped == 3)
        #expect(run.files.allSatisfy { $0.counts.reconciles })
    }

    /// The deliberately bad rows, as listed in fixtures/sample/README.md.
    @Test func badRowsAreRejectedWhereTheReadmeSays() throws {
        let (run, _, _) = try Self.run()
        let got = run.rejects.map { "\($0.file):\($0.line) \($0.field)" }
        #expect(got == ["items.csv:2504 customer_id", "items.csv:2505 document_date", "items.csv:2506 open_amount",
                        "items.csv:2507 document_id", "items.csv:2508 currency", "items.csv:2509 disputed", "items.csv:2510 type",
                        "items.csv:2511 currency", "items-gmbh.csv:109 document_date"])
        #expect(run.rejects[3].reason == "repeated document_id: first used at items.csv:139")
    }

    @Test func portfolioFiguresMatchTheOracleToTheCent() throws {
        let (_, ours, expected) = try Self.run()
        let a = ours["portfolio"] as! [String: Any], e = expected["portfolio"] as! [String: Any]
        for key in ["gross_ar", "credits", "net_ar", "overdue", "protracted_default", "disputed", "total_exposure"] {
            #expect(Self.number(a[key]) == Self.number(e[key]), "\(key)")
        }
        #expect(abs(Self.number(a["overdue_share"])! - Self.number(e["overdue_share"])!) < 1e-9)
        let agingA = a["aging"] as! [[String: Any]], agingE = e["aging"] as! [[String: Any]]
        #expect(agingA.map { $0["bucket"] as! String } == agingE.map { $0["bucket"] as! String })
        #expect(agingA.map { Self.number($0["amount"])! } == agingE.map { Self.number($0["amount"])! })
        #expect(agingA.map { Self.number($0["count"])! } == agingE.map { Self.number($0["count"])! })
    }

    @Test func concentrationMatchesTheOracle() throws {
        let (_, ours, expected) = try Self.run()
        let a = ours["concentration"] as! [String: [String: Any]], e = expected["concentration"] as! [String: [String: Any]]
        for dimension in ["customer", "group", "industry", "country", "rating", "risk_grade"] {
            let x = try #require(a[dimension]), y = try #require(e[dimension])
            for key in ["hhi", "normalised_hhi", "effective_number", "gini", "cr1", "cr5", "cr10", "cr20"] {
                #expect(abs(Self.number(x[key])! - Self.number(y[key])!) < 1e-9, "\(dimension).\(key)")
            }
            let topA = x["top"] as! [[String: Any]], topE = y["top"] as! [[String: Any]]
            #expect(topA.map { $0["key"] as! String } == topE.map { $0["key"] as! String }, "\(dimension).top")
            #expect(topA.map { Self.number($0["exposure"])! } == topE.map { Self.number($0["exposure"])! }, "\(dimension).top")
        }
    }

    @Test func customersMatchTheOracle() throws {
        let (_, ours, expected) = try Self.run()
        let a = ours["customers"] as! [[String: Any]]
        let e = Dictionary(uniqueKeysWithValues: (expected["customers"] as! [[String: Any]]).map { ($0["customer_id"] as! String, $0) })
        #expect(a.count == 60)
        for c in a {
            let id = c["customer_id"] as! String
            let x = try #require(e[id])
            for key in ["exposure", "overdue", "credit_limit", "utilisation"] {
                #expect(Self.number(c[key]) == Self.number(x[key]) || abs((Self.number(c[key]) ?? 0) - (Self.number(x[key]) ?? 0)) < 1e-9,
                        "\(id).\(key)")
            }
            #expect((c["breach"] as? Bool) == (x["breach"] as? Bool), "\(id).breach")
        }
        #expect(a.filter { ($0["breach"] as? Bool) == true }.map { $0["customer_id"] as! String } == ["C010", "C014", "C016", "C021", "C041"])
    }

    @Test func countryRiskMatchesTheOracle() throws {
        let (_, ours, expected) = try Self.run()
        let a = ours["country_risk"] as! [String: Any], e = expected["country_risk"] as! [String: Any]
        #expect(Self.number(a["high_risk_exposure"]) == Self.number(e["high_risk_exposure"]))
        #expect(a["unrated_countries"] as! [String] == ["MA"])
        let gradesE = Dictionary(uniqueKeysWithValues: (e["by_grade"] as! [[String: Any]]).map { ($0["grade"] as! String, Self.number($0["exposure"])!) })
        for g in a["by_grade"] as! [[String: Any]] {
            #expect(Self.number(g["exposure"])! == (gradesE[g["grade"] as! String] ?? 0), "\(g["grade"]!)")
        }
    }
}
