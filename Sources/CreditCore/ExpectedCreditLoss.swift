/// IFRS 9 simplified approach: a provision matrix of loss rates per aging bucket, scaled by the country
/// multiplier and reduced by insurance (METRICS.md: Expected credit loss).
public enum ExpectedCreditLoss {
    /// `Σ_b min(1, r_b × m) × bal_b × (1 − indemnity × min(1, insured_limit / G))`, in currency units; 0 when
    /// G ≤ 0. A rate times the multiplier is capped at 1: nobody loses more than is owed (docs/analytics.md).
    public static func provisionMatrix(balances: some Collection<Money>, lossRates: [Double], multiplier: Double = 1,
                                       insuredLimit: Money? = nil, indemnity: Double = 0) -> Double {
        var gross = Money.zero
        for bal in balances { gross += bal }
        guard gross.isPositive else { return 0 }
        var sum = 0.0
        for (r, bal) in zip(lossRates, balances) { sum += min(1, r * multiplier) * bal.doubleValue }
        let coverShare = min(1, (insuredLimit ?? .zero).ratio(to: gross))
        return sum * (1 - indemnity * coverShare)
    }
}

/// Loss rates observed in the ledger's own history by the roll-rate method (docs/analytics.md: Roll-rate
/// loss rates), beside the configured provision matrix.
public struct RollRates: Sendable, Equatable {
    public struct Line: Sendable, Equatable {
        public var bucket: String
        public var configured: Double
        /// Balance in the bucket at the month-ends, summed over the transitions.
        public var balance: Money
        /// Share of the bucket's balance in a later bucket one month-end later.
        public var monthlyRollRate: Double?
        /// Of what left the bucket, the share that left by ageing rather than payment.
        public var rollRate: Double?
        /// Product of roll rates to the last bucket (1 for the last bucket).
        public var observed: Double?
    }

    public var lines: [Line]
    /// Month-ends looked at, oldest first.
    public var monthEnds: [Day]

    public var observedLossRates: [Double]? {
        let rates = lines.compactMap(\.observed)
        return rates.count == lines.count ? rates : nil
    }

    public init(labels: [String], configured: [Double], balance: [Money], stay: [Money], rolled: [Money], monthEnds: [Day]) {
        self.monthEnds = monthEnds
        var lines: [Line] = []
        for b in labels.indices {
            let bal = balance[b]
            let left = bal - stay[b]
            lines.append(Line(bucket: labels[b], configured: b < configured.count ? configured[b] : 0, balance: bal,
                              monthlyRollRate: bal.isPositive ? rolled[b].ratio(to: bal) : nil,
                              rollRate: left.isPositive && b < labels.count - 1 ? rolled[b].ratio(to: left) : nil,
                              observed: nil))
        }
        var next: Double? = 1
        for b in lines.indices.reversed() {
            if b == lines.count - 1 { lines[b].observed = 1; continue }
            if let r = lines[b].rollRate, let n = next { next = r * n } else { next = nil }
            lines[b].observed = next
        }
        self.lines = lines
    }
}
