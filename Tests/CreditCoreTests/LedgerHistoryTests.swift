import Testing
@testable import CreditCore

/// The ledger's history, hand-computed. One customer, as of 2026-03-31 (a month-end), buckets
/// [30, 60] → not due, 1-30, 31-60, >60; the sales period is the 90 days 2026-01-01 … 2026-03-31;
/// roll-rate month-ends 2026-01-31, 2026-02-28, 2026-03-31 (two transitions).
///
/// | sale | amount | issued | due | cleared | open at D |
/// |---|---:|---|---|---|---:|
/// | A | 100 | 01-10 | 01-20 | – | 100 |
/// | B | 200 | 01-15 | 02-14 | 02-20 | 0 |
/// | C | 50 | 01-05 | 02-04 | – (part-paid) | 20 |
/// | D | 400 | 02-10 | 03-12 | 03-20 | 0 |
/// | E | 80 | 2025-12-01 | 2025-12-10 | 03-05 | 0 |
/// | F | 60 | 01-20 | 03-20 | – | 60 |
/// | G | 500 | 01-02 | 01-25 | 02-10 | 0 |
///
/// Month-end buckets (balance at a past day: C counts 20, what it still owes):
/// 01-31: A 1-30, B not due, C not due, E 31-60, F not due, G 1-30.
/// 02-28: A 31-60, C 1-30, D not due, E >60, F not due (B, G paid).
/// 03-31: A >60, C 31-60, F 1-30 (D, E paid).
/// not due: balance B200 + C20 + F60 (Jan) + D400 + F60 (Feb) = 740; stays F60; rolls C20 + F60 = 80
///          → monthly 80/740, roll rate 80 / (740 − 60) = 0.1176470588.
/// 1-30:    A100 + G500 (Jan) + C20 (Feb) = 620; rolls A100 + C20 = 120 → 120/620 = 0.1935483871.
/// 31-60:   E80 (Jan) + A100 (Feb) = 180, all roll → 1.
/// >60:     E80 (Feb), paid; last bucket → loss rate 1.
/// Loss rates: 31-60 = 1, 1-30 = 0.1935483871, not due = 0.1176470588 × 0.1935483871 = 0.0227703985.
///
/// Collection: sales in the period (issued 01-01 … 03-31) A+B+C+D+F+G = 1,310; AR at the start (issued by
/// 2025-12-31, not cleared by then) E 80; net AR 180 (A 100, C 20, F 60), none of it not due.
/// DSO = 180 / 1,310 × 90 = 12.3664122; CEI = (80 + 1,310 − 180) / (80 + 1,310 − 0) × 100 = 87.0503597.
/// Paid in the period: B 36 days (6 late), D 38 (8), E 94 (85), G 39 (16) on 200, 400, 80, 500 (Σ 1,180):
/// days to pay 49,420 / 1,180 = 41.8813559; beyond terms 19,200 / 1,180 = 16.2711864.
/// Count-back: March sales 0 (31 days), February 400 ≥ 180 → 31 + 180/400 × 28 = 43.6.
/// Balance 30 days back (2026-03-01): A 100, C 20, D 400, E 80, F 60 = 660.
@Suite struct LedgerHistoryTests {
    static let asOf = Day(iso: "2026-03-31")!
    static func d(_ s: String) -> Day { Day(iso: s)! }
    static func m(_ whole: Int64) -> Money { Money(whole: whole) }

    static func ledger() -> Ledger {
        let policy = CreditPolicy(agingBuckets: AgingBuckets(upperBounds: [30, 60])!, eclLossRates: [0.01, 0.02, 0.03, 0.04],
                                  rollRateMonths: 2)
        var l = Ledger(customers: [Customer(id: "K")], policy: policy, asOf: asOf, earlierExposureDays: 30)
        func sale(_ amount: Int64, _ issued: String, _ due: String, cleared: String? = nil, open: Int64 = 0) -> OpenItem {
            OpenItem(customerIndex: 0, documentDate: d(issued), dueDate: d(due), amount: m(amount), openAmount: m(open),
                     clearedDate: cleared.map(d))
        }
        let items = [
            sale(100, "2026-01-10", "2026-01-20", open: 100),
            sale(200, "2026-01-15", "2026-02-14", cleared: "2026-02-20"),
            sale(50, "2026-01-05", "2026-02-04", open: 20),
            sale(400, "2026-02-10", "2026-03-12", cleared: "2026-03-20"),
            sale(80, "2025-12-01", "2025-12-10", cleared: "2026-03-05"),
            sale(60, "2026-01-20", "2026-03-20", open: 60),
            sale(500, "2026-01-02", "2026-01-25", cleared: "2026-02-10"),
        ]
        for item in items { l.post(item) }
        return l
    }

    @Test func monthEnds() {
        #expect(Self.ledger().monthEnds == [Self.d("2026-01-31"), Self.d("2026-02-28"), Self.d("2026-03-31")])
    }

    @Test func rollRatesAndObservedLossRates() {
        let a = PortfolioAnalysis(customers: [Customer(id: "K")], ledger: Self.ledger(), ratings: [:])
        let lines = a.rollRates.lines
        #expect(lines.map(\.bucket) == ["not due", "1-30", "31-60", ">60"])
        #expect(lines.map(\.balance) == [Self.m(740), Self.m(620), Self.m(180), Self.m(80)])
        #expect(abs(lines[0].monthlyRollRate! - 80.0 / 740) < 1e-12)
        #expect(abs(lines[0].rollRate! - 0.1176470588) < 1e-9)
        #expect(abs(lines[1].rollRate! - 0.1935483871) < 1e-9)
        #expect(lines[2].rollRate == 1)
        #expect(lines[3].monthlyRollRate == 0 && lines[3].rollRate == nil)
        #expect(lines[3].observed == 1 && lines[2].observed == 1)
        #expect(abs(lines[1].observed! - 0.1935483871) < 1e-9)
        #expect(abs(lines[0].observed! - 0.0227703985) < 1e-9)
    }

    @Test func collectionKPIs() {
        let a = PortfolioAnalysis(customers: [Customer(id: "K")], ledger: Self.ledger(), ratings: [:])
        for k in [a.collection, a.risks[0].collection] {
            #expect(k.sales == Self.m(1310))
            #expect(k.arBegin == Self.m(80))
            #expect(abs(k.dso! - 12.3664122) < 1e-6)
            #expect(k.bestPossibleDSO == 0)
            #expect(abs(k.cei! - 87.0503597) < 1e-6)
            #expect(abs(k.averageDaysToPay! - 41.8813559) < 1e-6)
            #expect(abs(k.averageDaysBeyondTerms! - 16.2711864) < 1e-6)
            #expect(abs(k.countBackDSO! - 43.6) < 1e-9)
        }
    }

    @Test func balanceThirtyDaysBack() {
        let ledger = Self.ledger()
        #expect(ledger.customerCount == 1)
        #expect(ledger.earlierBalance[0] == 660 * Money.scale)
    }

    /// Taking an item back out (a repeated document found later) undoes every history figure too.
    @Test func unpostUndoesHistory() {
        var l = Self.ledger()
        let extra = OpenItem(customerIndex: 0, documentDate: Self.d("2026-01-03"), dueDate: Self.d("2026-01-13"), amount: Self.m(70),
                             openAmount: Self.m(70))
        l.post(extra)
        l.unpost(extra)
        #expect(l == Self.ledger())
    }
}
