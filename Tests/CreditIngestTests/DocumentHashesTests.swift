import Testing
@testable import CreditIngest

/// Repeated document-id hashes, within one part and across parts, after each part is sorted.
@Suite struct DocumentHashesTests {
    static func part(_ values: [UInt64]) -> DocumentHashes {
        var h = DocumentHashes(expected: values.count)
        for v in values { h.append(v) }
        h.sort()
        return h
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
}
