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
        #expect(c.read == 2743 && c.used == 2731 && c.rejected == 9 && c.skipped == 3)   // 2,735 CSV rows + 8 UBL documents
        #expect(run.files.allSatisfy { $0.counts.reconciles })
    }

    /// The deliberately bad rows, as listed in fixtures/sample/README.md.
    @Test func badRowsAreRejectedWhereTheReadmeSays() throws {
        let (run, _, _) = try Self.run()
        let got = run.rejects.map { "\($0.file):\($0.line) \($0.field)" }
        #expect(got == ["items.csv:2530 customer_id", "items.csv:2531 document_date", "items.csv:2532 open_amount",
                        "items.csv:2533 document_id", "items.csv:2534 currency", "items.csv:2535 disputed", "items.csv:2536 type",
                        "items.csv:2537 currency", "items-gmbh.csv:109 document_date"])
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
        #expect(a.count == 61)   // 60 in customers.csv + C070, taken from its UBL invoices
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
        #expect(a["unrated_countries"] as! [String] == ["DK", "MA"])
        let gradesE = Dictionary(uniqueKeysWithValues: (e["by_grade"] as! [[String: Any]]).map { ($0["grade"] as! String, Self.number($0["exposure"])!) })
        for g in a["by_grade"] as! [[String: Any]] {
            #expect(Self.number(g["exposure"])! == (gradesE[g["grade"] as! String] ?? 0), "\(g["grade"]!)")
        }
    }

    /// Ratios computed from fixed-point sums here and from `Decimal` in the oracle agree to far better than
    /// this; money must agree to the cent.
    static let ratioTolerance = 1e-7

    static func same(_ a: Any?, _ b: Any?) -> Bool {
        switch (number(a), number(b)) {
        case (nil, nil): return (a == nil || a is NSNull) && (b == nil || b is NSNull)
        case let (x?, y?): return x == y || abs(x - y) <= ratioTolerance * max(1, abs(y))
        default: return false
        }
    }

    @Test func collectionInsuranceAndECLMatchTheOracle() throws {
        let (_, ours, expected) = try Self.run()
        let a = ours["portfolio"] as! [String: Any], e = expected["portfolio"] as! [String: Any]
        for key in ["credit_sales", "ecl", "insured_exposure", "indemnified_exposure", "uninsured_exposure"] {
            #expect(Self.number(a[key]) == Self.number(e[key]), "portfolio.\(key)")
        }
        // AR at the start of the period sums original amounts each converted to 1/10,000 (the oracle keeps
        // every digit of the product): a cent apart on 11.5m.
        #expect(abs(Self.number(a["ar_begin"])! - Self.number(e["ar_begin"])!) <= 0.0100001)
        for key in ["dso", "best_possible_dso", "add", "cei", "count_back_dso", "average_days_to_pay", "average_days_beyond_terms"] {
            #expect(Self.number(a[key]) != nil && Self.same(a[key], e[key]), "portfolio.\(key): \(a[key] ?? "nil") vs \(e[key] ?? "nil")")
        }
        #expect(a["cei_sales"] as? String == "period")
        let ins = ours["insurance"] as! [String: Any], insE = expected["insurance"] as! [String: Any]
        #expect(Self.number(ins["insured_customers"]) == Self.number(insE["insured_customers"]))
        let short = ins["shortfalls"] as! [[String: Any]], shortE = insE["shortfalls"] as! [[String: Any]]
        #expect(short.map { $0["customer_id"] as! String } == shortE.map { $0["customer_id"] as! String })
        #expect(short.map { Self.number($0["shortfall"])! } == shortE.map { Self.number($0["shortfall"])! })
        let dl = ours["insurer_deadlines"] as! [[String: Any]], dlE = insE["deadlines"] as! [[String: Any]]
        #expect(Self.number(ins["deadlines"]) == Double(dlE.count))
        #expect(dl.count == dlE.count && dl.count > 30)
        // One line per insured customer with overdue items (its oldest sets the dates, the rest are counted);
        // same set, ours ordered by date, then customer in input order.
        #expect(Set(dl.map { $0["customer_id"] as! String }).count == dl.count)
        #expect(dl.contains { Self.number($0["overdue_items"])! > 1 })
        let order = { (d: [String: Any]) in "\(d["due_date"]!) \(d["customer_id"]!)" }
        #expect(dl.map { $0["due_date"] as! String } == dl.map { $0["due_date"] as! String }.sorted())
        for (x, y) in zip(dl.sorted { order($0) < order($1) }, dlE.sorted { order($0) < order($1) }) {
            for key in ["customer_id", "document_id", "due_date", "notify_by", "claim_from"] {
                #expect(x[key] as? String == y[key] as? String, "deadline \(y["document_id"]!).\(key)")
            }
            for key in ["open_amount", "days_past_due", "days_to_notify", "days_to_claim", "overdue_items", "overdue_amount"] {
                #expect(Self.number(x[key]) == Self.number(y[key]), "deadline \(y["document_id"]!).\(key)")
            }
            #expect(x["disputed"] as? Bool == y["disputed"] as? Bool)
        }
        let ecl = ours["ecl"] as! [String: Any], eclE = expected["ecl"] as! [String: Any]
        #expect(Self.number(ecl["total"]) == Self.number(eclE["total"]))
        #expect(Self.number(ecl["total_at_observed_rates"]) == Self.number(eclE["total_at_observed_rates"]))
        #expect(ecl["month_ends"] as! [String] == eclE["month_ends"] as! [String])
        let rates = ecl["loss_rates"] as! [[String: Any]], ratesE = eclE["loss_rates"] as! [[String: Any]]
        #expect(rates.count == 7 && ratesE.count == 7)
        for (x, y) in zip(rates, ratesE) {
            let bucket = y["bucket"] as! String
            #expect(x["bucket"] as? String == bucket)
            for key in ["configured", "observed", "monthly_roll_rate", "roll_rate"] {
                #expect(Self.same(x[key], y[key]), "loss_rates[\(bucket)].\(key)")
            }
            // Items are converted to 1/10,000 one by one; the oracle keeps every digit, and the roll-rate
            // balances count each item up to 12 times, so they may differ by a cent.
            #expect(abs(Self.number(x["balance"])! - Self.number(y["balance"])!) <= 0.0100001, "loss_rates[\(bucket)].balance")
        }
    }

    @Test func perCustomerRiskFiguresMatchTheOracle() throws {
        let (_, ours, expected) = try Self.run()
        let e = Dictionary(uniqueKeysWithValues: (expected["customers"] as! [[String: Any]]).map { ($0["customer_id"] as! String, $0) })
        for c in ours["customers"] as! [[String: Any]] {
            let id = c["customer_id"] as! String
            let x = try #require(e[id])
            for key in ["ecl", "insured_exposure", "indemnified_exposure", "uninsured_exposure", "credit_sales", "disputed"] {
                #expect(Self.number(c[key]) == Self.number(x[key]), "\(id).\(key)")
            }
            for key in ["dso", "best_possible_dso", "add", "cei", "count_back_dso", "average_days_to_pay", "average_days_beyond_terms"] {
                #expect(Self.same(c[key], x[key]), "\(id).\(key): \(c[key] ?? "nil") vs \(x[key] ?? "nil")")
            }
            #expect(c["country_grade"] as? String == (x["country_grade"] as? String ?? "unrated"), "\(id).country_grade")
        }
    }

    @Test func overlayStressAndWatchlistMatchTheOracle() throws {
        let (_, ours, expected) = try Self.run()
        let a = ours["country_risk"] as! [String: Any], e = expected["country_risk"] as! [String: Any]
        #expect(Self.same(a["average_score"], e["average_score"]))
        #expect(Self.number(a["unrated_exposure"]) == Self.number(e["unrated_exposure"]))
        let countries = a["by_country"] as! [[String: Any]], countriesE = e["by_country"] as! [[String: Any]]
        #expect(countries.map { $0["country"] as! String } == countriesE.map { $0["country"] as! String })
        #expect(countries.map { Self.number($0["exposure"])! } == countriesE.map { Self.number($0["exposure"])! })
        #expect(countries.map { $0["grade"] as! String } == countriesE.map { $0["grade"] as! String })

        let stress = ours["stress"] as! [[String: Any]], stressE = expected["stress"] as! [[String: Any]]
        #expect(stress.count == 2 && stressE.count == 2)
        for (x, y) in zip(stress, stressE) {
            #expect(x["name"] as? String == y["name"] as? String)
            let moved = (x["moved"] as! [[String: Any]]).map { "\($0["country"]!):\($0["from"]!)→\($0["to"]!)" }
            let movedE = (y["moved"] as! [[String: Any]]).map { "\($0["country"]!):\($0["from"]!)→\($0["to"]!)" }
            #expect(moved == movedE)
            for part in ["before", "after", "difference"] {
                let p = x[part] as! [String: Any], q = y[part] as! [String: Any]
                #expect(Self.number(p["high_risk_exposure"]) == Self.number(q["high_risk_exposure"]), "\(part).high_risk_exposure")
                #expect(Self.number(p["ecl"]) == Self.number(q["ecl"]), "\(part).ecl")
                #expect(Self.same(p["average_score"], q["average_score"]), "\(part).average_score")
            }
        }

        let watch = ours["watchlist"] as! [[String: Any]], watchE = expected["watchlist"] as! [[String: Any]]
        func key(_ w: [String: Any]) -> String { "\(w["customer_id"]!) \(w["rule"]!)" }
        #expect(watch.map(key) == watchE.map(key))
        for (x, y) in zip(watch, watchE) {
            #expect(Self.number(x["amount"]) == Self.number(y["amount"]), "\(key(y)).amount")
            #expect((x["date"] as? String) == (y["date"] as? String), "\(key(y)).date")
            #expect(!(x["reason"] as! String).isEmpty && !(x["action"] as! String).isEmpty)
        }
        // Every rule shows on the sample, so that the report shows every kind of line.
        #expect(Set(watch.map { $0["rule"] as! String }) == Set(WatchlistEntry.Rule.allCases.map(\.rawValue)))
    }
}
