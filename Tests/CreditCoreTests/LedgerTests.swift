import Testing
@testable import CreditCore

/// A hand-computed book: as of 2026-11-20, two customers.
///   C1 (terms 30): invoice 1,000 due 2026-11-25 (not due); invoice 500 due 2026-10-21 (30 dpd → 1-30);
///                  invoice 200 due 2026-08-01 (111 dpd → 91-180, protracted, disputed);
///                  invoice without due date, issued 2026-09-01 → due 2026-10-01 by terms (50 dpd → 31-60), 300;
///                  credit note -400; cleared invoice (open 0) 999.
///   C2 (no terms): invoice 100 issued 2024-11-01, no due date → due on issue (749 dpd → >365); payment -250.
/// Gross 2,100; credits -650; net 1,450; overdue 1,100; protracted 300 (200 + 100); disputed 200.
/// Exposure C1 = 1,600, C2 = max(0, -150) = 0.
@Suite struct LedgerTests {
    static let asOf = Day(iso: "2026-11-20")!
    static let customers = [Customer(id: "C1", paymentTermsDays: 30), Customer(id: "C2")]

    static func d(_ s: String) -> Day { Day(iso: s)! }
    static func m(_ whole: Int64) -> Money { Money(whole: whole) }

    static func ledger() -> Ledger {
        var l = Ledger(customers: customers, policy: CreditPolicy(), asOf: asOf)
        let items = [
            OpenItem(customerIndex: 0, documentDate: d("2026-10-26"), dueDate: d("2026-11-25"), amount: m(1000), openAmount: m(1000)),
            OpenItem(customerIndex: 0, documentDate: d("2026-09-21"), dueDate: d("2026-10-21"), amount: m(500), openAmount: m(500)),
            OpenItem(customerIndex: 0, documentDate: d("2026-07-01"), dueDate: d("2026-08-01"), amount: m(200), openAmount: m(200), disputed: true),
            OpenItem(customerIndex: 0, documentDate: d("2026-09-01"), amount: m(300), openAmount: m(300)),
            OpenItem(customerIndex: 0, type: .creditNote, documentDate: d("2026-11-01"), amount: m(-400), openAmount: m(-400)),
            OpenItem(customerIndex: 0, documentDate: d("2026-06-01"), dueDate: d("2026-07-01"), amount: m(999), openAmount: .zero,
                     clearedDate: d("2026-07-03")),
            OpenItem(customerIndex: 1, documentDate: d("2024-11-01"), amount: m(100), openAmount: m(100)),
            OpenItem(customerIndex: 1, type: .payment, documentDate: d("2026-11-10"), amount: m(-250), openAmount: m(-250)),
        ]
        for item in items { l.post(item) }
        return l
    }

    /// The ledger's bucket table gives `AgingBuckets.index` for every number of days past due, inside the
    /// table and beyond it, for the standard bounds, a single bound and none.
    @Test func bucketTableMatchesTheBounds() {
        // Also bounds past the table's 65,536 days, the largest bound there is, and more buckets than a byte counts.
        for bounds in [[30, 60, 90, 180, 365], [7], [] as [Int], [1, 2, 3], [30, 100_000], [30, Int.max], Array(1...300)] {
            let buckets = AgingBuckets(upperBounds: bounds)!
            let l = Ledger(customers: [], policy: CreditPolicy(agingBuckets: buckets), asOf: Self.asOf)
            l.bucketOfDays.withUnsafeBufferPointer { table in
                let last = min(bounds.last ?? 0, 1 << 17)
                for dpd in Array(-3...400) + Array(stride(from: 400, through: last + 400, by: 97)) + [last, last + 1, Int.max] {
                    #expect(Ledger.bucket(daysPastDue: dpd, table, buckets) == buckets.index(daysPastDue: dpd), "\(bounds.count) bounds, \(dpd)")
                }
            }
        }
    }

    @Test func headlineFigures() {
        let s = PortfolioSummary(ledger: Self.ledger())
        #expect(s.grossAR == Self.m(2100))
        #expect(s.credits == Self.m(-650))
        #expect(s.netAR == Self.m(1450))
        #expect(s.overdue == Self.m(1100))
        #expect(s.overdueShare == 1100.0 / 2100.0)
        #expect(s.protractedDefault == Self.m(300))
        #expect(s.disputed == Self.m(200))
        #expect(s.totalExposure == Self.m(1600))
        #expect(s.customersWithExposure == 1)
        #expect(s.creditCount == 2)
    }

    @Test func agingBuckets() {
        let s = PortfolioSummary(ledger: Self.ledger())
        #expect(s.aging.map(\.bucket) == ["not due", "1-30", "31-60", "61-90", "91-180", "181-365", ">365"])
        #expect(s.aging.map(\.amount) == [1000, 500, 300, 0, 200, 0, 100].map { Self.m($0) })
        #expect(s.aging.map(\.count) == [1, 1, 1, 0, 1, 0, 1])
    }

    @Test func exposureNeverNegative() {
        let l = Self.ledger()
        #expect(l.exposure(of: 0) == Self.m(1600))
        #expect(l.exposure(of: 1) == .zero)
    }

    @Test func mergeEqualsPostingEverythingInOne() {
        var a = Ledger(customers: Self.customers, policy: CreditPolicy(), asOf: Self.asOf)
        var b = a
        let item1 = OpenItem(customerIndex: 0, documentDate: Self.d("2026-10-01"), dueDate: Self.d("2026-10-31"), amount: Self.m(7), openAmount: Self.m(7))
        let item2 = OpenItem(customerIndex: 1, documentDate: Self.d("2026-11-01"), amount: Self.m(-3), openAmount: Self.m(-3))
        a.post(item1)
        b.post(item2)
        a.merge(b)
        var both = Ledger(customers: Self.customers, policy: CreditPolicy(), asOf: Self.asOf)
        both.post(item1)
        both.post(item2)
        #expect(a == both)
    }

    @Test func unpostTakesBackExactly() {
        var l = Self.ledger()
        let item = OpenItem(customerIndex: 0, documentDate: Self.d("2026-01-01"), dueDate: Self.d("2026-02-01"), amount: Self.m(5), openAmount: Self.m(5), disputed: true)
        let before = l
        l.post(item)
        #expect(l != before)
        l.unpost(item)
        #expect(l == before)
    }

    /// Totals are 64-bit: the ledger says when the amounts posted could have made one wrap around. With the
    /// default 12 roll-rate months there are 13 month-ends, so the limit is Int64.max / 14 =
    /// 658,812,288,346,769,700 units (about 65.9 trillion); 10^18 with a single month-end (`rollRateMonths` 0
    /// gives 1: Int64.max / 2 is more than 10^18).
    @Test func amountsPastTheRangeAreFlagged() {
        var l = Ledger(customers: Self.customers, policy: CreditPolicy(), asOf: Self.asOf)
        #expect(l.volumeLimit == 658_812_288_346_769_700)
        #expect(Ledger(customers: Self.customers, policy: CreditPolicy(rollRateMonths: 0), asOf: Self.asOf).volumeLimit
                == 1_000_000_000_000_000_000)
        // 99,999,999,999,999 (the largest whole amount an input takes), open in full: 10^18 units of amount
        // and 10^18 of open amount, so not even one such item fits.
        let huge = Money(whole: 99_999_999_999_999)
        l.post(OpenItem(customerIndex: 0, documentDate: Self.d("2026-11-01"), amount: huge, openAmount: huge))
        #expect(l.volume == 1_999_999_999_999_980_000)
        #expect(!l.isWithinRange)
        // A credit counts by its size, and taking an item back does not lower the bound.
        var k = Ledger(customers: Self.customers, policy: CreditPolicy(), asOf: Self.asOf)
        let credit = Money(units: -300_000_000_000_000_000)
        let item = OpenItem(customerIndex: 1, type: .creditNote, documentDate: Self.d("2026-11-01"), amount: credit, openAmount: credit)
        k.post(item)
        #expect(k.volume == 600_000_000_000_000_000)
        #expect(k.isWithinRange)
        k.unpost(item)
        k.post(OpenItem(customerIndex: 0, documentDate: Self.d("2026-11-02"), amount: Self.m(5_881_228_834_676), openAmount: .zero,
                        clearedDate: Self.d("2026-11-03")))
        // 600,000,000,000,000,000 + 58,812,288,346,760,000 (open 0) = 658,812,288,346,760,000: still within.
        #expect(k.volume == 658_812_288_346_760_000)
        #expect(k.isWithinRange)
        // Merged ledgers add their bounds: 2 × 658,812,288,346,760,000 is past the limit.
        var m = k
        m.merge(k)
        #expect(!m.isWithinRange)
        // The day-weighted totals have their own bound: a sale of 10^15 units (100 billion) due on issue and
        // paid in the period 9,999 days later weighs 10^15 × (9,999 + 9,999) ≈ 2 × 10^19, past Int64.max,
        // though its amount alone fits.
        var d = Ledger(customers: Self.customers, policy: CreditPolicy(), asOf: Self.asOf)
        d.post(OpenItem(customerIndex: 0, documentDate: Self.d("1999-07-05"), dueDate: Self.d("1999-07-05"),
                        amount: Money(units: 1_000_000_000_000_000), openAmount: .zero, clearedDate: Self.d("2026-11-19")))
        #expect(d.volume == 1_000_000_000_000_000)
        #expect(!d.isWithinRange)
    }

    @Test func configurableBucketsAndProtractedThreshold() {
        let policy = CreditPolicy(agingBuckets: AgingBuckets(upperBounds: [15, 45])!, protractedDefaultDays: 20)
        var l = Ledger(customers: Self.customers, policy: policy, asOf: Self.asOf)
        l.post(OpenItem(customerIndex: 0, documentDate: Self.d("2026-10-01"), dueDate: Self.d("2026-10-30"), amount: Self.m(10), openAmount: Self.m(10))) // 21 dpd
        let s = PortfolioSummary(ledger: l)
        #expect(s.aging.map(\.bucket) == ["not due", "1-15", "16-45", ">45"])
        #expect(s.aging[2].amount == Self.m(10))
        #expect(s.protractedDefault == Self.m(10))
    }

    @Test func bucketBoundaries() {
        let b = AgingBuckets.standard
        #expect(b.index(daysPastDue: 0) == 0)
        #expect(b.index(daysPastDue: 1) == 1)
        #expect(b.index(daysPastDue: 30) == 1)
        #expect(b.index(daysPastDue: 31) == 2)
        #expect(b.index(daysPastDue: 365) == 5)
        #expect(b.index(daysPastDue: 366) == 6)
        #expect(AgingBuckets(upperBounds: [30, 30]) == nil)
        #expect(AgingBuckets(upperBounds: [0, 30]) == nil)
    }
}
