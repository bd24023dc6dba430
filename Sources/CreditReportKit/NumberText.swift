import CreditCore

/// Display formats for the report: amounts with digit groups, shares as percentages. Written by hand
/// (no Foundation formatters) so that output is identical on every machine and locale.
enum NumberText {
    /// `1,234,567.89` (2 decimals) or `1,234,568` (0 decimals), half away from zero.
    static func amount(_ m: Money, decimals: Int = 2) -> String {
        let plain = m.plain(decimals: decimals)
        var sign = "", body = Substring(plain)
        if body.hasPrefix("-") { sign = "-"; body = body.dropFirst() }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        let whole = grouped(String(parts[0]))
        return sign + whole + (parts.count > 1 ? "." + parts[1] : "")
    }

    static func grouped(_ digits: String) -> String {
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(ch)
        }
        return out
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
        let whole = Int64(r / scale), frac = Int64(r) - whole * Int64(scale)
        var text = grouped(String(whole))
        if decimals > 0 {
            let f = String(frac)
            text += "." + String(repeating: "0", count: decimals - f.count) + f
        }
        return (v < 0 && r != 0 ? "-" : "") + text
    }
}
