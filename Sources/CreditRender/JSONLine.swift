/// Writes one flat JSON object — `{"key": value, "key": value}` — straight into a byte buffer, as
/// `JSONValue.serialised` would print it, without building a tree: `metrics.json` of a large book has a
/// line per customer and per overdue insured invoice (a million lines), and a tree per line was most of
/// the time of writing it.
public struct JSONLine {
    private var first = true

    public init(into out: inout ByteBuffer) { out.append(UInt8(ascii: "{")) }

    public func end(_ out: inout ByteBuffer) { out.append(UInt8(ascii: "}")) }

    /// Writes `, "key": ` (no comma before the first key) and makes room for `room` more bytes after it;
    /// hands back where the value goes.
    @inline(__always)
    private mutating func key(_ k: StaticString, room: Int, _ out: inout ByteBuffer, _ value: (UnsafeMutablePointer<UInt8>) -> Int) {
        let n = k.utf8CodeUnitCount
        let comma = !first
        first = false
        out.write(room: n + 6 + room) { p in
            var i = 0
            if comma { p[0] = UInt8(ascii: ","); p[1] = UInt8(ascii: " "); i = 2 }
            p[i] = UInt8(ascii: "\"")
            (p + i + 1).update(from: k.utf8Start, count: n)
            i += n + 1
            p[i] = UInt8(ascii: "\""); p[i + 1] = UInt8(ascii: ":"); p[i + 2] = UInt8(ascii: " ")
            i += 3
            return i + value(p + i)
        }
    }

    @inline(__always)
    private static func null(_ p: UnsafeMutablePointer<UInt8>) -> Int {
        p[0] = UInt8(ascii: "n"); p[1] = UInt8(ascii: "u"); p[2] = UInt8(ascii: "l"); p[3] = UInt8(ascii: "l")
        return 4
    }

    public mutating func string(_ k: StaticString, _ v: String?, _ out: inout ByteBuffer) {
        guard var v else { key(k, room: 4, &out, JSONLine.null); return }
        v.withUTF8 { u in key(k, room: JSONLine.quotedRoom(u), &out) { JSONLine.quote(u, to: $0) } }
    }
    /// A string given as UTF-8 bytes (escaped like any other).
    public mutating func string(_ k: StaticString, utf8 v: UnsafeRawBufferPointer, _ out: inout ByteBuffer) {
        let u = v.assumingMemoryBound(to: UInt8.self)
        key(k, room: JSONLine.quotedRoom(u), &out) { JSONLine.quote(u, to: $0) }
    }
    public mutating func int(_ k: StaticString, _ v: Int?, _ out: inout ByteBuffer) {
        key(k, room: 20, &out) { p in v.map { JSONLine.digits(Int64($0), to: p) } ?? JSONLine.null(p) }
    }
    public mutating func bool(_ k: StaticString, _ v: Bool?, _ out: inout ByteBuffer) {
        key(k, room: 5, &out) { p in
            guard let v else { return JSONLine.null(p) }
            let word: StaticString = v ? "true" : "false"
            p.update(from: word.utf8Start, count: word.utf8CodeUnitCount)
            return word.utf8CodeUnitCount
        }
    }
    public mutating func double(_ k: StaticString, _ v: Double?, _ out: inout ByteBuffer) {
        key(k, room: DoubleText.room, &out) { JSONLine.number(v, to: $0) }
    }

    /// An amount in 1/10,000 written with two decimals (the caller has rounded it to cents).
    public mutating func cents(_ k: StaticString, units v: Int64?, _ out: inout ByteBuffer) {
        key(k, room: 24, &out) { p in
            guard let v else { return JSONLine.null(p) }
            let cents = v / 100
            var i = 0
            if cents < 0 { p[0] = UInt8(ascii: "-"); i = 1 }
            let m = cents.magnitude
            i += JSONLine.digits(Int64(m / 100), to: p + i)
            p[i] = UInt8(ascii: ".")
            p[i + 1] = UInt8(ascii: "0") + UInt8(m % 100 / 10)
            p[i + 2] = UInt8(ascii: "0") + UInt8(m % 10)
            return i + 3
        }
    }

    /// A double as JSON (a whole number without ".0", otherwise Swift's shortest round-trip digits; null
    /// when missing or not finite), written straight into `out`: the text of a ratio went through a
    /// `String` each time, half the time of the per-customer lines. `JSONValue.double` uses it too.
    public static func number(_ v: Double?, into out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: DoubleText.room) { b in
            let n = number(v, to: b.baseAddress!)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: b[..<n]))
        }
    }

    @inline(__always)
    static func number(_ v: Double?, to p: UnsafeMutablePointer<UInt8>) -> Int {
        guard let v, v.isFinite else { return null(p) }
        if v == v.rounded(), abs(v) < 1e15 { return digits(Int64(v), to: p) }
        var text = DoubleText(p)
        v.write(to: &text)
        return text.count
    }

    /// Writes `v` in decimal at `p` (at most 20 bytes); returns the count.
    @inline(__always)
    static func digits(_ v: Int64, to p: UnsafeMutablePointer<UInt8>) -> Int {
        var i = 0
        if v < 0 { p[0] = UInt8(ascii: "-"); i = 1 }
        var m = v.magnitude
        // The length by comparisons, then two digits per division, from a table of the pairs 00–99: a division
        // per digit to find the length and another per digit to write it were most of writing an amount
        // (a million lines of metrics.json hold about five million numbers).
        var n = 1, power: UInt64 = 10
        while n < 20 && m >= power {
            n += 1
            if n < 20 { power &*= 10 }
        }
        var k = i + n
        let pairs = JSONLine.pairs.utf8Start
        while m >= 100 {
            let r = Int(m % 100)
            m /= 100
            k -= 2
            p[k] = pairs[2 * r]
            p[k + 1] = pairs[2 * r + 1]
        }
        if m >= 10 {
            p[k - 2] = pairs[2 * Int(m)]
            p[k - 1] = pairs[2 * Int(m) + 1]
        } else {
            p[k - 1] = UInt8(ascii: "0") + UInt8(m)
        }
        return i + n
    }

    /// The pairs of digits 00 to 99, one after the other (a literal: read through its address, with no
    /// one-time set-up to check).
    static let pairs: StaticString = """
        0001020304050607080910111213141516171819202122232425262728293031323334353637383940414243444546474849\
        5051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899
        """

    /// Whether any byte must be escaped in a JSON string (a control character, a quote, a backslash), checked
    /// eight bytes at a time: the byte loop read about 50 MB of names and watchlist wording per run of the
    /// benchmark book. A word that only seems to hold one takes the escaping path, which copies it right.
    @inline(__always)
    static func needsEscaping(_ u: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let p = u.baseAddress else { return false }
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        var i = 0
        while i + 8 <= u.count {
            let w = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
            let quote = w ^ (0x22 &* ones), backslash = w ^ (0x5C &* ones)
            let below = (w &- 0x20 &* ones) & ~w                  // a byte under 0x20
            let zero = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)   // a byte equal to either
            if (below | zero) & highs != 0 { return true }
            i += 8
        }
        while i < u.count {
            let b = p[i]
            if b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") { return true }
            i += 1
        }
        return false
    }

    /// Room a quoted JSON string of these bytes needs at most (`\u00XX` per control character).
    @inline(__always)
    static func quotedRoom(_ u: UnsafeBufferPointer<UInt8>) -> Int { 6 * u.count + 2 }

    /// A JSON string, escaped as `JSONValue` escapes it; text that needs no escaping is copied in one go.
    @inline(__always)
    static func quote(_ u: UnsafeBufferPointer<UInt8>, to p: UnsafeMutablePointer<UInt8>) -> Int {
        p[0] = UInt8(ascii: "\"")
        if !needsEscaping(u) {
            if let from = u.baseAddress { (p + 1).update(from: from, count: u.count) }
            p[u.count + 1] = UInt8(ascii: "\"")
            return u.count + 2
        }
        var i = 1
        func put(_ a: UInt8, _ b: UInt8) { p[i] = a; p[i + 1] = b; i += 2 }
        let hex: StaticString = "0123456789abcdef"
        for b in u {
            switch b {
            case UInt8(ascii: "\""): put(UInt8(ascii: "\\"), UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): put(UInt8(ascii: "\\"), UInt8(ascii: "\\"))
            case 10: put(UInt8(ascii: "\\"), UInt8(ascii: "n"))
            case 13: put(UInt8(ascii: "\\"), UInt8(ascii: "r"))
            case 9: put(UInt8(ascii: "\\"), UInt8(ascii: "t"))
            case 0..<0x20:
                put(UInt8(ascii: "\\"), UInt8(ascii: "u"))
                put(UInt8(ascii: "0"), UInt8(ascii: "0"))
                put(hex.utf8Start[Int(b >> 4)], hex.utf8Start[Int(b & 15)])
            default:
                p[i] = b
                i += 1
            }
        }
        p[i] = UInt8(ascii: "\"")
        return i + 1
    }
}

/// Receives a double's digits at a pointer with room for `room` bytes: the standard library prints a
/// `Double` into a stack buffer and hands it over whole (`_writeASCII`), so no `String` is made.
struct DoubleText: TextOutputStream {
    /// The longest shortest-round-trip text of a double is 24 bytes ("-2.2250738585072014e-308").
    static let room = 32
    let p: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    init(_ p: UnsafeMutablePointer<UInt8>) { self.p = p }
    mutating func write(_ string: String) {
        for b in string.utf8 { put(b) }
    }
    mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) {
        for b in buffer { put(b) }
    }
    @inline(__always)
    private mutating func put(_ b: UInt8) {
        precondition(count < DoubleText.room, "a double's text longer than \(DoubleText.room) bytes")
        p[count] = b
        count += 1
    }
}
