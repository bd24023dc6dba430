/// A JSON document with keys kept in the order they were written, so that `metrics.json` reads like the
/// contract and diffs cleanly from week to week.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// A number already written as JSON text (exact decimals for money).
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])
    /// An object already written on one line by `JSONLine` (a long list's lines need no tree each).
    case line([UInt8])

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.serialised() == b.serialised() }

    /// A double as JSON: a whole number without ".0", otherwise Swift's shortest round-trip digits; null
    /// when missing or not finite (one rule with `JSONLine`, which writes it).
    public static func double(_ v: Double?) -> JSONValue {
        guard let v, v.isFinite else { return .null }
        var text: [UInt8] = []
        JSONLine.number(v, into: &text)
        return .number(String(decoding: text, as: UTF8.self))
    }
    public static func int(_ v: Int?) -> JSONValue { v.map { .number(String($0)) } ?? .null }

    /// Pretty-printed JSON text, except that an object holding only scalars stands on one line (so that
    /// the 200,000 customers of a large book take 200,000 lines, not two million); `indent` nil: compact.
    public func serialised(indent: Int? = 2) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 12)
        write(into: &out, indent: indent, level: 0)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the JSON text to `out`, as `serialised` would write it at nesting `level`.
    public func write(into out: inout [UInt8], indent: Int? = 2, atLevel level: Int) {
        write(into: &out, indent: indent, level: level)
    }

    private var isScalar: Bool {
        switch self {
        case .array, .object, .line: return false
        default: return true
        }
    }

    private func write(into out: inout [UInt8], indent: Int?, level: Int) {
        func newline(_ l: Int) {
            guard let indent else { return }
            out.append(10)
            out.append(contentsOf: repeatElement(32, count: indent * l))
        }
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let n): out.append(contentsOf: n.utf8)
        case .string(let s): JSONValue.quote(s, into: &out)
        case .line(let bytes): out.append(contentsOf: bytes)
        case .array(let items):
            if items.isEmpty { out.append(contentsOf: "[]".utf8); return }
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(level + 1)
                item.write(into: &out, indent: indent, level: level + 1)
            }
            newline(level)
            out.append(UInt8(ascii: "]"))
        case .object(let pairs):
            if pairs.isEmpty { out.append(contentsOf: "{}".utf8); return }
            let flat = indent == nil || pairs.allSatisfy { $0.1.isScalar }
            out.append(UInt8(ascii: "{"))
            for (i, (k, v)) in pairs.enumerated() {
                if i > 0 { out.append(contentsOf: (flat && indent != nil ? ", " : ",").utf8) }
                if !flat { newline(level + 1) }
                JSONValue.quote(k, into: &out)
                out.append(contentsOf: (indent == nil ? ":" : ": ").utf8)
                v.write(into: &out, indent: flat ? nil : indent, level: level + 1)
            }
            if !flat { newline(level) }
            out.append(UInt8(ascii: "}"))
        }
    }

    static func quote(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): out.append(contentsOf: "\\\"".utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: "\\\\".utf8)
            case 10: out.append(contentsOf: "\\n".utf8)
            case 13: out.append(contentsOf: "\\r".utf8)
            case 9: out.append(contentsOf: "\\t".utf8)
            case 0..<0x20:
                let hex = String(b, radix: 16)
                out.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
