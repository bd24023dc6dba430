#if canImport(Glibc)
import Glibc
#endif

/// The 64-bit hashes of the document ids of used rows, to find repeated ids without keeping the ids.
///
/// ERP exports usually list documents in ascending id order. While the ids of a part arrive strictly
/// ascending (byte by byte, or shorter before longer), no repeat is possible inside it and nothing is kept
/// per row: only the part's first and last id. Parts whose runs do not overlap need no hashes at all, so
/// memory grows with customers, not rows. From the first id out of order on, each used row's hash is kept
/// (8 bytes a row), and the rows before it are read again to hash them too (`runEnd`); so is a whole part
/// whose run overlaps another part's.
///
/// Each parallel part sorts its own hashes in place (an American-flag partition on the top 8 bits, then a
/// sort per partition in cache; no second buffer), and repeats are found by one merge pass over the sorted
/// parts, so the hashes are never copied or concatenated.
struct DocumentHashes: Sendable {
    private(set) var values: [UInt64] = []
    /// Whether every id noted so far came strictly ascending (false also when not tracked).
    private(set) var inRun: Bool
    /// The ascending ids run byte by byte / shorter before longer, then byte by byte.
    private(set) var bytewise = true, shortlex = true
    private(set) var first: [UInt8] = []
    /// The last id noted. Held as `lastWords` while it is at most 32 bytes (`lastCount` its length), else
    /// in `lastLong` (`lastCount` -1): compared and kept a word at a time, where a `memcmp` and a copy into
    /// an array, with its uniqueness check, were 3% of a run on the benchmark book (`perf`).
    var last: [UInt8] { lastCount >= 0 ? DocumentHashes.bytes(lastWords, lastCount) : lastLong }
    private var lastWords: Words = (0, 0, 0, 0)
    private var lastCount = 0
    private var lastLong: [UInt8] = []
    /// Ids noted while the run held.
    private(set) var runCount = 0
    /// Stream offset of the row that broke the run: the used rows before it still need hashing.
    var runEnd = 0
    /// Where the part's rows are, to read them again.
    var source: PartSource?

    /// - Parameter trackingRun: false to keep every hash from the start.
    init(expected: Int = 0, trackingRun: Bool = false) {
        inRun = trackingRun
        if !trackingRun { values.reserveCapacity(expected) }
    }

    @inline(__always)
    mutating func append(_ h: UInt64) { values.append(h) }

    mutating func reserve(_ n: Int) { values.reserveCapacity(n) }

    /// The hash of a document id (trimmed), the one rule for it: the hashes noted while posting and those
    /// made when rows are read again are compared with each other, so they must be made alike.
    @inline(__always)
    static func hash(_ id: UnsafeBufferPointer<UInt8>) -> UInt64 { ByteKeyIndex.hash(id) }

    /// Hashes held in memory.
    var count: Int { values.count }

    /// Writes the hashes held so far out to `spill` and forgets them (the run, if any, is over).
    mutating func spill(into spill: HashSpill, keepingCapacity: Bool = false) throws(IngestError) {
        try spill.add(values)
        values.removeAll(keepingCapacity: keepingCapacity)
    }

    /// Notes a used row's id. Returns true when this id ends the ascending run (its hash and all later
    /// ones are kept; the rows before it must be hashed by reading them again). The id is hashed only when
    /// its hash is kept: while ids ascend, no row's is.
    @inline(__always)
    mutating func note(_ id: UnsafeBufferPointer<UInt8>) -> Bool {
        guard inRun else { values.append(DocumentHashes.hash(id)); return false }
        let short = id.count <= 32
        let words = short ? DocumentHashes.words(id) : (0, 0, 0, 0)
        if runCount > 0 {
            let order = short && lastCount >= 0 ? DocumentHashes.compare(lastWords, lastCount, words, id.count)
                                                : last.withUnsafeBufferPointer { DocumentHashes.compare($0, id) }
            let lastLength = lastCount >= 0 ? lastCount : lastLong.count
            bytewise = bytewise && order < 0
            shortlex = shortlex && (lastLength < id.count || (lastLength == id.count && order < 0))
            if !bytewise && !shortlex {
                inRun = false
                values.append(DocumentHashes.hash(id))
                return true
            }
        } else {
            first = Array(id)
        }
        if short {
            lastWords = words
            lastCount = id.count
        } else {
            lastLong = Array(id)
            lastCount = -1
        }
        runCount += 1
        return false
    }

    /// Up to 32 bytes as four words, each of eight bytes read most significant first, zero after the end:
    /// comparing the words in turn, then the lengths, orders the bytes as `compare` does.
    typealias Words = (UInt64, UInt64, UInt64, UInt64)

    @inline(__always)
    static func words(_ id: UnsafeBufferPointer<UInt8>) -> Words {
        let n = id.count
        guard n > 0, let p = id.baseAddress else { return (0, 0, 0, 0) }
        @inline(__always) func word(_ k: Int) -> UInt64 {
            let from = 8 * k
            return from < n ? EightDigits.load(p + from, min(8, n - from)).byteSwapped : 0
        }
        return (word(0), word(1), word(2), word(3))
    }

    /// `compare` of two ids held as `words`: -1, 0, 1.
    @inline(__always)
    static func compare(_ a: Words, _ an: Int, _ b: Words, _ bn: Int) -> Int {
        if a.0 != b.0 { return a.0 < b.0 ? -1 : 1 }
        if a.1 != b.1 { return a.1 < b.1 ? -1 : 1 }
        if a.2 != b.2 { return a.2 < b.2 ? -1 : 1 }
        if a.3 != b.3 { return a.3 < b.3 ? -1 : 1 }
        return an == bn ? 0 : (an < bn ? -1 : 1)
    }

    /// The `count` bytes `words` hold.
    static func bytes(_ w: Words, _ count: Int) -> [UInt8] {
        withUnsafeBytes(of: (w.0.bigEndian, w.1.bigEndian, w.2.bigEndian, w.3.bigEndian)) { Array($0.prefix(count)) }
    }

    /// Adds hashes of the rows before the run broke (or of the whole run), read again; the run is then over.
    mutating func addHashes(_ earlier: [UInt64]) {
        values += earlier
        inRun = false
        runCount = 0
    }

    /// `compare` for byte buffers, with `memcmp` over the common length: per row, ids of a ledger share most
    /// of their bytes, and the byte-by-byte loop over two iterators was 2% of a benchmark run.
    @inline(__always)
    static func compare(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
        let n = min(a.count, b.count)
        if n > 0 {
            let r = memcmp(a.baseAddress!, b.baseAddress!, n)
            if r != 0 { return r < 0 ? -1 : 1 }
        }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }

    /// -1, 0, 1 as `a` sorts before, equal to, after `b`, byte by byte (a prefix first).
    static func compare<A: Collection<UInt8>, B: Collection<UInt8>>(_ a: A, _ b: B) -> Int {
        var i = a.makeIterator(), j = b.makeIterator()
        while true {
            switch (i.next(), j.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case (let x?, let y?): if x != y { return x < y ? -1 : 1 }
            }
        }
    }

    /// True when every part with ids is an unbroken ascending run and no two runs overlap, in an order all
    /// of them share: then no id repeats and no hash is needed.
    static func runsAreDisjoint(_ parts: [DocumentHashes]) -> Bool {
        let runs = parts.filter { $0.runCount > 0 || !$0.values.isEmpty }
        guard runs.allSatisfy({ $0.inRun && $0.values.isEmpty }) else { return false }
        func disjoint(_ less: (DocumentHashes.Key, DocumentHashes.Key) -> Bool) -> Bool {
            let sorted = runs.sorted { less($0.first[...], $1.first[...]) }
            for k in sorted.indices.dropFirst() where !less(sorted[k - 1].last[...], sorted[k].first[...]) { return false }
            return true
        }
        if runs.allSatisfy(\.bytewise) && disjoint({ compare($0, $1) < 0 }) { return true }
        if runs.allSatisfy(\.shortlex) && disjoint({ $0.count < $1.count || ($0.count == $1.count && compare($0, $1) < 0) }) { return true }
        return false
    }
    typealias Key = ArraySlice<UInt8>

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

    /// Hashes that occur more than once across `parts`, each sorted: repeats inside a part sit side by side,
    /// and repeats across two parts are found by walking both at once, pair by pair (1 pair on 2 cores).
    /// Raw pointers, no per-element bounds or uniqueness checks: on the 10M-item book a generic k-way merge
    /// took about 0.4 s on one core after both had finished parsing.
    static func repeated(in parts: [DocumentHashes]) -> Set<UInt64> {
        var repeated: Set<UInt64> = []
        for part in parts {
            part.values.withUnsafeBufferPointer { a in
                guard a.count > 1 else { return }
                for i in 1..<a.count where a[i] == a[i - 1] { repeated.insert(a[i]) }
            }
        }
        for x in parts.indices {
            for y in parts.indices where y > x {
                parts[x].values.withUnsafeBufferPointer { a in
                    parts[y].values.withUnsafeBufferPointer { b in
                        var i = 0, j = 0
                        while i < a.count && j < b.count {
                            let u = a[i], v = b[j]
                            if u < v { i += 1 } else if v < u { j += 1 } else {
                                repeated.insert(u)
                                i += 1
                                j += 1
                            }
                        }
                    }
                }
            }
        }
        return repeated
    }
}

/// Where one part's rows are: a whole input, or a byte range of a UTF-8 file read in parallel parts.
struct PartSource: Sendable {
    var input: CSVInput
    /// The whole input, opened as usual (any encoding); otherwise the bytes from `from` on.
    var whole: Bool
    var from = 0
    /// Bytes in the part (`Int.max` to the end of the file).
    var length = Int.max
    /// The part starts the file: a byte-order mark and the header come first.
    var startsFile = true
    var delimiter: UInt8 = UInt8(ascii: ",")
    /// The file is large enough that its hashes are written out (`HashSpill`) rather than kept.
    var spills = false
}
