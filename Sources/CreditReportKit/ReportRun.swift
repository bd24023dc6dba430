import CreditCore
import CreditIngest

/// What one run read and computed: the analysis plus the accounting of every input row.
public struct ReportRun: Sendable {
    public struct InputFile: Sendable {
        public var name: String
        /// customers, items, fx or country_risk.
        public var role: String
        public var counts: RowCounts
    }

    public var reportingCurrency: String
    public var analysis: PortfolioAnalysis
    public var files: [InputFile]
    public var rejects: [Reject]
    /// Warnings that reject nothing (a limit in a currency without a rate, …).
    public var warnings: [Diagnostic]
    public var fxRates: [String: Rate]

    public var totalCounts: RowCounts { files.reduce(RowCounts()) { $0 + $1.counts } }
}
