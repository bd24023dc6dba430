import Testing
@testable import CreditRender

/// A line's numbers and strings, checked byte by byte against the plain ways of writing them.
@Suite struct JSONLineTests {
    static func written(_ v: Int64) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { b in
            let n = JSONLine.digits(v, to: b.baseAddress!)
            return String(decoding: UnsafeBufferPointer(rebasing: b[..<n]), as: UTF8.self)
        }
    }

    @Test func digitsAsSwiftWritesThem() {
        var edges: [Int64] = [0, 1, -1, 9, 10, 11, 99, 100, 101, 999, 1000, .max, .min, .max - 1, .min + 1]
        var power: Int64 = 1
        for _ in 0..<18 {
            power *= 10
            edges += [power - 1, power, power + 1, -(power - 1), -power, -(power + 1)]
        }
        for v in edges { #expect(Self.written(v) == String(v), "\(v)") }
        var state: UInt64 = 12345
        for _ in 0..<20_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let v = Int64(bitPattern: state) >> Int64(state % 63)    // every length, both signs
            #expect(Self.written(v) == String(v), "\(v)")
        }
        #expect(Self.written(-1_234_567) == "-1234567" && Self.written(20_000_000) == "20000000")
    }

    /// The eight-bytes-at-a-time check finds every byte that must be escaped, wherever it is in the text, and
    /// no other: each special byte, and bytes next to them (0x1F, 0x20, 0x21, 0x23, 0x5B, 0x5D, 0x7F, 0x80,
    /// 0xFF), at every place in texts of 0 to 40 bytes.
    @Test func escapingCheckFindsEveryByte() {
        func byByte(_ u: [UInt8]) -> Bool { u.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C } }
        func check(_ u: [UInt8]) -> Bool { u.withUnsafeBufferPointer { JSONLine.needsEscaping($0) } }
        let bytes: [UInt8] = [0x00, 0x09, 0x0A, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D, 0x7F, 0x80, 0xFF, 0x41]
        for length in 0...40 {
            let base = [UInt8](repeating: UInt8(ascii: "a"), count: length)
            #expect(!check(base))
            for at in 0..<length {
                for b in bytes {
                    var u = base
                    u[at] = b
                    #expect(check(u) == byByte(u), "length \(length), byte \(b) at \(at)")
                }
            }
        }
        #expect(check(Array("上海贸易有限公司 Ltd.".utf8)) == false && check(Array("Brenner, \"Nord\" GmbH".utf8)) == true)
    }
}
