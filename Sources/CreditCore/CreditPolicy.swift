/// The credit policy parameters that shape the figures (`policy:` in the config; docs/analytics.md).
public struct CreditPolicy: Sendable, Equatable {
    /// Which sales CEI compares collections with (vendors disagree).
    public enum CEISales: String, Sendable {
        /// The period's credit sales `S`.
        case period
        /// `S / (n / 30)` (Oracle's variant).
        case monthly
    }

    public var agingBuckets: AgingBuckets
    /// Positive open amounts more than this many days past due are in protracted default.
    public var protractedDefaultDays: Int
    /// `n`: the sales-based KPIs look at the period `[D−n+1, D]`.
    public var dsoPeriodDays: Int
    public var ceiSales: CEISales
    /// Share of an insured loss the insurer pays.
    public var indemnity: Double
    /// The insurer must be told of an overdue invoice by `due + notifyAfterDays`.
    public var notifyAfterDays: Int
    /// A protracted-default claim can be filed from `due + claimAfterDays`.
    public var claimAfterDays: Int
    /// Loss rate of `not due`, then of each overdue bucket (one per aging bucket).
    public var eclLossRates: [Double]
    /// Month-end to month-end transitions the roll-rate method looks at.
    public var rollRateMonths: Int

    public static let defaultLossRates = [0.003, 0.016, 0.036, 0.066, 0.106, 0.25, 0.50]

    public init(agingBuckets: AgingBuckets = .standard, protractedDefaultDays: Int = 90, dsoPeriodDays: Int = 90,
                ceiSales: CEISales = .period, indemnity: Double = 0.90, notifyAfterDays: Int = 60, claimAfterDays: Int = 180,
                eclLossRates: [Double]? = nil, rollRateMonths: Int = 12) {
        self.agingBuckets = agingBuckets
        self.protractedDefaultDays = protractedDefaultDays
        self.dsoPeriodDays = dsoPeriodDays
        self.ceiSales = ceiSales
        self.indemnity = indemnity
        self.notifyAfterDays = notifyAfterDays
        self.claimAfterDays = claimAfterDays
        self.eclLossRates = eclLossRates ?? CreditPolicy.defaultLossRates(count: agingBuckets.count)
        self.rollRateMonths = rollRateMonths
    }

    /// The default table when it fits the buckets; otherwise the default rates stretched to `count`
    /// (the last rate repeated). The report prints the table it used.
    public static func defaultLossRates(count: Int) -> [Double] {
        if count <= defaultLossRates.count { return Array(defaultLossRates.prefix(count)) }
        return defaultLossRates + Array(repeating: defaultLossRates.last!, count: count - defaultLossRates.count)
    }
}
