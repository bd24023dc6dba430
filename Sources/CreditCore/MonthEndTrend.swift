/// The book at each of the last 12 month-ends on or before D, rebuilt from the ledger's history
/// (docs/analytics.md: Month-end trend): AR, overdue, aging, ECL at the configured loss rates and DSO, for
/// the quarterly credit-policy review. Every item counts at its balance at a past day: the original amount
/// until cleared, the open amount at D when still open.
public struct MonthEndTrend: Sendable, Equatable {
    /// The figures at one month-end `M`.
    public struct Row: Sendable, Equatable {
        /// The month-end `M`.
        public var day: Day
        /// Σ positive balances open at `M`.
        public var grossAR: Money
        /// Σ negative balances open at `M` (≤ 0).
        public var credits: Money
        /// `grossAR + credits`.
        public var netAR: Money
        /// Positive balances open at `M` whose due date is before `M` (`days(due, M) ≥ 1`).
        public var overdue: Money
        /// `overdue / grossAR`; nil when there is no gross AR.
        public var overdueShare: Double?
        /// Positive balances at `M` per aging bucket (`not due`, then one per bucket of the policy), aged by
        /// `days(due, M)`.
        public var buckets: [Money]
        /// `Σ_b bucket_b × r_b` at the configured loss rates (`policy.eclLossRates`), rounded half away from
        /// zero to 1/10,000: the provision matrix alone, BEFORE country multipliers and insurance — unlike
        /// the portfolio ECL at D, which applies both.
        public var ecl: Money
        /// `netAR / S × days`, where `S` = credit sales issued in the three calendar months ending at `M` and
        /// `days` = the number of days in those three months; nil when `S` is 0.
        public var dso: Double?
    }

    /// One row per month-end, oldest first (`Ledger.trendMonthEnds`).
    public var rows: [Row]

    /// The trend of a posted ledger, with the ledger's policy (aging buckets, configured loss rates).
    public init(ledger: Ledger) {
        let policy = ledger.policy
        let bucketCount = ledger.bucketCount
        var rows: [Row] = []
        rows.reserveCapacity(ledger.trendMonthEnds.count)
        for (j, day) in ledger.trendMonthEnds.enumerated() {
            let buckets = (0..<bucketCount).map { Money(units: ledger.trendBuckets[j * bucketCount + $0]) }
            let gross = buckets.reduce(Money.zero, +)
            let overdue = gross - buckets[0]
            let credits = Money(units: ledger.trendCredits[j])
            let net = gross + credits
            var ecl = 0.0
            for (b, amount) in buckets.enumerated() where b < policy.eclLossRates.count {
                ecl += policy.eclLossRates[b] * amount.doubleValue
            }
            // Sales and days of the month of M and the two before it.
            let month = ledger.firstTrendMonth + j
            var sales: Int64 = 0, days = 0
            for k in (month - 2)...month {
                let slot = k - Ledger.firstMonthNumber
                if slot >= 0 && slot < ledger.portfolioMonthlySales.count { sales += ledger.portfolioMonthlySales[slot] }
                days += Day.daysIn(month: k % 12 + 1, year: k / 12)
            }
            rows.append(Row(day: day, grossAR: gross, credits: credits, netAR: net, overdue: overdue,
                            overdueShare: gross.isPositive ? overdue.ratio(to: gross) : nil,
                            buckets: buckets, ecl: Money(rounding: ecl),
                            dso: sales > 0 ? net.ratio(to: Money(units: sales)) * Double(days) : nil))
        }
        self.rows = rows
    }
}
