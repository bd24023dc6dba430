import CreditCore
import CreditIngest
import Foundation
import Testing
@testable import CreditReportKit

/// Real-world files in `fixtures/` (copied from the team's samples, with their provenance), read through
/// the config as a user would.
@Suite struct ConformanceTests {
    /// IBM's AR sample gives, per invoice, days to settle (settled − invoice date) and days late
    /// (max(0, settled − due)). Our average days to pay and days beyond terms, computed from the dates,
    /// must equal the amount-weighted means of those columns (computed here from the columns alone).
    @Test func ibmDaysToPayAgreeWithTheFilesOwnColumns() throws {
        let config = try ConfigLoader.load(path: Repo.path("fixtures/ibm/creditreport.yml"))
        let run = try Pipeline.analyse(config, asOf: config.asOf!)
        #expect(run.totalCounts.rejected == 0)
        #expect(run.files.first { $0.role == "items" }?.counts.used == 2466)

        let text = try String(contentsOfFile: Repo.path("fixtures/ibm/WA_Fn-UseC_-Accounts-Receivable.csv"), encoding: .utf8)
        var lines = text.split(whereSeparator: \.isNewline)   // the file ends its lines with CRLF
        let header = lines.removeFirst().split(separator: ",").map(String.init)
        let amountColumn = header.firstIndex(of: "InvoiceAmount")!, settle = header.firstIndex(of: "DaysToSettle")!,
            late = header.firstIndex(of: "DaysLate")!
        var cents = 0, settleWeighted = 0, lateWeighted = 0
        for line in lines {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            let parts = f[amountColumn].split(separator: ".")
            let c = Int(parts[0])! * 100 + Int(parts.count > 1 ? parts[1].padding(toLength: 2, withPad: "0", startingAt: 0) : "0")!
            cents += c
            settleWeighted += c * Int(f[settle])!
            lateWeighted += c * Int(f[late])!
        }
        #expect(cents == 14_770_318)   // 147,703.18, as the provenance note says
        let k = run.analysis.collection
        #expect(abs(k.averageDaysToPay! - Double(settleWeighted) / Double(cents)) < 1e-9)
        #expect(abs(k.averageDaysBeyondTerms! - Double(lateWeighted) / Double(cents)) < 1e-9)
        #expect(k.sales == Money(units: 1_477_031_800))
    }

    /// The OECD table names countries by ISO alpha-3 and marks not classified countries `-`: mapped, they
    /// are unrated (never grade 0), and every other country gets its grade.
    @Test func oecdTableWithAlpha3AndNotClassified() throws {
        let config = try ConfigLoader.parse(yaml: """
            reporting_currency: EUR
            inputs:
              customers: customers.csv
              items: items.csv
              country_risk:
                path: \(Repo.path("fixtures/oecd/oecd_crc_2026-01-30_extracted_from_official_pdf.csv"))
                columns: {iso3: country, current_prevailing: rating}
                country_codes: alpha-3
                not_rated: ["-"]
            """, path: "test.yml")
        let input = try #require(config.countryRisk)
        let (ratings, counts, rejects) = try ReferenceTables.readCountryRisk(input)
        #expect(rejects.isEmpty && counts.read == 201 && counts.used == 201)
        #expect(ratings.count == 201 - 64)                       // 64 countries are not classified
        #expect(ratings["CN"] == "2" && ratings["TR"] == "5" && ratings["SG"] == "0" && ratings["AF"] == "7")
        #expect(ratings["AM"] == "5" && ratings["MD"] == "6" && ratings["OM"] == "3")   // changed in January 2026
        #expect(ratings["DE"] == nil && ratings["AD"] == nil)    // high-income / micro-state: not classified
        #expect(ratings["XK"] != nil)                            // Kosovo, XKV in the table
        let customers = [Customer(id: "A", country: "DE"), Customer(id: "B", country: "CN")]
        var ledger = Ledger(customers: customers, policy: CreditPolicy(), asOf: Day(iso: "2026-11-20")!)
        for (c, amount) in [(0, 100), (1, 300)] {
            ledger.post(OpenItem(customerIndex: Int32(c), documentDate: Day(iso: "2026-11-01")!, dueDate: Day(iso: "2026-12-01")!,
                                 amount: Money(whole: Int64(amount)), openAmount: Money(whole: Int64(amount))))
        }
        let overlay = PortfolioAnalysis(customers: customers, ledger: ledger, ratings: ratings).countryRisk
        #expect(overlay.unratedCountries == ["DE"])
        #expect(overlay.byGrade.first { $0.grade == "0" }?.exposure == .zero)
        #expect(overlay.unratedExposure == Money(whole: 100))
    }

    /// Allianz Trade (AA … D) and Coface (A1 … E) scales work by config alone.
    @Test(arguments: [
        ("Allianz Trade", "[AA, A, BB, B, C, D]", "C", ["DE": "AA", "CN": "B", "TR": "C", "AR": "D"], ["C", "D"]),
        ("Coface", "[A1, A2, A3, A4, B, C, D, E]", "C", ["DE": "A2", "CN": "B", "TR": "C", "AR": "D"], ["C", "D"]),
    ])
    func otherRatingScales(name: String, grades: String, highFrom: String, ratings: [String: String], high: [String]) throws {
        let config = try ConfigLoader.parse(yaml: """
            reporting_currency: EUR
            inputs: {customers: c.csv, items: i.csv}
            country_risk_scale:
              name: \(name)
              grades: \(grades)
              high_risk_from: \(highFrom)
              ecl_multiplier: {\(highFrom): 2.0}
            stress:
              - name: China down one
                downgrade: {CN: 1}
            """, path: "test.yml")
        let scale = config.scale
        #expect(scale.name == name && scale.highRiskFrom == highFrom)
        let customers = ["DE", "CN", "TR", "AR"].map { Customer(id: $0, country: $0) }
        var ledger = Ledger(customers: customers, policy: config.policy, asOf: Day(iso: "2026-11-20")!)
        for c in 0..<4 {
            ledger.post(OpenItem(customerIndex: Int32(c), documentDate: Day(iso: "2026-11-01")!, dueDate: Day(iso: "2026-12-01")!,
                                 amount: Money(whole: 1_000), openAmount: Money(whole: 1_000)))
        }
        let a = PortfolioAnalysis(customers: customers, ledger: ledger, ratings: ratings, scale: scale, stress: config.stress)
        #expect(a.countryRisk.highRiskExposure == Money(whole: 2_000))               // TR and AR
        #expect(a.countryRisk.byGrade.map(\.grade) == scale.grades + ["unrated"])
        #expect(a.countryRisk.byCountry.filter(\.highRisk).map(\.country).sorted() == ["AR", "TR"])
        // ECL: 1,000 not due × 0.3% each; TR's grade has multiplier 2 → 3 + 3 + 6 + 3 = 15.
        #expect(a.ecl == Money(whole: 15))
        // Downgrading China one notch: B → C under both scales, into high risk.
        #expect(a.stress[0].moved.map { "\($0.country) \($0.from ?? "-") \($0.to ?? "-")" } == ["CN B C"])
        #expect(a.stress[0].after.highRiskExposure == Money(whole: 3_000))
        #expect(a.stress[0].after.ecl == Money(whole: 18))
    }
}
