/// A calendar date as a day number (days since 1970-01-01), so that date arithmetic on the hot path is
/// integer subtraction. `days(a, b) = b - a` in METRICS.md is `b.number - a.number`.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The earliest as-of date a report can describe: the ledger looks back 30 years of month-ends (roll
    /// rates), and the calendar here starts at year 1.
    public static let earliestAsOf = Day(number: -25_567)   // 1900-01-01
    public var number: Int32

    public init(number: Int32) { self.number = number }

    /// Builds a day from a proleptic Gregorian date; nil when the date does not exist (2026-02-30).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= Day.daysIn(month: month, year: year) else { return nil }
        // Days-from-civil, after Howard Hinnant's public-domain date algorithms.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        self.number = Int32(era * 146_097 + doe - 719_468)
    }

    /// The (year, month, day) of this day number. Inlinable, with `withISODigits`: called from other modules
    /// unspecialised, the generic took a run-time metadata look-up per date (`perf`, metrics.json's lines).
    @inlinable
    public var civil: (year: Int, month: Int, day: Int) {
        let z = Int(number) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public func adding(days: Int) -> Day { Day(number: number + Int32(days)) }

    /// Calendar days from `self` to `other` (`other - self`).
    public func days(to other: Day) -> Int { Int(other.number) - Int(number) }

    /// ISO 8601 `YYYY-MM-DD`.
    public var iso: String {
        if let text = withISODigits({ String(decoding: $0, as: UTF8.self) }) { return text }
        let (y, m, d) = civil
        let year = String(abs(y))
        return (y < 0 ? "-" : "") + String(repeating: "0", count: max(0, 4 - year.count)) + year
            + "-" + (m < 10 ? "0" : "") + String(m) + "-" + (d < 10 ? "0" : "") + String(d)
    }

    /// Hands `body` the 10 bytes of `iso`, written digit by digit on the stack (reports and metrics.json print
    /// millions of dates); nil, without calling `body`, for a year outside 0…9999.
    @inlinable
    public func withISODigits<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        let (y, m, d) = civil
        guard (0...9999).contains(y) else { return nil }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 10) { b in
            let zero = UInt8(ascii: "0")
            b[0] = zero + UInt8(y / 1000); b[1] = zero + UInt8(y / 100 % 10); b[2] = zero + UInt8(y / 10 % 10)
            b[3] = zero + UInt8(y % 10); b[4] = UInt8(ascii: "-"); b[5] = zero + UInt8(m / 10); b[6] = zero + UInt8(m % 10)
            b[7] = UInt8(ascii: "-"); b[8] = zero + UInt8(d / 10); b[9] = zero + UInt8(d % 10)
            return body(UnsafeBufferPointer(b))
        }
    }

    /// Parses ISO `YYYY-MM-DD`; nil for anything else or an impossible date.
    public init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public var description: String { iso }
    public static func < (lhs: Day, rhs: Day) -> Bool { lhs.number < rhs.number }
}
