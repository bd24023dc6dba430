import Testing
import TestSupport
@testable import CreditIngest

/// Repeated document-id hashes, within one part and across parts, after each part is sorted.
@Suite struct DocumentHashesTests {
    static func part(_ values: [UInt64]) -> DocumentHashes {
        var h = DocumentHashes(expected: values.count)
        for v in values { h.append(v) }
        h.sort()
        return h
    }

    /// Two ids of bytes from `alphabet` sharing a prefix of up to `upTo` bytes, each with up to two more bytes
    /// after it, and half the time one byte of the prefix changed in the second.
    static func idPair(_ rng: inout SplitMix, _ alphabet: [UInt8], upTo: Int) -> ([UInt8], [UInt8]) {
        let base = (0..<Int.random(in: 0...upTo, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
        var a = base, b = base
        for _ in 0..<Int.random(in: 0...2, using: &rng) { a.append(alphabet.randomElement(using: &rng)!) }
        for _ in 0..<Int.random(in: 0...2, using: &rng) { b.append(alphabet.randomElement(using: &rng)!) }
        if !base.isEmpty && Bool.random(using: &rng) { b[Int.random(in: 0..<base.count, using: &rng)] = alphabet.randomElement(using: &rng)! }
        return (a, b)
    }

    /// The byte-buffer comparison (memcmp) orders ids as the byte-by-byte one does: shared prefixes, a
    /// prefix before what it starts, bytes past 0x7F (UTF-8) after ASCII, empty ids, up to 22 bytes, and a
    /// difference anywhere.
    @Test func bufferComparisonMatchesTheByteLoop() {
        var rng = SplitMix(seed: 11)
        let alphabet: [UInt8] = [0x00, 0x30, 0x31, 0x39, 0x41, 0x7F, 0x80, 0xC3, 0xFF]
        for _ in 0..<40_000 {
            let (a, b) = Self.idPair(&rng, alphabet, upTo: 20)
            let fast = a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in DocumentHashes.compare(x, y) } }
            #expect(fast == DocumentHashes.compare(a[...], b[...]), "\(a) \(b)")
        }
    }

    /// The word comparison of ids up to 32 bytes (`DocumentHashes.words`) orders them as the byte-by-byte
    /// one does, zero bytes included (a zero byte after an id's end is not part of it), at every length
    /// across the four words; and the words give the id's bytes back.
    @Test func wordComparisonMatchesTheByteLoop() {
        var rng = SplitMix(seed: 12)
        let alphabet: [UInt8] = [0x00, 0x01, 0x30, 0x39, 0x41, 0x7F, 0x80, 0xFF]
        for _ in 0..<40_000 {
            let (a, b) = Self.idPair(&rng, alphabet, upTo: 30)
            let wa = a.withUnsafeBufferPointer { DocumentHashes.words($0) }, wb = b.withUnsafeBufferPointer { DocumentHashes.words($0) }
            #expect(DocumentHashes.compare(wa, a.count, wb, b.count) == DocumentHashes.compare(a[...], b[...]), "\(a) \(b)")
            #expect(DocumentHashes.bytes(wa, a.count) == a)
        }
    }

    /// Ids of 32 bytes and fewer are kept as words, longer ones as bytes; a run that goes from one to the
    /// other and back keeps its order and its last id.
    @Test func longAndShortIdsInOneRun() {
        let long1 = "L" + String(repeating: "0", count: 40) + "1", long2 = "L" + String(repeating: "0", count: 40) + "2"
        let ids = ["K" + String(repeating: "9", count: 31), long1, long2, "M1"]   // 32 bytes, 42, 42, 2
        let h = Self.run(ids)
        #expect(h.inRun && h.bytewise && h.runCount == 4 && h.last == Array("M1".utf8))
        #expect(Self.run(Array(ids.prefix(3))).last == Array(long2.utf8))
        var back = Self.run(Array(ids.prefix(2)))
        var repeatLong = Array(long1.utf8)
        #expect(repeatLong.withUnsafeMutableBufferPointer { back.note(UnsafeBufferPointer($0)) })   // a repeat ends the run
        var short = Self.run([ids[0]])
        var before = Array("K1".utf8)                                 // before "K9…" either way: out of order
        #expect(before.withUnsafeMutableBufferPointer { short.note(UnsafeBufferPointer($0)) })
    }

    @Test func sortingPutsEveryValueInOrder() {
        // Values spread over the top byte (the radix partition) and inside one partition.
        let values: [UInt64] = [0xFF00_0000_0000_0001, 3, 0x8000_0000_0000_0000, 2, 0xFF00_0000_0000_0000, 1, 0x0100_0000_0000_0000]
        #expect(Self.part(values).values == values.sorted())
    }

    @Test func repeatsInsideAPartAndAcrossParts() {
        let a = Self.part([5, 1, 9, 5, 7])            // 5 twice in the same part
        let b = Self.part([2, 9, 8])                  // 9 also in a
        let c = Self.part([8, 4, 4, 4])               // 8 also in b; 4 three times
        #expect(DocumentHashes.repeated(in: [a, b, c]) == [5, 9, 8, 4])
        #expect(DocumentHashes.repeated(in: [Self.part([1, 2, 3]), Self.part([4, 5])]).isEmpty)
        #expect(DocumentHashes.repeated(in: [Self.part([]), Self.part([7])]).isEmpty)
    }

    /// A part that notes `ids` in order.
    static func run(_ ids: [String]) -> DocumentHashes {
        var h = DocumentHashes(trackingRun: true)
        for id in ids {
            var bytes = Array(id.utf8)
            _ = bytes.withUnsafeMutableBufferPointer { h.note(UnsafeBufferPointer($0)) }
        }
        return h
    }

    static func hash(_ id: String) -> UInt64 {
        var bytes = Array(id.utf8)
        return bytes.withUnsafeMutableBufferPointer { DocumentHashes.hash(UnsafeBufferPointer($0)) }
    }

    @Test func ascendingIdsKeepNoHashes() {
        let bytewise = Self.run(["A1", "A2", "B", "B0"])          // byte by byte, a prefix first
        #expect(bytewise.inRun && bytewise.values.isEmpty && bytewise.runCount == 4)
        #expect(bytewise.first == Array("A1".utf8) && bytewise.last == Array("B0".utf8))
        let numbers = Self.run(["9", "10", "11", "100"])          // shorter before longer
        #expect(numbers.inRun && numbers.values.isEmpty && !numbers.bytewise && numbers.shortlex)
    }

    @Test func anIdOutOfOrderEndsTheRun() {
        var h = Self.run(["A1", "A2"])
        var id = Array("A2".utf8)                                 // a repeat is not ascending
        let broke = id.withUnsafeMutableBufferPointer { h.note(UnsafeBufferPointer($0)) }
        #expect(broke && !h.inRun && h.values == [Self.hash("A2")])
        var later = Array("A3".utf8)                              // later ids are hashed whatever their order
        #expect(!later.withUnsafeMutableBufferPointer { h.note(UnsafeBufferPointer($0)) })
        #expect(h.values == [Self.hash("A2"), Self.hash("A3")])
    }

    @Test func runsNeedNoHashesOnlyWhenTheyDoNotOverlap() {
        #expect(DocumentHashes.runsAreDisjoint([Self.run(["D5", "D7"]), Self.run(["D1", "D4"]), Self.run([])]))
        #expect(!DocumentHashes.runsAreDisjoint([Self.run(["D1", "D5"]), Self.run(["D4", "D9"])]))     // D4, D5 inside both
        #expect(!DocumentHashes.runsAreDisjoint([Self.run(["D1", "D5"]), Self.run(["D5", "D9"])]))     // D5 in both
        // Disjoint only as numbers (9 < 10), not byte by byte ("10" < "9"): the shared order decides.
        #expect(DocumentHashes.runsAreDisjoint([Self.run(["10", "11"]), Self.run(["8", "9"])]))
        // One part kept hashes (out of order, or not tracked): every part needs them.
        #expect(!DocumentHashes.runsAreDisjoint([Self.run(["D1", "D2"]), Self.part([7])]))
    }
}
