import Testing
@testable import CreditIngest

/// The customer-id index: short keys live in their slot, longer ones share an 8-byte prefix.
@Suite struct ByteKeyIndexTests {
    static func find(_ index: ByteKeyIndex, _ key: String) -> Int32? {
        var bytes = Array(key.utf8)
        return bytes.withUnsafeMutableBufferPointer { index.index(of: UnsafeBufferPointer($0)) }
    }

    @Test func keysOfAnyLengthAndSharedPrefixes() {
        var index = ByteKeyIndex(expected: 2)      // grows several times below
        let keys = ["C1", "", "CUSTOMER", "CUSTOMER-0001", "CUSTOMER-0002", "CUSTOMER-00010", "上海华东", "C10"] + (0..<300).map { "K\($0)" }
        for (n, k) in keys.enumerated() {
            let added = index.insert(k)
            #expect(added, "\(k)")
            #expect(Self.find(index, k) == Int32(n), "\(k)")
        }
        let again = index.insert("CUSTOMER-0001")
        #expect(!again)
        for (n, k) in keys.enumerated() { #expect(Self.find(index, k) == Int32(n), "\(k)") }
        for missing in ["C", "CUSTOMER-0003", "CUSTOMER-000", "CUSTOMER-00011", "K300", "上海"] { #expect(Self.find(index, missing) == nil, "\(missing)") }
        index.removeLast()
        #expect(Self.find(index, "K299") == nil)
        #expect(Self.find(index, "K298") == Int32(keys.count - 2))
        let readded = index.insert("K299")
        #expect(readded)
        #expect(Self.find(index, "K299") == Int32(keys.count - 1))
    }
}
