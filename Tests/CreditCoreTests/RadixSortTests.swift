import Testing
@testable import CreditCore

/// The byte-at-a-time sort gives what the standard library's sort gives.
@Suite struct RadixSortTests {
    /// Seeded numbers of several shapes: few distinct values (ties), small ones (most bytes shared), full-width
    /// ones, negative ones, and the extremes.
    static func numbers(_ count: Int, seed: UInt64, shape: Int) -> [UInt64] {
        var state = seed
        func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state ^ (state >> 29)
        }
        return (0..<count).map { _ in
            switch shape {
            case 0: return next() % 7
            case 1: return next() & 0xFF_FFFF
            case 2: return next()
            default: return (next() >> 27) << 8    // the low byte shared by every number
            }
        }
    }

    @Test func unsignedAscendingAsSort() {
        for count in [0, 1, 2, 255, 256, 257, 5000] {
            for shape in 0..<4 {
                var keys = Self.numbers(count, seed: UInt64(count * 10 + shape), shape: shape)
                let expected = keys.sorted()
                keys.radixSort()
                #expect(keys == expected, "count \(count), shape \(shape)")
            }
        }
        var extremes: [UInt64] = (0..<300).map { [0, .max, 1, .max - 1, 1 << 63][$0 % 5] }
        extremes.radixSort()
        #expect(extremes == extremes.sorted())
        #expect(extremes.first == 0 && extremes.last == .max)
    }

    @Test func signedDescendingAsSortByGreater() {
        for count in [0, 1, 3, 300, 5000] {
            for shape in 0..<4 {
                var values = Self.numbers(count, seed: UInt64(count + shape), shape: shape).map { Int64(bitPattern: $0) }
                let expected = values.sorted(by: >)
                values.radixSortDescending()
                #expect(values == expected, "count \(count), shape \(shape)")
            }
        }
        var mixed: [Int64] = (0..<400).map { [-5, 0, 7, .min, .max, -1, 1][$0 % 7] }
        mixed.radixSortDescending()
        #expect(mixed.first == .max && mixed.last == .min)
        #expect(mixed == mixed.sorted(by: >))
        // Ten equal-and-different amounts by hand: the order a credit manager would list them in.
        var amounts: [Int64] = [300, 50, 500, 100, 50, 0, -20, 300, 1_000_000_000_000, 7]
        amounts.radixSortDescending()
        #expect(amounts == [1_000_000_000_000, 500, 300, 300, 100, 50, 50, 7, 0, -20])
    }

    /// The places in key order, equal keys in their first order: as a stable sort of the places by key.
    @Test func orderAsAStableSortOfThePlaces() {
        for count in [0, 1, 2, 300, 5000] {
            for shape in 0..<4 {
                let keys = Self.numbers(count, seed: UInt64(7 * count + shape), shape: shape)
                let expected = keys.indices.sorted { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : $0 < $1 }.map(Int32.init)
                #expect(RadixSort.order(of: keys) == expected, "count \(count), shape \(shape)")
            }
        }
        #expect(RadixSort.order(of: [30, 10, 20, 10, 30]) == [1, 3, 2, 0, 4])
    }
}

