import CreditCore

/// Display formats for the report: amounts with digit groups, shares as percentages. Written by hand
/// (no Foundation formatters) so that output is identical on every machine and locale.
enum NumberText {
    /// `1,234,567.89` (2 decimals) or `1,234,568` (0 decimals), half away from zero.
    static func amount(_ m: Money, decimals: Int = 2) -> String {
        var text = ""
        write(amount: m, decimals: decimals, to: &text)
        return text
    }

    /// `amount`, written to `out` (no `String` made: the watchlist of `metrics.json` words an amount for each
    /// of its lines).
    static func write<S: TextSink & ~Copyable>(amount m: Money, decimals: Int = 2, to out: inout S) {
        let q = m.scaled(decimals: decimals)
        var p: UInt64 = 1
        for _ in 0..<decimals { p *= 10 }
        if q < 0 { out.write("-") }
        write(grouped: q.magnitude / p, to: &out)
        if decimals > 0 {
            out.write(".")
            write(q.magnitude % p, width: decimals, to: &out)
        }
    }

    /// A count with digit groups, `1,234`.
    static func grouped(_ n: Int) -> String {
        var text = ""
        write(grouped: n, to: &text)
        return text
    }

    static func write<S: TextSink & ~Copyable>(grouped n: Int, to out: inout S) {
        if n < 0 { out.write("-") }
        write(grouped: UInt64(n.magnitude), to: &out)
    }

    /// Digits with a comma before each group of three from the right.
    static func write<S: TextSink & ~Copyable>(grouped n: UInt64, to out: inout S) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { b in
            // At most 20 digits and 6 commas, written from the right.
            var i = 32, m = n, digits = 0
            repeat {
                if digits > 0 && digits % 3 == 0 { i -= 1; b[i] = UInt8(ascii: ",") }
                i -= 1
                b[i] = UInt8(ascii: "0") + UInt8(m % 10)
                m /= 10
                digits += 1
            } while m > 0
            out.write(UnsafeBufferPointer(rebasing: b[i...]))
        }
    }

    /// `n` in exactly `width` digits (at most 19), zeros in front.
    private static func write<S: TextSink & ~Copyable>(_ n: UInt64, width: Int, to out: inout S) {
        precondition((1...19).contains(width))
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { b in
            var m = n
            for i in stride(from: width - 1, through: 0, by: -1) {
                b[i] = UInt8(ascii: "0") + UInt8(m % 10)
                m /= 10
            }
            out.write(UnsafeBufferPointer(rebasing: b[..<width]))
        }
    }

    /// `37.0%` from a fraction; `–` when there is none.
    static func percent(_ fraction: Double?, decimals: Int = 1) -> String {
        var text = ""
        write(percent: fraction, decimals: decimals, to: &text)
        return text
    }

    static func write<S: TextSink & ~Copyable>(percent fraction: Double?, decimals: Int = 1, to out: inout S) {
        guard let f = fraction, f.isFinite else { out.write("–"); return }
        write(fixed: f * 100, decimals: decimals, to: &out)
        out.write("%")
    }

    /// A ratio with fixed decimals, rounded half away from zero.
    static func fixed(_ v: Double?, decimals: Int) -> String {
        var text = ""
        write(fixed: v, decimals: decimals, to: &text)
        return text
    }

    static func write<S: TextSink & ~Copyable>(fixed v: Double?, decimals: Int, to out: inout S) {
        guard let v, v.isFinite else { out.write("–"); return }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let r = (abs(v) * scale).rounded(.toNearestOrAwayFromZero)
        // Scaled past 9e15 (2^53), the value's decimals are not held exactly, and past 2^63 the conversion to
        // Int64 traps: whole digits only. Only ratios come here; an ECL multiplier of 1e17 trapped.
        guard r < 9e15 else {
            let a = abs(v)
            if v < 0 { out.write("-") }
            if a < 1.8e19 { write(grouped: UInt64(a.rounded()), to: &out) } else { out.write("\(a)") }
            return
        }
        let whole = Int64(r / scale), frac = Int64(r) - whole * Int64(scale)
        if v < 0 && r != 0 { out.write("-") }
        write(grouped: UInt64(whole), to: &out)
        if decimals > 0 {
            out.write(".")
            write(UInt64(frac), width: decimals, to: &out)
        }
    }
}
