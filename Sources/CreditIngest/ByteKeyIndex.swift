import CPrefetch

/// Maps byte strings (customer ids as they appear in the file) to their index, without making a `String`
/// per looked-up row: open addressing over a flat key store, FNV-1a hashes.
///
/// Each slot carries the key's length and its first 8 bytes, so that a look-up of an id of up to 8 bytes
/// (most customer numbers) touches one slot and nothing else: on a book of 200,000 customers the look-up
/// is a cache miss per row, and it was three (slot, key start, key bytes) when slots held only the index.
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
    private var slots: [Slot]
    private var mask: Int
    private(set) var count = 0

    init(expected: Int) {
        var size = 16
        while size < expected * 2 { size <<= 1 }
        slots = Array(repeating: Slot(key: -1, length: 0, prefix: 0), count: size)
        mask = size - 1
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

    /// The index of `key`, or nil.
    @inline(__always)
    func index(of key: UnsafeBufferPointer<UInt8>) -> Int32? { index(of: key, hash: ByteKeyIndex.hash(key)) }

    /// The index of `key` whose `hash(_:)` is already known, or nil.
    @inline(__always)
    func index(of key: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int32? {
        let p = ByteKeyIndex.prefix(key), length = Int32(key.count)
        var i = Int(truncatingIfNeeded: hash) & mask
        return slots.withUnsafeBufferPointer { slots in
            while true {
                let slot = slots[i]
                if slot.key < 0 { return nil }
                if slot.prefix == p && slot.length == length && (length <= 8 || restMatches(slot.key, key)) { return slot.key }
                i = (i + 1) & mask
            }
        }
    }

    /// Starts loading the slot a key of this `hash(_:)` would be found in (a row ahead of its look-up, or a
    /// few keys ahead of its insertion).
    @inline(__always)
    func prefetch(hash: UInt64) {
        let i = Int(truncatingIfNeeded: hash) & mask
        slots.withUnsafeBufferPointer { creditreport_prefetch($0.baseAddress! + i) }
    }

    /// Adds `key` as the next index; returns false (and adds nothing) when it is already there.
    mutating func insert(_ key: UnsafeBufferPointer<UInt8>) -> Bool { insert(key, hash: ByteKeyIndex.hash(key)) }

    /// `insert` of a key whose `hash(_:)` is already known.
    mutating func insert(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Bool {
        if index(of: key, hash: hash) != nil { return false }
        if (count + 1) * 2 > slots.count { grow() }
        keyBytes.append(contentsOf: key)
        keyStart.append(Int32(keyBytes.count))
        place(Slot(key: Int32(count), length: Int32(key.count), prefix: ByteKeyIndex.prefix(key)), hash: hash)
        count += 1
        return true
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
        let h = keyBytes.withUnsafeBufferPointer { ByteKeyIndex.hash(UnsafeBufferPointer(rebasing: $0[from..<to])) }
        var i = Int(truncatingIfNeeded: h) & mask
        while slots[i].key != n { i = (i + 1) & mask }
        slots[i] = Slot(key: -1, length: 0, prefix: 0)
        keyBytes.removeLast(to - from)
        keyStart.removeLast()
        count -= 1
    }

    private mutating func place(_ slot: Slot, hash: UInt64) {
        var i = Int(truncatingIfNeeded: hash) & mask
        while slots[i].key >= 0 { i = (i + 1) & mask }
        slots[i] = slot
    }

    private mutating func grow() {
        slots = Array(repeating: Slot(key: -1, length: 0, prefix: 0), count: slots.count * 2)
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
