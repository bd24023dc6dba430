import CreditCore

/// Display formats for the report: amounts with digit groups, shares as percentages. Written by hand
/// (no Foundation formatters) so that output is identical on every machine and locale.
enum NumberText {
    /// `1,234,567.89` (2 decimals) or `1,234,568` (0 decimals), half away from zero.
    static func amount(_ m: Money, decimals: Int = 2) -> String {
        // Over the UTF-8 bytes: the watchlist words an amount for each of its lines (143,000 on the benchmark
        // book), and counting Characters for every digit made this the slowest part of writing them.
        let plain = m.plain(decimals: decimals).utf8
        var out: [UInt8] = []
        out.reserveCapacity(plain.count + plain.count / 3)
        var digits = plain[...]
        if digits.first == UInt8(ascii: "-") { out.append(UInt8(ascii: "-")); digits = digits.dropFirst() }
        let point = digits.firstIndex(of: UInt8(ascii: ".")) ?? digits.endIndex
        group(digits[..<point], into: &out)
        out.append(contentsOf: digits[point...])
        return String(decoding: out, as: UTF8.self)
    }

    static func grouped(_ digits: String) -> String {
        var out: [UInt8] = []
        group(digits.utf8[...], into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Digits with a comma before each group of three from the right.
    private static func group(_ digits: Substring.UTF8View, into out: inout [UInt8]) {
        let n = digits.count
        for (i, b) in digits.enumerated() {
            if i > 0 && (n - i) % 3 == 0 { out.append(UInt8(ascii: ",")) }
            out.append(b)
        }
    }

    /// `37.0%` from a fraction; `–` when there is none.
    static func percent(_ fraction: Double?, decimals: Int = 1) -> String {
        guard let f = fraction, f.isFinite else { return "–" }
        return fixed(f * 100, decimals: decimals) + "%"
    }

    /// A ratio with fixed decimals, rounded half away from zero.
    static func fixed(_ v: Double?, decimals: Int) -> String {
        guard let v, v.isFinite else { return "–" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let r = (abs(v) * scale).rounded(.toNearestOrAwayFromZero)
        // Scaled past 9e15 (2^53), the value's decimals are not held exactly, and past 2^63 the conversion to
        // Int64 traps: whole digits only. Only ratios come here; an ECL multiplier of 1e17 trapped.
        guard r < 9e15 else {
            let a = abs(v)
            return (v < 0 ? "-" : "") + (a < 1.8e19 ? grouped(String(UInt64(a.rounded()))) : "\(a)")
        }
        let whole = Int64(r / scale), frac = Int64(r) - whole * Int64(scale)
        var text = grouped(String(whole))
        if decimals > 0 {
            let f = String(frac)
            text += "." + String(repeating: "0", count: decimals - f.count) + f
        }
        return (v < 0 && r != 0 ? "-" : "") + text
    }
}
