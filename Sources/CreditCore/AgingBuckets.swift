/// The overdue buckets of an aging report, from their upper bounds in days past due
/// (default 30, 60, 90, 180, 365 → `not due`, `1-30`, `31-60`, `61-90`, `91-180`, `181-365`, `>365`).
public struct AgingBuckets: Sendable, Equatable {
    public let upperBounds: [Int]

    /// Nil unless the bounds are positive and strictly increasing.
    public init?(upperBounds: [Int]) {
        guard let first = upperBounds.first, first >= 1 else {
            if upperBounds.isEmpty { self.upperBounds = []; return }
            return nil
        }
        for (a, b) in zip(upperBounds, upperBounds.dropFirst()) where b <= a { return nil }
        self.upperBounds = upperBounds
    }

    public static let standard = AgingBuckets(upperBounds: [30, 60, 90, 180, 365])!

    /// Number of buckets including `not due`.
    public var count: Int { upperBounds.count + 2 }

    public var labels: [String] {
        var labels = ["not due"]
        var lower = 1
        for bound in upperBounds {
            labels.append("\(lower)-\(bound)")
            lower = bound &+ 1   // only the last bound can be Int.max, and nothing follows it
        }
        labels.append(">\(upperBounds.last ?? 0)")
        return labels
    }

    /// Bucket index for `daysPastDue`: 0 is `not due` (dpd ≤ 0).
    @inline(__always)
    public func index(daysPastDue dpd: Int) -> Int {
        if dpd <= 0 { return 0 }
        for (i, bound) in upperBounds.enumerated() where dpd <= bound { return i + 1 }
        return upperBounds.count + 1
    }
}
