import Testing
@testable import CreditCore

/// The month-end trend, hand-computed. As of 2026-05-15 (mid-month), so the trend's month-ends are the 12
/// before it: 2025-05-31 … 2026-04-30. Buckets [30, 60] → not due, 1-30, 31-60, >60; loss rates 1%, 5%,
/// 10%, 50%. K1 has 30-day terms, K2 none.
///
/// | item | customer | type | issued | due | amount | open at D | cleared |
/// |---|---|---|---|---|---:|---:|---|
/// | A paid late | K1 | invoice | 01-10 | 02-09 | 1,000 | 0 | 03-20 |
/// | B still open | K1 | invoice | 02-05 | (terms) 03-07 | 2,000 | 2,000 | – |
/// | C part-paid | K2 | invoice | 01-20 | 01-31 | 800 | 300 | – |
/// | D credit note | K2 | credit_note | 03-10 | – | −150 | −150 | – |
/// | P payment on account | K1 | payment | 02-15 | – | −500 | 0 | 03-05 |
/// | F paid on time | K2 | invoice | 04-02 | 05-02 | 1,200 | 0 | 04-28 |
/// | H issued and paid on month-ends | K1 | invoice | 03-31 | 04-30 | 500 | 0 | 04-30 |
///
/// Balance at a past day: A, P, F, H at their original amount until cleared; C at 300 (what it still owes).
/// 2025-05-31 … 2025-12-31: nothing issued yet — every figure 0, overdue share and DSO null.
/// 2026-01-31: A 1,000 (dpd −9) and C 300 (dpd 0) not due → buckets [1,300, 0, 0, 0]; gross 1,300,
///   credits 0, net 1,300, overdue 0, share 0; ECL 1,300 × 1% = 13.
///   Sales Nov + Dec + Jan = 0 + 0 + 1,800 (A, C) over 30 + 31 + 31 = 92 days → DSO 1,300 / 1,800 × 92.
/// 2026-02-28: A 1-30 (dpd 19) 1,000, B not due (dpd −7) 2,000, C 1-30 (dpd 28) 300, P −500 →
///   buckets [2,000, 1,300, 0, 0]; gross 3,300, credits −500, net 2,800, overdue 1,300, share 1,300 / 3,300;
///   ECL 20 + 65 = 85. Sales Dec + Jan + Feb = 0 + 1,800 + 2,000 = 3,800 over 31 + 31 + 28 = 90 days →
///   DSO 2,800 / 3,800 × 90.
/// 2026-03-31: A and P cleared; B 1-30 (dpd 24) 2,000, C 31-60 (dpd 59) 300, H not due (issued that day,
///   dpd −30) 500, D −150 → buckets [500, 2,000, 300, 0]; gross 2,800, credits −150, net 2,650, overdue 2,300,
///   share 2,300 / 2,800; ECL 5 + 100 + 30 = 135. Sales Jan + Feb + Mar = 1,800 + 2,000 + 500 (H) = 4,300
///   over 31 + 28 + 31 = 90 days → DSO 2,650 / 4,300 × 90.
/// 2026-04-30: H cleared that day, F cleared 04-28; B 31-60 (dpd 54) 2,000, C >60 (dpd 89) 300, D −150 →
///   buckets [0, 0, 2,000, 300]; gross 2,300, credits −150, net 2,150, overdue 2,300, share 1; ECL 200 + 150
///   = 350. Sales Feb + Mar + Apr = 2,000 + 500 + 1,200 (F) = 3,700 over 28 + 31 + 30 = 89 days →
///   DSO 2,150 / 3,700 × 89.
@Suite struct MonthEndTrendTests {
    static let asOf = Day(iso: "2026-05-15")!
    static let customers = [Customer(id: "K1", paymentTermsDays: 30), Customer(id: "K2")]
    static let policy = CreditPolicy(agingBuckets: AgingBuckets(upperBounds: [30, 60])!, eclLossRates: [0.01, 0.05, 0.10, 0.50])
    static func d(_ s: String) -> Day { Day(iso: s)! }
    static func m(_ whole: Int64) -> Money { Money(whole: whole) }

    static let items: [OpenItem] = {
        func item(_ c: Int32, _ type: DocumentType, _ issued: String, due: String? = nil, _ amount: Int64, open: Int64,
                  cleared: String? = nil) -> OpenItem {
            OpenItem(customerIndex: c, type: type, documentDate: d(issued), dueDate: due.map(d), amount: m(amount),
                     openAmount: m(open), clearedDate: cleared.map(d))
        }
        return [
            item(0, .invoice, "2026-01-10", due: "2026-02-09", 1000, open: 0, cleared: "2026-03-20"),    // A
            item(0, .invoice, "2026-02-05", 2000, open: 2000),                                           // B
            item(1, .invoice, "2026-01-20", due: "2026-01-31", 800, open: 300),                          // C
            item(1, .creditNote, "2026-03-10", -150, open: -150),                                         // D
            item(0, .payment, "2026-02-15", -500, open: 0, cleared: "2026-03-05"),                        // P
            item(1, .invoice, "2026-04-02", due: "2026-05-02", 1200, open: 0, cleared: "2026-04-28"),    // F
            item(0, .invoice, "2026-03-31", due: "2026-04-30", 500, open: 0, cleared: "2026-04-30"),     // H
        ]
    }()

    static func ledger(_ items: ArraySlice<OpenItem> = items[...]) -> Ledger {
        var l = Ledger(customers: customers, policy: policy, asOf: asOf)
        for item in items { l.post(item) }
        return l
    }

    typealias Expected = (day: String, buckets: [Int64], credits: Int64, ecl: Int64, dso: Double?)

    @Test func everyFigureByHand() {
        let trend = MonthEndTrend(ledger: Self.ledger())
        #expect(trend.rows.count == 12)
        #expect(trend.rows.map(\.day.iso) == ["2025-05-31", "2025-06-30", "2025-07-31", "2025-08-31", "2025-09-30", "2025-10-31",
                                               "2025-11-30", "2025-12-31", "2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30"])
        for row in trend.rows.prefix(8) {
            #expect(row.buckets == [.zero, .zero, .zero, .zero] && row.credits == .zero && row.netAR == .zero, "\(row.day)")
            #expect(row.overdueShare == nil && row.dso == nil && row.ecl == .zero, "\(row.day)")
        }
        let expected: [Expected] = [
            ("2026-01-31", [1300, 0, 0, 0], 0, 13, 1300.0 / 1800 * 92),
            ("2026-02-28", [2000, 1300, 0, 0], -500, 85, 2800.0 / 3800 * 90),
            ("2026-03-31", [500, 2000, 300, 0], -150, 135, 2650.0 / 4300 * 90),
            ("2026-04-30", [0, 0, 2000, 300], -150, 350, 2150.0 / 3700 * 89),
        ]
        let gross: [Int64] = [1300, 3300, 2800, 2300], net: [Int64] = [1300, 2800, 2650, 2150], overdue: [Int64] = [0, 1300, 2300, 2300]
        let share = [0, 1300.0 / 3300, 2300.0 / 2800, 1]
        for (k, (row, e)) in zip(trend.rows.suffix(4), expected).enumerated() {
            #expect(row.day.iso == e.day)
            #expect(row.buckets == e.buckets.map(Self.m), "\(e.day)")
            #expect(row.grossAR == Self.m(gross[k]) && row.credits == Self.m(e.credits) && row.netAR == Self.m(net[k]), "\(e.day)")
            #expect(row.overdue == Self.m(overdue[k]) && row.overdueShare == share[k], "\(e.day)")
            #expect(row.ecl == Self.m(e.ecl), "\(e.day)")
            #expect(row.dso == e.dso, "\(e.day)")
        }
    }

    /// The analysis carries the same trend.
    @Test func partOfTheAnalysis() {
        let a = PortfolioAnalysis(customers: Self.customers, ledger: Self.ledger(), ratings: [:])
        #expect(a.trend == MonthEndTrend(ledger: Self.ledger()))
    }

    /// The month of D counts only when D is its last day.
    @Test func monthEnds() {
        let atMonthEnd = Ledger(customers: Self.customers, policy: Self.policy, asOf: Self.d("2026-04-30"))
        #expect(atMonthEnd.trendMonthEnds.first == Self.d("2025-05-31") && atMonthEnd.trendMonthEnds.last == Self.d("2026-04-30"))
        let midMonth = Ledger(customers: Self.customers, policy: Self.policy, asOf: Self.d("2026-05-01"))
        #expect(midMonth.trendMonthEnds == atMonthEnd.trendMonthEnds)
    }

    /// Taking items back out leaves no trace, one item or all of them.
    @Test func unpostTakesItBack() {
        var l = Self.ledger()
        let extra = OpenItem(customerIndex: 1, documentDate: Self.d("2025-11-03"), dueDate: Self.d("2025-12-03"), amount: Self.m(70),
                             openAmount: Self.m(70))
        l.post(extra)
        #expect(MonthEndTrend(ledger: l) != MonthEndTrend(ledger: Self.ledger()))
        l.unpost(extra)
        // (Not the whole ledger: the earliest item month, which count-back DSO uses, is not taken back.)
        #expect(l.trendBuckets == Self.ledger().trendBuckets && l.trendCredits == Self.ledger().trendCredits)
        #expect(l.portfolioMonthlySales == Self.ledger().portfolioMonthlySales)
        #expect(MonthEndTrend(ledger: l) == MonthEndTrend(ledger: Self.ledger()))
        for item in Self.items { l.unpost(item) }
        #expect(l.trendBuckets.allSatisfy { $0 == 0 } && l.trendCredits.allSatisfy { $0 == 0 })
        #expect(MonthEndTrend(ledger: l) == MonthEndTrend(ledger: Self.ledger([])))
    }

    /// Two halves posted apart and merged give what posting everything gives; customers added later change
    /// nothing in the trend.
    @Test func mergeOfTwoHalvesEqualsPostingAll() {
        var first = Self.ledger(Self.items[..<3])
        first.merge(Self.ledger(Self.items[3...]))
        #expect(first == Self.ledger())
        #expect(MonthEndTrend(ledger: first) == MonthEndTrend(ledger: Self.ledger()))
        var grown = Self.ledger()
        grown.addCustomers([Customer(id: "K3")])
        #expect(MonthEndTrend(ledger: grown) == MonthEndTrend(ledger: Self.ledger()))
    }
}
