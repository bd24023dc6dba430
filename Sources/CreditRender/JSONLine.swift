/// Writes one flat JSON object — `{"key": value, "key": value}` — straight into a byte buffer, as
/// `JSONValue.serialised` would print it, without building a tree: `metrics.json` of a large book has a
/// line per customer and per overdue insured invoice (a million lines), and a tree per line was most of
/// the time of writing it.
public struct JSONLine {
    private var first = true

    public init(into out: inout [UInt8]) { out.append(UInt8(ascii: "{")) }

    public func end(_ out: inout [UInt8]) { out.append(UInt8(ascii: "}")) }

    @inline(__always)
    private mutating func key(_ k: StaticString, _ out: inout [UInt8]) {
        if !first { out.append(UInt8(ascii: ",")); out.append(UInt8(ascii: " ")) }
        first = false
        out.append(UInt8(ascii: "\""))
        out.append(contentsOf: UnsafeBufferPointer(start: k.utf8Start, count: k.utf8CodeUnitCount))
        out.append(UInt8(ascii: "\""))
        out.append(UInt8(ascii: ":"))
        out.append(UInt8(ascii: " "))
    }

    public mutating func string(_ k: StaticString, _ v: String?, _ out: inout [UInt8]) {
        key(k, &out)
        guard let v else { out.append(contentsOf: "null".utf8); return }
        JSONLine.quote(v, into: &out)
    }
    public mutating func int(_ k: StaticString, _ v: Int?, _ out: inout [UInt8]) {
        key(k, &out)
        guard let v else { out.append(contentsOf: "null".utf8); return }
        JSONLine.digits(Int64(v), into: &out)
    }
    public mutating func bool(_ k: StaticString, _ v: Bool?, _ out: inout [UInt8]) {
        key(k, &out)
        out.append(contentsOf: (v.map { $0 ? "true" : "false" } ?? "null").utf8)
    }
    /// A date as `"YYYY-MM-DD"`, written digit by digit: no `String` per date (three per insurer-deadline
    /// line); nil is null. A year outside 0…9999 is written as `text` gives it.
    public mutating func date(_ k: StaticString, _ v: (year: Int, month: Int, day: Int)?, text: () -> String, _ out: inout [UInt8]) {
        key(k, &out)
        guard let (y, m, d) = v else { out.append(contentsOf: "null".utf8); return }
        guard (0...9999).contains(y) else { JSONLine.quote(text(), into: &out); return }
        let zero = UInt8(ascii: "0"), dash = UInt8(ascii: "-"), q = UInt8(ascii: "\"")
        var bytes: (UInt64, UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &bytes) { b in
            b[0] = q
            b[1] = zero + UInt8(y / 1000); b[2] = zero + UInt8(y / 100 % 10); b[3] = zero + UInt8(y / 10 % 10); b[4] = zero + UInt8(y % 10)
            b[5] = dash; b[6] = zero + UInt8(m / 10); b[7] = zero + UInt8(m % 10)
            b[8] = dash; b[9] = zero + UInt8(d / 10); b[10] = zero + UInt8(d % 10)
            b[11] = q
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: b[0..<12]))
        }
    }
    public mutating func double(_ k: StaticString, _ v: Double?, _ out: inout [UInt8]) {
        key(k, &out)
        JSONLine.number(v, into: &out)
    }

    /// A double as JSON (a whole number without ".0", otherwise Swift's shortest round-trip digits; null
    /// when missing or not finite), written straight into `out`: the text of a ratio went through a
    /// `String` each time, half the time of the per-customer lines. `JSONValue.double` uses it too.
    public static func number(_ v: Double?, into out: inout [UInt8]) {
        guard let v, v.isFinite else { out.append(contentsOf: "null".utf8); return }
        if v == v.rounded(), abs(v) < 1e15 { digits(Int64(v), into: &out); return }
        var sink = ByteSink()
        swap(&sink.bytes, &out)
        v.write(to: &sink)
        swap(&sink.bytes, &out)
    }
    /// An amount in 1/10,000 written with two decimals (the caller has rounded it to cents).
    public mutating func cents(_ k: StaticString, units v: Int64?, _ out: inout [UInt8]) {
        key(k, &out)
        guard let v else { out.append(contentsOf: "null".utf8); return }
        let cents = v / 100
        if cents < 0 { out.append(UInt8(ascii: "-")) }
        let m = cents.magnitude
        JSONLine.digits(Int64(m / 100), into: &out)
        out.append(UInt8(ascii: "."))
        out.append(UInt8(ascii: "0") + UInt8(m % 100 / 10))
        out.append(UInt8(ascii: "0") + UInt8(m % 10))
    }

    static func digits(_ v: Int64, into out: inout [UInt8]) {
        if v < 0 { out.append(UInt8(ascii: "-")) }
        var m = v.magnitude
        var tmp: (UInt64, UInt64, UInt64) = (0, 0, 0)   // 24 bytes: enough for 20 digits
        var n = 0
        withUnsafeMutableBytes(of: &tmp) { b in
            repeat {
                b[23 - n] = UInt8(ascii: "0") + UInt8(m % 10)
                m /= 10
                n += 1
            } while m > 0
            // As a raw buffer (one copy); a slice of it was appended byte by byte through the generic path.
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: b[(24 - n)...]))
        }
    }

    /// A JSON string; text that needs no escaping is copied in one go.
    public static func quote(_ s: String, into out: inout [UInt8]) {
        var s = s
        let plain: Bool = s.withUTF8 { u in
            for b in u where b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") { return false }
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: u)
            out.append(UInt8(ascii: "\""))
            return true
        }
        if !plain { JSONValue.quote(s, into: &out) }
    }
}

/// Receives a number's digits as bytes: the standard library prints a `Double` into a stack buffer and
/// hands it over whole (`_writeASCII`), so no `String` is made.
struct ByteSink: TextOutputStream {
    var bytes: [UInt8] = []
    mutating func write(_ string: String) { bytes.append(contentsOf: string.utf8) }
    mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: buffer) }
}
