import Testing
@testable import CreditCore

/// Published worked examples, computed by the formulas the report uses.
@Suite struct PublishedExamplesTests {
    /// IFRS 9 Illustrative Examples, Example 12 (provision matrix): 15.0m current @0.3%, 7.5m 1-30 @1.6%,
    /// 4.0m 31-60 @3.6%, 2.5m 61-90 @6.6%, 1.0m >90 @10.6% → 45,000 + 120,000 + 144,000 + 165,000 +
    /// 106,000 = 580,000.
    @Test func ifrs9ProvisionMatrix() {
        let balances = [15_000_000, 7_500_000, 4_000_000, 2_500_000, 1_000_000].map { Money(whole: $0) }
        let ecl = ExpectedCreditLoss.provisionMatrix(balances: balances, lossRates: [0.003, 0.016, 0.036, 0.066, 0.106])
        #expect(Money(rounding: ecl) == Money(whole: 580_000))
    }

    /// CEI: begin 6,200, sales 10,890 over 3 months, end 6,340, end current 3,590 → 79.63% (period sales)
    /// or 55.93% (monthly sales, 10,890 / 3).
    @Test func collectionEffectivenessIndex() {
        func cei(_ mode: CreditPolicy.CEISales) -> Double? {
            CollectionKPIs(asOf: Day(iso: "2026-11-20")!, periodDays: 90, ceiSales: mode, netAR: Money(whole: 6_340),
                           notDue: Money(whole: 3_590), sales: Money(whole: 10_890), arBegin: Money(whole: 6_200),
                           monthlySales: [], paid: (.zero, 0, 0)).cei
        }
        #expect(abs(cei(.period)! - 79.63) < 0.005)
        #expect(abs(cei(.monthly)! - 55.93) < 0.005)
    }

    /// DSO 45, best possible DSO 12, average days delinquent 33 on AR 15,000, sales 10,000 in 30 days,
    /// current (not due) 4,000.
    @Test func dsoBestPossibleAndDaysDelinquent() {
        let k = CollectionKPIs(asOf: Day(iso: "2026-11-20")!, periodDays: 30, ceiSales: .period, netAR: Money(whole: 15_000),
                               notDue: Money(whole: 4_000), sales: Money(whole: 10_000), arBegin: .zero,
                               monthlySales: [], paid: (.zero, 0, 0))
        #expect(abs(k.dso! - 45) < 1e-9)
        #expect(abs(k.bestPossibleDSO! - 12) < 1e-9)
        #expect(abs(k.averageDaysDelinquent! - 33) < 1e-9)
    }

    @Test func noSalesHistoryGivesNullNotZero() {
        let k = CollectionKPIs(asOf: Day(iso: "2026-11-20")!, periodDays: 90, ceiSales: .period, netAR: Money(whole: 500),
                               notDue: .zero, sales: .zero, arBegin: .zero, monthlySales: [], paid: (.zero, 0, 0))
        #expect(k.dso == nil && k.bestPossibleDSO == nil && k.averageDaysDelinquent == nil)
        #expect(k.averageDaysToPay == nil && k.averageDaysBeyondTerms == nil)
        #expect(k.countBackDSO == nil)   // AR left and no months of sales to count back through
    }
}

/// Count-back DSO, hand-computed. As of 2026-11-20, net AR 100,000; sales November (1-20) 40,000,
/// October 50,000, September 30,000: November takes 40,000 (20 days), October 50,000 (31 days), the
/// remaining 10,000 is a third of September's sales → 10 of its 30 days. 20 + 31 + 10 = 61.
@Suite struct CountBackDSOTests {
    let asOf = Day(iso: "2026-11-20")!
    let sales = [40_000, 50_000, 30_000].map { Money(whole: $0) }

    @Test func walksBackThroughTheMonths() {
        #expect(abs(CollectionKPIs.countBack(netAR: Money(whole: 100_000), asOf: asOf, monthlySales: sales)! - 61) < 1e-9)
    }
    @Test func withinTheMonthOfTheAsOfDate() {
        // 10,000 of November's 40,000 → a quarter of its 20 days.
        #expect(abs(CollectionKPIs.countBack(netAR: Money(whole: 10_000), asOf: asOf, monthlySales: sales)! - 5) < 1e-9)
    }
    @Test func historyRunningOutIsNull() {
        #expect(CollectionKPIs.countBack(netAR: Money(whole: 130_000), asOf: asOf, monthlySales: sales) == nil)
    }
    @Test func noNetARIsZero() {
        #expect(CollectionKPIs.countBack(netAR: Money(whole: -5), asOf: asOf, monthlySales: sales) == 0)
    }
}
