import CreditCore
import Foundation
import Testing
@testable import CreditReportKit

/// The month-end trend of the bundled sample in metrics.json, against the oracle's brute force over every
/// item and month-end (`fixtures/sample/expected.json`, key `trend`): money to the cent, the overdue share to
/// 1e-9, DSO (days, about 80) to 1e-9 of its value. The oracle keeps every digit of each converted amount
/// where we keep 1/10,000, so net AR and sales differ by fractions of a cent: DSO by up to 1.7e-9 days, and
/// the oracle run with `--item-quantum 0.0001` gives our DSO exactly.
@Suite struct TrendTests {
    static func number(_ v: Any?) -> Double? { (v as? NSNumber)?.doubleValue }

    static func close(_ a: Any?, _ b: Any?, relative: Bool) -> Bool {
        switch (number(a), number(b)) {
        case (nil, nil): return a is NSNull && b is NSNull
        case let (x?, y?): return abs(x - y) <= 1e-9 * (relative ? max(1, abs(y)) : 1)
        default: return false
        }
    }

    @Test func matchesTheOracle() throws {
        let (run, ours, expected) = try SampleReportTests.run()
        let rows = try #require(ours["trend"] as? [[String: Any]])
        let oracle = try #require(expected["trend"] as? [[String: Any]])
        #expect(rows.count == 12)
        #expect(rows.map { $0["month_end"] as? String } == oracle.map { $0["month_end"] as? String })
        #expect(rows.last?["month_end"] as? String == "2026-10-31")      // as of 2026-11-20: October is the last
        #expect(run.analysis.trend.rows.map(\.day) == run.analysis.rollRates.monthEnds.suffix(12))
        for (a, e) in zip(rows, oracle) {
            let day = a["month_end"] as? String ?? "?"
            for key in ["gross_ar", "credits", "net_ar", "overdue", "ecl_before_multipliers"] {
                #expect(Self.number(a[key]) != nil && Self.number(a[key]) == Self.number(e[key]), "\(day) \(key)")
            }
            let bucketsA = (a["buckets"] as? [Any] ?? []).map(Self.number), bucketsE = (e["buckets"] as? [Any] ?? []).map(Self.number)
            #expect(bucketsA.count == 7 && bucketsA == bucketsE, "\(day) buckets")
            #expect(Self.close(a["overdue_share"], e["overdue_share"], relative: false), "\(day) overdue_share")
            #expect(Self.close(a["dso"], e["dso"], relative: true), "\(day) dso: \(a["dso"] ?? "nil") vs \(e["dso"] ?? "nil")")
        }
    }
}
