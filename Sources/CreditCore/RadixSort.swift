/// Sorting plain 64-bit numbers a byte at a time (least significant byte first, each pass a counting sort
/// into a second buffer), passing over the bytes every number shares. The figures sort one number per customer
/// (concentration: every exposure, for the Gini coefficient) and one key per insurer deadline; on a
/// 200,000-customer book the standard library's comparison sort of those was about 15 ms each on the core the
/// other waited for, where five counting passes take a few milliseconds (issue #2).
extension Array where Element == UInt64 {
    /// Sorts in ascending order; the same result as `sort()`.
    mutating func radixSort() {
        withUnsafeMutableBufferPointer { RadixSort.ascending($0) }
    }
}

extension Array where Element == Int64 {
    /// Sorts in descending order; the same result as `sort(by: >)`.
    mutating func radixSortDescending() {
        withUnsafeMutableBufferPointer { values in
            values.withMemoryRebound(to: UInt64.self) { keys in
                // Flipping the sign bit orders signed numbers as unsigned ones; inverting every bit then puts the
                // largest first. The mapping is its own inverse, so the same loop maps the keys back.
                for i in keys.indices { keys[i] = RadixSort.descendingKey(keys[i]) }
                RadixSort.ascending(keys)
                for i in keys.indices { keys[i] = RadixSort.descendingKey(keys[i]) }
            }
        }
    }
}

enum RadixSort {
    /// Below this many numbers the comparison sort is as quick as setting up the passes.
    static let smallest = 256

    @inline(__always)
    static func descendingKey(_ bits: UInt64) -> UInt64 { ~(bits ^ (1 << 63)) }

    /// The bits that are not the same in every key: only the bytes holding some are sorted by.
    @inline(__always)
    static func varyingBits(_ keys: some Sequence<UInt64>) -> UInt64 {
        var any: UInt64 = 0, all: UInt64 = .max
        for k in keys { any |= k; all &= k }
        return any ^ all
    }

    /// Counts the keys by their byte at `shift` into `place`, then turns each count into the place where the
    /// first key with that byte goes.
    @inline(__always)
    static func firstPlaces(_ place: UnsafeMutableBufferPointer<Int>, _ keys: some Sequence<UInt64>, shift: UInt64) {
        place.initialize(repeating: 0)
        for k in keys { place[Int(truncatingIfNeeded: k >> shift) & 0xFF] += 1 }
        var at = 0
        for b in 0..<256 {
            let count = place[b]
            place[b] = at
            at += count
        }
    }

    static func ascending(_ keys: UnsafeMutableBufferPointer<UInt64>) {
        let n = keys.count
        if n < smallest { var small = keys; small.sort(); return }
        let varying = varyingBits(keys)
        if varying == 0 { return }
        let scratch = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: n)
        defer { scratch.deallocate() }
        var from = keys, to = scratch
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 256) { place in
            for shift in stride(from: UInt64(0), to: 64, by: 8) where (varying >> shift) & 0xFF != 0 {
                firstPlaces(place, from, shift: shift)
                for k in from {
                    let b = Int(truncatingIfNeeded: k >> shift) & 0xFF
                    to[place[b]] = k
                    place[b] += 1
                }
                swap(&from, &to)
            }
        }
        if from.baseAddress != keys.baseAddress { _ = keys.update(fromContentsOf: from) }
    }
}

extension RadixSort {
    /// The places of `keys` in ascending order of key; equal keys keep their order (a byte at a time, each pass
    /// stable, as `ascending`, carrying each key's place along).
    static func order(of keys: [UInt64]) -> [Int32] {
        let n = keys.count
        var places = (0..<n).map { Int32($0) }
        let varying = varyingBits(keys)
        guard n > 1, varying != 0 else { return places }
        var fromKeys = keys, toKeys = [UInt64](repeating: 0, count: n), toPlaces = [Int32](repeating: 0, count: n)
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 256) { place in
            for shift in stride(from: UInt64(0), to: 64, by: 8) where (varying >> shift) & 0xFF != 0 {
                firstPlaces(place, fromKeys, shift: shift)
                for i in 0..<n {
                    let k = fromKeys[i], b = Int(truncatingIfNeeded: k >> shift) & 0xFF
                    toKeys[place[b]] = k
                    toPlaces[place[b]] = places[i]
                    place[b] += 1
                }
                swap(&fromKeys, &toKeys)
                swap(&places, &toPlaces)
            }
        }
        return places
    }

    /// `order(of:)`, the places of equal keys then put in the order `precedes` gives them (the lists that
    /// use it break ties by customer id, and ties are few).
    static func order(of keys: [UInt64], breakingTiesBy precedes: (Int32, Int32) -> Bool) -> [Int32] {
        var places = order(of: keys)
        var start = 0
        while start < places.count {
            var end = start + 1
            while end < places.count && keys[Int(places[end])] == keys[Int(places[start])] { end += 1 }
            if end - start > 1 { places[start..<end].sort(by: precedes) }
            start = end
        }
        return places
    }
}

