/// The credit policy parameters that shape the figures (`policy:` in the config).
public struct CreditPolicy: Sendable, Equatable {
    public var agingBuckets: AgingBuckets
    /// Positive open amounts more than this many days past due are in protracted default.
    public var protractedDefaultDays: Int

    public init(agingBuckets: AgingBuckets = .standard, protractedDefaultDays: Int = 90) {
        self.agingBuckets = agingBuckets
        self.protractedDefaultDays = protractedDefaultDays
    }
}
