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

    static func index(_ keys: [String], settled: Bool = true) -> ByteKeyIndex {
        var index = ByteKeyIndex(expected: keys.count)
        for k in keys {
            let added = index.insert(k)
            #expect(added, "\(k)")
        }
        if settled { index.settle() }
        return index
    }

    /// Customer numbers of one shape are found by their digits, and every key, present or not, gets the
    /// answer the hashed index gives.
    @Test func numberedKeysFindWhatTheHashedIndexFinds() {
        // C0010 … C0400 in steps of 3 (131 keys over 391 numbers: within four times as many), out of order:
        // each run of ten reversed.
        let ordered = stride(from: 10, through: 400, by: 3).map { "C" + String(repeating: "0", count: 4 - String($0).count) + String($0) }
        let keys = stride(from: 0, to: ordered.count, by: 10).flatMap { ordered[$0..<min($0 + 10, ordered.count)].reversed() }
        #expect(keys.count == 131 && Set(keys).count == 131)
        let numbered = Self.index(keys), hashed = Self.index(keys, settled: false)
        #expect(numbered.isNumbered)
        #expect(!hashed.isNumbered)
        for (n, k) in keys.enumerated() { #expect(Self.find(numbered, k) == Int32(n), "\(k)") }
        let others = ["C0011", "C0009", "C0401", "C0403", "C0000", "C9999", "C010", "C00010", "c0010", "D0010", "C001O", "C 010",
                      "C-010", "", "C", "0010", "CC0010", "C０010"]
        for k in others {
            #expect(Self.find(numbered, k) == nil, "\(k)")
            #expect(Self.find(hashed, k) == nil, "\(k)")
        }
    }

    /// Every shape of numbered key, read a word at a time (text up to 8 bytes, up to 8 digits) or a byte at a
    /// time (longer): each key is found where it was added, and every key one byte away from one (each place
    /// changed to a digit, a letter, a space or a byte past 0x7F) gets the answer of the hashed index.
    @Test func numberedKeysOfEveryShape() {
        let shapes: [(text: String, digits: Int)] = [("C", 6), ("KD-", 4), ("ABCDEFGH", 3), ("AB", 8), ("", 8), ("", 10),
                                                     ("CUSTOMER-NO-", 5), ("上海", 2)]
        for shape in shapes {
            let keys = stride(from: 7, to: 60, by: 2).map { n -> String in
                let d = String(n)
                return shape.text + String(repeating: "0", count: shape.digits - d.count) + d
            }
            let numbered = Self.index(keys), hashed = Self.index(keys, settled: false)
            #expect(numbered.isNumbered, "\(shape)")
            for (n, k) in keys.enumerated() { #expect(Self.find(numbered, k) == Int32(n), "\(k)") }
            var probes = 0
            for k in keys.prefix(5) {
                let bytes = Array(k.utf8)
                for i in bytes.indices {
                    for b in [UInt8(ascii: "0"), UInt8(ascii: "9"), UInt8(ascii: "C"), UInt8(ascii: " "), 0xE4] {
                        var other = bytes
                        other[i] = b
                        let key = String(decoding: other, as: UTF8.self)
                        guard Array(key.utf8) == other else { continue }   // not valid UTF-8 as a String: skipped
                        #expect(Self.find(numbered, key) == Self.find(hashed, key), "\(shape) \(key)")
                        probes += 1
                    }
                }
            }
            #expect(probes >= 5 * shape.digits * 4, "\(shape)")   // at least the four ASCII bytes at every digit place
        }
    }

    @Test func whichKeysAreNumbered() {
        #expect(Self.index(["1", "2", "3"]).isNumbered)                          // digits alone
        #expect(Self.index(["KD-4711", "KD-4712", "KD-4710"]).isNumbered)         // a longer text
        #expect(Self.index(["0000100234", "0000100236"]).isNumbered)              // leading zeros (SAP)
        #expect(Self.index(["C1", "C5", "C8"]).isNumbered)                        // 3 keys over 8 numbers: within 4×
        #expect(Self.index(["123456789012345678"]).isNumbered)                   // 18 digits
        #expect(!Self.index(["C1", "C9", "C13"]).isNumbered)                      // not the same length
        #expect(!Self.index(["C1", "C20"]).isNumbered)
        #expect(!Self.index(["C01", "C20"]).isNumbered)                           // 2 keys over 20 numbers: beyond 4×
        #expect(!Self.index(["C01", "D02"]).isNumbered)                           // not the same text
        #expect(!Self.index(["12", "A2"]).isNumbered)
        #expect(!Self.index(["ABC", "ABD"]).isNumbered)                           // no digits
        #expect(!Self.index(["1234567890123456789"]).isNumbered)                 // 19 digits
        #expect(Self.index(["上海1", "上海2"]).isNumbered)                        // any text before the digits
        #expect(!Self.index([]).isNumbered)
    }

    /// Keys added after the customers input (an XML input's parties) and the one taken back: a key of the
    /// same shape and range stays numbered, any other makes the index hashed again, and nothing is lost.
    @Test func keysAddedAndRemovedAfterSettling() {
        var index = Self.index(["C10", "C12", "C13"])
        do { let added = index.insert("C11"); #expect(added) }
        do { let added = index.insert("C12"); #expect(!added) }
        #expect(index.isNumbered)
        #expect(Self.find(index, "C11") == 3)
        index.removeLast()
        #expect(Self.find(index, "C11") == nil)
        #expect(index.isNumbered)
        do { let added = index.insert("C11"); #expect(added) }
        do { let added = index.insert("C99"); #expect(added) }                 // beyond the table: hashed again
        #expect(!index.isNumbered)
        do { let added = index.insert("上海华东"); #expect(added) }
        do { let added = index.insert("C10"); #expect(!added) }
        for (n, k) in ["C10", "C12", "C13", "C11", "C99", "上海华东"].enumerated() { #expect(Self.find(index, k) == Int32(n), "\(k)") }
        index.removeLast()
        #expect(Self.find(index, "上海华东") == nil)
        #expect(Self.find(index, "C99") == 4)
    }
}

