import Testing
@testable import CreditCore

/// A stress scenario, hand-computed. Default loss rates; OECD multipliers (grade 2: 1.1, 4: 1.4, 7: 2.5).
/// CN (grade 2) 1,000 not due; VN (grade 4) 500 in 1-30; DE (grade 0) 2,000 not due; no insurance.
/// ECL before: 1,000 × 0.003 × 1.1 = 3.3; 500 × 0.016 × 1.4 = 11.2; 2,000 × 0.003 = 6 → 20.5.
/// Scenario CN −2 (→ 4), VN −5 (→ 7, the worst): 1,000 × 0.003 × 1.4 = 4.2; 500 × 0.016 × 2.5 = 20; 6 → 30.2.
/// High risk (from grade 5): 0 before, VN's 500 after. Average score (3,500 rated): before
/// (1,000 × 2 + 500 × 4) / 3,500 = 1.142857; after (1,000 × 4 + 500 × 7) / 3,500 = 2.142857.
@Suite struct StressTests {
    static let asOf = Day(iso: "2026-11-20")!
    static let customers = [Customer(id: "CN1", country: "CN"), Customer(id: "VN1", country: "VN"), Customer(id: "DE1", country: "DE"),
                            Customer(id: "MA1", country: "MA")]
    static let ratings = ["CN": "2", "VN": "4", "DE": "0"]

    static func analysis(_ scenarios: [StressScenario]) -> PortfolioAnalysis {
        var l = Ledger(customers: customers, policy: CreditPolicy(), asOf: asOf)
        func item(_ c: Int32, _ amount: Int64, due: String) -> OpenItem {
            OpenItem(customerIndex: c, documentDate: Day(iso: "2026-10-01")!, dueDate: Day(iso: due)!, amount: Money(whole: amount),
                     openAmount: Money(whole: amount))
        }
        l.post(item(0, 1_000, due: "2026-12-01"))
        l.post(item(1, 500, due: "2026-11-10"))
        l.post(item(2, 2_000, due: "2026-12-01"))
        return PortfolioAnalysis(customers: customers, ledger: l, ratings: ratings, scale: .oecd, stress: scenarios)
    }

    @Test func downgradeRecomputesOverlayAndECL() {
        let a = Self.analysis([StressScenario(name: "Asia", downgrades: [("CN", 2), ("VN", 5), ("MA", 1)])])
        #expect(a.ecl == Money(units: 205_000))
        let r = a.stress[0]
        #expect(r.moved == [.init(country: "CN", from: "2", to: "4"), .init(country: "VN", from: "4", to: "7"),
                            .init(country: "MA", from: nil, to: nil)])
        #expect(r.before.ecl == Money(units: 205_000))
        #expect(r.after.ecl == Money(units: 302_000))
        #expect(r.eclChange == Money(units: 97_000))
        #expect(r.before.highRiskExposure == .zero && r.after.highRiskExposure == Money(whole: 500))
        #expect(abs(r.before.averageScore! - 8.0 / 7) < 1e-12)
        #expect(abs(r.after.averageScore! - 15.0 / 7) < 1e-12)
        // The unstressed figures are left alone.
        #expect(a.countryRisk.highRiskExposure == .zero)
        #expect(a.risks.map(\.grade) == ["2", "4", "0", "unrated"])
    }
}

/// One customer per watchlist rule, as of 2026-11-20, policy defaults (notify 60 / claim 180 days past
/// due, protracted default > 90) and rule defaults (notify within 14 days, disputes ≥ 10,000, cap 10%,
/// rising over 30 days by > 10%, protracted default ≥ 5,000).
@Suite struct WatchlistTests {
    static let asOf = Day(iso: "2026-11-20")!
    static func d(_ s: String) -> Day { Day(iso: s)! }

    @Test func eachRuleFiresWhereItShould() {
        let customers = [
            Customer(id: "OVER", country: "DE", creditLimit: Money(whole: 100_000)),                    // 0: breach
            Customer(id: "NOLIM", country: "DE"),                                                       // 1: no limit
            Customer(id: "NOTIFY", country: "DE", creditLimit: Money(whole: 1_000_000), insuredLimit: Money(whole: 50_000)), // 2
            Customer(id: "CLAIM", country: "DE", creditLimit: Money(whole: 1_000_000), insuredLimit: Money(whole: 50_000)),  // 3
            Customer(id: "TR", country: "TR", creditLimit: Money(whole: 1_000_000)),                    // 4: rising, high risk
            Customer(id: "DISP", country: "DE", creditLimit: Money(whole: 1_000_000)),                  // 5: dispute
            Customer(id: "SMALL", country: "DE", creditLimit: Money(whole: 2_000_000)),                 // 6: residual only
        ]
        var l = Ledger(customers: customers, policy: CreditPolicy(), asOf: Self.asOf)
        var deadlines = InsurerDeadlines(policy: CreditPolicy(), asOf: Self.asOf, notifyWithinDays: 14)
        var documents = 0
        func post(_ c: Int32, _ amount: Int64, issued: String, due: String, disputed: Bool = false) {
            let item = OpenItem(customerIndex: c, documentDate: Self.d(issued), dueDate: Self.d(due), amount: Money(whole: amount),
                                openAmount: Money(whole: amount), disputed: disputed)
            l.post(item)
            if customers[Int(c)].insuredLimit != nil && Self.d(due) < Self.asOf {
                documents += 1
                deadlines.add(customer: c, dueDate: Self.d(due), openAmount: item.openAmount, disputed: disputed) { "D\(documents)" }
            }
        }
        post(0, 150_000, issued: "2026-11-01", due: "2026-12-01")          // 150,000 over a limit of 100,000
        post(1, 20_000, issued: "2026-11-01", due: "2026-12-01")
        post(2, 30_000, issued: "2026-08-01", due: "2026-09-25")           // notify by 11-24: in 4 days
        post(3, 40_000, issued: "2026-04-01", due: "2026-05-01")           // 203 days: claim from 10-28
        post(4, 10_000, issued: "2026-10-01", due: "2026-12-01")           // before the 30 days
        post(4, 12_000, issued: "2026-11-10", due: "2027-01-09")           // after: 10,000 → 22,000
        post(5, 15_000, issued: "2026-10-01", due: "2026-12-01", disputed: true)
        post(6, 900, issued: "2026-01-01", due: "2026-02-01")              // protracted, but under 5,000
        post(6, 1_500_000, issued: "2026-11-01", due: "2026-12-01")       // 1.5m of 1.78m: over the 10% cap (OVER: 8.4%)
        let a = PortfolioAnalysis(customers: customers, ledger: l, ratings: ["DE": "0", "TR": "5"], deadlines: deadlines.sorted)
        let got = a.watchlist.map { "\(customers[$0.customerIndex].id) \($0.rule.rawValue)" }
        #expect(got == ["CLAIM protracted_default", "NOTIFY insurer_notification", "OVER over_limit", "DISP large_dispute",
                        "TR high_risk_rising", "SMALL single_name_concentration", "NOLIM no_limit"])
        let claim = a.watchlist[0]
        #expect(claim.insured && claim.claimable && claim.date == Self.d("2026-10-28") && claim.amount == Money(whole: 40_000))
        let notify = a.watchlist[1]
        #expect(notify.date == Self.d("2026-11-24") && notify.items == 1 && notify.amount == Money(whole: 30_000))
        #expect(a.watchlist[2].amount == Money(whole: 50_000))
        let rising = a.watchlist[4]
        #expect(rising.earlierExposure == Money(whole: 10_000) && rising.amount == Money(whole: 12_000))
    }

    /// Most urgent rule first, then the largest amount of exposure, then customer id: in input order
    /// K5 300, K1 500, K9 300, K3 500, K7 100, K2 300, none with a limit (2,000 in all). Over the 10% cap
    /// (more than 200): all but K7. Ties of exposure go by id, whatever the input order.
    @Test func linesAreOrderedByRuleThenExposureThenID() {
        let ids = ["K5", "K1", "K9", "K3", "K7", "K2"], amounts: [Int64] = [300, 500, 300, 500, 100, 300]
        let customers = ids.map { Customer(id: $0, country: "DE") }
        var l = Ledger(customers: customers, policy: CreditPolicy(), asOf: Self.asOf)
        for (c, amount) in amounts.enumerated() {
            l.post(OpenItem(customerIndex: Int32(c), documentDate: Self.d("2026-11-01"), dueDate: Self.d("2026-12-01"),
                            amount: Money(whole: amount), openAmount: Money(whole: amount)))
        }
        let a = PortfolioAnalysis(customers: customers, ledger: l, ratings: ["DE": "0"])
        #expect(a.watchlist.map { "\(ids[$0.customerIndex]) \($0.rule.rawValue)" } == [
            "K1 single_name_concentration", "K3 single_name_concentration", "K2 single_name_concentration",
            "K5 single_name_concentration", "K9 single_name_concentration",
            "K1 no_limit", "K3 no_limit", "K2 no_limit", "K5 no_limit", "K9 no_limit", "K7 no_limit"])
        #expect(a.watchlist.map(\.exposure) == [500, 500, 300, 300, 300, 500, 500, 300, 300, 300, 100].map { Money(whole: $0) })
    }

    /// Exposures past the sort key's 2^60 units (more than the ledger's bound allows a run to reach) still come
    /// largest first, behind a smaller one: they share the key's end and are ordered by the full comparison.
    @Test func exposuresPastTheKeyStillInOrder() {
        let ids = ["H1", "H2", "S"], units: [Int64] = [(1 << 61) + 10, (1 << 61) + 20, 5_000_000]
        let customers = ids.map { Customer(id: $0, country: "DE") }
        var l = Ledger(customers: customers, policy: CreditPolicy(), asOf: Self.asOf)
        for (c, u) in units.enumerated() {
            l.post(OpenItem(customerIndex: Int32(c), documentDate: Self.d("2026-11-01"), dueDate: Self.d("2026-12-01"),
                            amount: Money(units: u), openAmount: Money(units: u)))
        }
        var rules = WatchlistRules()
        rules.singleNameCap = nil
        let a = PortfolioAnalysis(customers: customers, ledger: l, ratings: ["DE": "0"], watchlist: rules)
        #expect(a.watchlist.map { "\(ids[$0.customerIndex]) \($0.rule.rawValue)" } == ["H2 no_limit", "H1 no_limit", "S no_limit"])
    }

    @Test func rulesCanBeTurnedOff() {
        let customers = [Customer(id: "NOLIM", country: "DE")]
        var l = Ledger(customers: customers, policy: CreditPolicy(), asOf: Self.asOf)
        l.post(OpenItem(customerIndex: 0, documentDate: Self.d("2026-11-01"), dueDate: Self.d("2026-12-01"), amount: Money(whole: 5),
                        openAmount: Money(whole: 5)))
        var rules = WatchlistRules()
        rules.noLimit = false
        rules.singleNameCap = nil
        #expect(PortfolioAnalysis(customers: customers, ledger: l, ratings: [:], watchlist: rules).watchlist.isEmpty)
        #expect(PortfolioAnalysis(customers: customers, ledger: l, ratings: [:]).watchlist.map(\.rule) == [.singleNameConcentration, .noLimit])
    }
}
