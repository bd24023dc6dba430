import Testing
@testable import CreditRender

/// Whole numbers are written as Swift writes them.
@Suite struct JSONDigitsTests {
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
}
