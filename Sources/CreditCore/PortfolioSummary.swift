/// The headline figures of the receivables book (METRICS.md: AR, aging, overdue).
public struct PortfolioSummary: Sendable, Equatable {
    public struct AgingLine: Sendable, Equatable {
        public var bucket: String
        public var amount: Money
        public var count: Int
    }

    public var grossAR: Money
    public var credits: Money
    public var netAR: Money { grossAR + credits }
    public var overdue: Money
    /// overdue / gross AR; nil when there is no gross AR.
    public var overdueShare: Double? { grossAR.isPositive ? overdue.ratio(to: grossAR) : nil }
    public var protractedDefault: Money
    public var disputed: Money
    public var aging: [AgingLine]
    public var creditCount: Int
    /// Σ e_c over customers.
    public var totalExposure: Money
    public var customersWithExposure: Int

    public init(ledger: Ledger) {
        var gross: Int64 = 0, credits: Int64 = 0, overdue: Int64 = 0, protracted: Int64 = 0, disputed: Int64 = 0
        var exposure: Int64 = 0, withExposure = 0
        let labels = ledger.policy.agingBuckets.labels
        var amounts = Array(repeating: Int64(0), count: labels.count)
        for c in 0..<ledger.customerCount {
            gross += ledger.grossOpen[c]
            credits += ledger.credits[c]
            overdue += ledger.overdue[c]
            protracted += ledger.protractedDefault[c]
            disputed += ledger.disputed[c]
            let e = ledger.exposure(of: c).units
            exposure += e
            if e > 0 { withExposure += 1 }
            for b in labels.indices { amounts[b] += ledger.bucket(b, of: c).units }
        }
        self.grossAR = Money(units: gross)
        self.credits = Money(units: credits)
        self.overdue = Money(units: overdue)
        self.protractedDefault = Money(units: protracted)
        self.disputed = Money(units: disputed)
        self.creditCount = Int(ledger.creditItemCount)
        self.totalExposure = Money(units: exposure)
        self.customersWithExposure = withExposure
        self.aging = labels.indices.map { AgingLine(bucket: labels[$0], amount: Money(units: amounts[$0]), count: Int(ledger.bucketItems[$0])) }
    }
}
