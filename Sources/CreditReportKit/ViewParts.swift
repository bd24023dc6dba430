import CreditCore

/// Small pieces every report view uses.
enum ViewParts {
    /// `part / total`, nil when there is no total.
    static func share(_ part: Money, of total: Money) -> Double? {
        total.isPositive ? part.ratio(to: total) : nil
    }

    /// A table-cell bar: its width in percent (at least 1 when there is anything), the rest of the row,
    /// and whether each shows at all.
    static func bar(_ fraction: Double?) -> [String: Any] {
        let width = min(100, max(0, Int(((fraction ?? 0) * 100).rounded())))
        let shown = (fraction ?? 0) > 0 ? max(1, width) : 0
        return ["bar": String(shown), "barRest": String(100 - shown), "hasBar": shown > 0, "hasRest": shown < 100]
    }
}
