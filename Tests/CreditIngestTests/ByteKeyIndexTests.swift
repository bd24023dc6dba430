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

    /// Keys of every length from 0 to 20 that differ in one byte only, at every position: the word-wise
    /// packing (two overlapping loads) must tell each apart, and the hash must not confuse them either.
    @Test func keysDifferingInOneByteAnywhere() {
        var keys: [String] = []
        for length in 0...20 {
            let base = String(repeating: "a", count: length)
            keys.append(base)
            for position in 0..<length {
                var bytes = Array(base.utf8)
                bytes[position] = UInt8(ascii: "b")
                keys.append(String(decoding: bytes, as: UTF8.self))
            }
        }
        var index = ByteKeyIndex(expected: 4)
        for k in keys {
            let added = index.insert(k)
            #expect(added, "\(k)")
        }
        for (n, k) in keys.enumerated() { #expect(Self.find(index, k) == Int32(n), "\(k)") }
        for missing in ["c", "aaaac", "aaaaaaac", "caaaaaaaa", "aaaaaaaaaaaaaaaaaaaaa"] { #expect(Self.find(index, missing) == nil, "\(missing)") }
        let hashes = Set(keys.map { k in
            var bytes = Array(k.utf8)
            return bytes.withUnsafeMutableBufferPointer { ByteKeyIndex.hash(UnsafeBufferPointer($0)) }
        })
        #expect(hashes.count == keys.count)
    }
}
