import CPrefetch

/// Maps byte strings (customer ids as they appear in the file) to their index, without making a `String`
/// per looked-up row.
///
/// Two ways of finding a key:
/// - **hashed**: open addressing over a flat key store. Each slot carries the key's length and its first 8
///   bytes, so that a look-up of an id of up to 8 bytes (most customer numbers) touches one slot and
///   nothing else: on a book of 200,000 customers the look-up is a cache miss per row, and it was three
///   (slot, key start, key bytes) when slots held only the index.
/// - **numbered** (`settle()`, or from the start with `init(numbered:…)` when the keys' shape is known before
///   they go in): when every key is the same text followed by the same number of digits, as
///   customer numbers usually are (`C000001`, `0000100234`, `KD-4711`), and the numbers are not spread
///   over more than four times as many values as there are keys, a key's digits lead straight to its slot
///   in a table of 4 bytes per number: no hash, no key bytes to compare, and a table a tenth the size of
///   the hashed slots (0.8 MB against 8 MB on 200,000 customers).
///
/// Both give the same answer for every key; `probe(_:)` is what a look-up starts from in either.
struct ByteKeyIndex: Sendable {
    private struct Slot {
        /// Key number; -1: empty.
        var key: Int32
        var length: Int32
        /// The first 8 bytes of the key, little-endian, zero-padded.
        var prefix: UInt64
    }
    private var keyBytes: [UInt8] = []
    private var keyStart: [Int32] = [0]
    /// Empty while the keys are numbered.
    private var slots: [Slot]
    private var mask: Int
    private var numbered: NumberedKeys?
    private(set) var count = 0

    /// Whether look-ups go by the keys' numbers (see the type's notes).
    var isNumbered: Bool { numbered != nil }

    init(expected: Int) {
        var size = 16
        while size < expected * 2 { size <<= 1 }
        slots = Array(repeating: Slot(key: -1, length: 0, prefix: 0), count: size)
        mask = size - 1
    }

    /// An index for `count` keys still to be inserted, all of `shape` and numbered `lowest` to `highest`:
    /// numbered from the start (`settle()` has nothing to do), so that they are inserted by their number,
    /// without a hash or the hashed slots. Nil when the numbers are spread too far. A key that does not fit
    /// after all makes the index hashed, as after `settle()`.
    init?(numbered shape: NumberedKeys.Shape, lowest: Int, highest: Int, count: Int) {
        guard let keys = NumberedKeys(shape: shape, lowest: lowest, highest: highest, count: count) else { return nil }
        numbered = keys
        slots = []
        mask = 0
        keyBytes.reserveCapacity(count * shape.length)
        keyStart.reserveCapacity(count + 1)
    }

    /// A 64-bit hash of `key`, read 8 bytes at a time (ids are short: one or two words), each word mixed
    /// with the SplitMix64 finaliser. Byte-at-a-time FNV-1a was a multiply per byte in one chain, three
    /// times per row (the customer id twice, the document id once).
    @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let n = key.count
        if n <= 16 {
            let (a, b) = ByteWords.pack(key)
            // The length goes in mixed: XORed in plain it met the data's own low byte ("ba…" of 9 bytes
            // against "aa…" of 10).
            return ByteWords.mix(b ^ ByteWords.mix(a ^ ByteWords.mix(UInt64(n))))
        }
        let base = UnsafeRawPointer(key.baseAddress!)
        var h = ByteWords.mix(UInt64(n))
        var i = 0
        while i + 8 <= n {
            h = ByteWords.mix(h ^ base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            i += 8
        }
        if i < n { h = ByteWords.mix(h ^ base.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)) }
        return h
    }

    /// The slot's copy of a key's start: with the key's length it tells keys of up to 8 bytes apart.
    @inline(__always)
    private static func prefix(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        key.count >= 8 ? UnsafeRawPointer(key.baseAddress!).loadUnaligned(as: UInt64.self) : ByteWords.pack(key).0
    }

    /// The bytes after the first 8 agree (the prefix and the length already do).
    @inline(__always)
    private func restMatches(_ slot: Int32, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let from = Int(keyStart[Int(slot)])
        return keyBytes.withUnsafeBufferPointer { stored in
            var i = 8
            while i < key.count {
                if stored[from + i] != key[i] { return false }
                i += 1
            }
            return true
        }
    }

    /// Where a look-up of `key` starts: its table position when the keys are numbered (`UInt64.max` when
    /// `key` cannot be one of them), else its `hash(_:)`.
    @inline(__always)
    func probe(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        guard let numbered else { return ByteKeyIndex.hash(key) }
        return numbered.position(key).map { UInt64($0) } ?? .max
    }

    /// The index of `key`, or nil.
    @inline(__always)
    func index(of key: UnsafeBufferPointer<UInt8>) -> Int32? { index(of: key, probe: probe(key)) }

    /// The index of `key` whose `probe(_:)` is already known, or nil.
    @inline(__always)
    func index(of key: UnsafeBufferPointer<UInt8>, probe: UInt64) -> Int32? {
        if let numbered { return numbered.index(at: probe) }
        let p = ByteKeyIndex.prefix(key), length = Int32(key.count)
        var i = Int(truncatingIfNeeded: probe) & mask
        return slots.withUnsafeBufferPointer { slots in
            while true {
                let slot = slots[i]
                if slot.key < 0 { return nil }
                if slot.prefix == p && slot.length == length && (length <= 8 || restMatches(slot.key, key)) { return slot.key }
                i = (i + 1) & mask
            }
        }
    }

    /// Starts loading the slot a key of this `probe(_:)` would be found in (a row ahead of its look-up, or a
    /// few keys ahead of its insertion).
    @inline(__always)
    func prefetch(probe: UInt64) {
        if let numbered { numbered.prefetch(probe); return }
        let i = Int(truncatingIfNeeded: probe) & mask
        slots.withUnsafeBufferPointer { creditreport_prefetch($0.baseAddress! + i) }
    }

    /// `prefetch(probe:)` on an index held in a variable a closure captured (the customers file's, while its
    /// rows are taken): called as a non-mutating method there, it was called on a copy of the index, every
    /// one of its arrays retained and released for each row (`perf`); as a mutating one, in place.
    @inline(__always)
    mutating func prefetchInPlace(probe: UInt64) { prefetch(probe: probe) }

    /// Adds `key` as the next index; returns false (and adds nothing) when it is already there.
    mutating func insert(_ key: UnsafeBufferPointer<UInt8>) -> Bool { insert(key, hash: ByteKeyIndex.hash(key)) }

    /// `insert` of a key whose `hash(_:)` is already known. A key that does not fit the numbered keys
    /// (another shape, or a number too far out) makes the index hashed again.
    mutating func insert(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Bool {
        if numbered != nil {
            if let p = numbered!.position(key) {
                guard numbered!.index(at: UInt64(p)) == nil else { return false }
                numbered!.set(p, to: Int32(count))
                append(key)
                return true
            }
            unnumber()
        }
        if index(of: key, probe: hash) != nil { return false }
        if (count + 1) * 2 > slots.count { grow() }
        append(key)
        place(Slot(key: Int32(count - 1), length: Int32(key.count), prefix: ByteKeyIndex.prefix(key)), hash: hash)
        return true
    }

    private mutating func append(_ key: UnsafeBufferPointer<UInt8>) {
        keyBytes.append(contentsOf: key)
        keyStart.append(Int32(keyBytes.count))
        count += 1
    }

    mutating func insert(_ key: String) -> Bool {
        var key = key
        return key.withUTF8 { insert($0) }   // in place: no array per key
    }

    /// `insert` of a key whose `hash(_:)` (of its UTF-8 bytes) is already known.
    mutating func insert(_ key: String, hash: UInt64) -> Bool {
        var key = key
        return key.withUTF8 { insert($0, hash: hash) }
    }

    /// `hash(_:)` of a string's UTF-8 bytes.
    static func hash(_ key: String) -> UInt64 {
        var key = key
        return key.withUTF8 { hash($0) }
    }

    /// Takes out the key inserted last. Safe with linear probing: no key inserted earlier probed past it.
    mutating func removeLast() {
        guard count > 0 else { return }
        let n = Int32(count - 1)
        let from = Int(keyStart[count - 1]), to = Int(keyStart[count])
        let h = keyBytes.withUnsafeBufferPointer { probe(UnsafeBufferPointer(rebasing: $0[from..<to])) }
        if numbered != nil {
            numbered!.set(Int(h), to: -1)
        } else {
            var i = Int(truncatingIfNeeded: h) & mask
            while slots[i].key != n { i = (i + 1) & mask }
            slots[i] = Slot(key: -1, length: 0, prefix: 0)
        }
        keyBytes.removeLast(to - from)
        keyStart.removeLast()
        count -= 1
    }

    /// Called when the keys are all in (the customers input read): goes by the keys' numbers when they
    /// allow it, and frees the hashed slots.
    mutating func settle() {
        guard numbered == nil,
              let keys = keyBytes.withUnsafeBufferPointer({ bytes in
                  NumberedKeys(count: count, key: { UnsafeBufferPointer(rebasing: bytes[Int(keyStart[$0])..<Int(keyStart[$0 + 1])]) })
              })
        else { return }
        numbered = keys
        slots = []
        mask = 0
    }

    /// Back to hashed look-ups (a key that does not fit the numbers came in).
    private mutating func unnumber() {
        numbered = nil
        var size = 16
        while size < (count + 1) * 2 { size <<= 1 }
        rehash(size: size)
    }

    private mutating func place(_ slot: Slot, hash: UInt64) {
        var i = Int(truncatingIfNeeded: hash) & mask
        while slots[i].key >= 0 { i = (i + 1) & mask }
        slots[i] = slot
    }

    private mutating func grow() { rehash(size: slots.count * 2) }

    private mutating func rehash(size: Int) {
        slots = Array(repeating: Slot(key: -1, length: 0, prefix: 0), count: size)
        mask = slots.count - 1
        for n in 0..<count {
            let from = Int(keyStart[n]), to = Int(keyStart[n + 1])
            let (p, h) = keyBytes.withUnsafeBufferPointer { bytes in
                let key = UnsafeBufferPointer(rebasing: bytes[from..<to])
                return (ByteKeyIndex.prefix(key), ByteKeyIndex.hash(key))
            }
            place(Slot(key: Int32(n), length: Int32(to - from), prefix: p), hash: h)
        }
    }
}

/// Keys that are all the same text followed by the same number of digits, found by their number: key
/// `text + digits` is at `table[number - lowest]` (-1: no such key).
struct NumberedKeys: Sendable {
    /// The text and the number of digits every key has, taken from one key.
    struct Shape: Equatable, Sendable {
        /// Length of every key, and where its digits start.
        let length: Int, digitsFrom: Int
        /// The text before the digits, the same in every key.
        let text: [UInt8]
        /// The text as one word (`EightDigits.load`), and the number of digits: a key whose text is at most
        /// 8 bytes and whose digits are at most 8 is read with two word loads (`number`).
        let textWord: UInt64, digitCount: Int

        /// The shape of `key`: its text and its trailing digits; nil without digits or with more than 18.
        init?(of key: UnsafeBufferPointer<UInt8>) {
            var from = key.count
            while from > 0 && key[from - 1] &- UInt8(ascii: "0") < 10 { from -= 1 }
            guard from < key.count, key.count - from <= NumberedKeys.maxDigits else { return nil }
            length = key.count
            digitsFrom = from
            text = Array(key[0..<from])
            textWord = from > 0 && from <= 8 ? EightDigits.load(key.baseAddress!, from) : 0
            digitCount = key.count - from
        }

        /// The number of a key of this shape, nil for any other key. Text of up to 8 bytes and up to 8 digits
        /// (`C000001`, `KD-4711`) are compared and read a word at a time: the byte loops were 2% of a run on
        /// the benchmark book (`perf`).
        @inline(__always)
        func number(_ key: UnsafeBufferPointer<UInt8>) -> Int? {
            guard key.count == length, let p = key.baseAddress else { return nil }
            if digitsFrom <= 8 && digitCount <= 8 {
                guard digitsFrom == 0 || EightDigits.load(p, digitsFrom) == textWord,
                      let v = EightDigits.value(right: p + digitsFrom, count: digitCount) else { return nil }
                return Int(v)
            }
            for i in 0..<digitsFrom where key[i] != text[i] { return nil }
            var n = 0
            for i in digitsFrom..<length {
                let d = key[i] &- UInt8(ascii: "0")
                guard d < 10 else { return nil }
                n = n &* 10 &+ Int(d)
            }
            return n
        }
    }

    let shape: Shape
    let lowest: Int
    private var table: [Int32]

    /// At most this many digits (an `Int` holds any 18-digit number).
    static let maxDigits = 18
    /// The numbers may spread over at most this many times as many values as there are keys.
    static let maxSpread = 4

    /// Nil when the keys do not all have the shape of the first one (its text and its trailing digits), or
    /// their numbers are spread too far.
    init?(count: Int, key: (Int) -> UnsafeBufferPointer<UInt8>) {
        guard count > 0, let shape = Shape(of: key(0)) else { return nil }
        var lowest = Int.max, highest = Int.min
        for k in 0..<count {
            guard let n = shape.number(key(k)) else { return nil }
            lowest = min(lowest, n)
            highest = max(highest, n)
        }
        self.init(shape: shape, lowest: lowest, highest: highest, count: count)
        for k in 0..<count { table[shape.number(key(k))! - lowest] = Int32(k) }
    }

    /// Room for `count` keys of `shape` numbered `lowest` to `highest`, none of them in yet (they are added
    /// with `set`); nil when the numbers are spread too far.
    init?(shape: Shape, lowest: Int, highest: Int, count: Int) {
        guard count > 0, lowest <= highest, highest - lowest < NumberedKeys.maxSpread * count else { return nil }
        self.shape = shape
        self.lowest = lowest
        table = Array(repeating: -1, count: highest - lowest + 1)
    }

    /// The table position of `key`, nil when no key of this shape and range can be `key`.
    @inline(__always)
    func position(_ key: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let n = shape.number(key) else { return nil }
        let p = n &- lowest
        return p >= 0 && p < table.count ? p : nil
    }

    @inline(__always)
    func index(at position: UInt64) -> Int32? {
        guard position < UInt64(table.count) else { return nil }
        let k = table.withUnsafeBufferPointer { $0[Int(position)] }
        return k >= 0 ? k : nil
    }

    @inline(__always)
    func prefetch(_ position: UInt64) {
        guard position < UInt64(table.count) else { return }
        table.withUnsafeBufferPointer { creditreport_prefetch($0.baseAddress! + Int(position)) }
    }

    mutating func set(_ position: Int, to index: Int32) { table[position] = index }
}

/// Short byte strings as machine words, read without a byte loop or a copy through memory.
enum ByteWords {
    /// Two words that, with the length, tell apart any two strings of up to 16 bytes: for 8 bytes or more
    /// the first and the last 8 (overlapping when shorter than 16); for 4 to 7 the first and last 4 in one
    /// word; below 4 the bytes themselves. Reads only inside the buffer.
    @inline(__always)
    static func pack(_ f: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64) {
        let n = f.count
        guard n > 0 else { return (0, 0) }
        let base = UnsafeRawPointer(f.baseAddress!)
        if n >= 8 {
            return (base.loadUnaligned(as: UInt64.self), base.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self))
        }
        if n >= 4 {
            let lo = UInt64(base.loadUnaligned(as: UInt32.self)), hi = UInt64(base.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self))
            return (lo | hi << 32, 0)
        }
        var w: UInt64 = 0
        for i in 0..<n { w |= UInt64(f[i]) << (8 * UInt64(i)) }
        return (w, 0)
    }

    /// The SplitMix64 finaliser: every input bit reaches every output bit.
    @inline(__always)
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
