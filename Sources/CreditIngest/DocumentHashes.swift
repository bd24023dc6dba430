/// The 64-bit hashes of the document ids of used rows, to find repeated ids without keeping the ids.
///
/// Each parallel part sorts its own hashes in place (an American-flag partition on the top 8 bits, then a
/// sort per partition in cache; no second buffer), and repeats are found by one merge pass over the sorted
/// parts, so the hashes are never copied or concatenated.
struct DocumentHashes: Sendable {
    private(set) var values: [UInt64] = []

    init(expected: Int = 0) { values.reserveCapacity(expected) }

    @inline(__always)
    mutating func append(_ h: UInt64) { values.append(h) }

    /// Sorts `values` ascending, in place.
    mutating func sort() {
        let n = values.count
        guard n > 1 else { return }
        values.withUnsafeMutableBufferPointer { a in
            // One American-flag pass on the top 8 bits: 256 write positions stay in cache, unlike 65,536.
            let buckets = 256
            var next = [Int](repeating: 0, count: buckets + 1)
            for v in a { next[Int(v >> 56) + 1] += 1 }
            for b in 0..<buckets { next[b + 1] += next[b] }
            let starts = next
            for b in 0..<buckets {
                let end = starts[b + 1]
                while next[b] < end {
                    var v = a[next[b]]
                    var d = Int(v >> 56)
                    while d != b {
                        swap(&v, &a[next[d]])
                        next[d] += 1
                        d = Int(v >> 56)
                    }
                    a[next[b]] = v
                    next[b] += 1
                }
            }
            // Each partition (n / 256 values) fits in the core's cache: sort it there.
            for b in 0..<buckets where starts[b + 1] - starts[b] > 1 {
                var part = UnsafeMutableBufferPointer(rebasing: a[starts[b]..<starts[b + 1]])
                part.sort()
            }
        }
    }

    /// Hashes that occur more than once across `parts`, each sorted.
    static func repeated(in parts: [DocumentHashes]) -> Set<UInt64> {
        var repeated: Set<UInt64> = []
        var cursors = [Int](repeating: 0, count: parts.count)
        var previous: UInt64? = nil
        // k-way merge over the sorted parts (k is the number of parts: 1–8).
        while true {
            var best = -1
            for k in parts.indices where cursors[k] < parts[k].values.count {
                if best < 0 || parts[k].values[cursors[k]] < parts[best].values[cursors[best]] { best = k }
            }
            if best < 0 { break }
            let v = parts[best].values[cursors[best]]
            cursors[best] += 1
            if v == previous { repeated.insert(v) }
            previous = v
        }
        return repeated
    }
}
