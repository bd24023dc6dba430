/// Maps byte strings (customer ids as they appear in the file) to their index, without making a `String`
/// per looked-up row: open addressing over a flat key store, FNV-1a hashes.
struct ByteKeyIndex: Sendable {
    private var keyBytes: [UInt8] = []
    private var keyStart: [Int32] = [0]
    private var slots: [Int32]          // -1 empty, else key number
    private var mask: Int
    private(set) var count = 0

    init(expected: Int) {
        var size = 16
        while size < expected * 2 { size <<= 1 }
        slots = Array(repeating: -1, count: size)
        mask = size - 1
    }

    @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in key { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h ^ (h >> 29)
    }

    @inline(__always)
    private func matches(_ slot: Int32, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let from = Int(keyStart[Int(slot)]), to = Int(keyStart[Int(slot) + 1])
        guard to - from == key.count else { return false }
        return keyBytes.withUnsafeBufferPointer { stored in
            var i = 0
            while i < key.count {
                if stored[from + i] != key[i] { return false }
                i += 1
            }
            return true
        }
    }

    /// The index of `key`, or nil.
    @inline(__always)
    func index(of key: UnsafeBufferPointer<UInt8>) -> Int32? {
        var i = Int(truncatingIfNeeded: ByteKeyIndex.hash(key)) & mask
        while true {
            let slot = slots[i]
            if slot < 0 { return nil }
            if matches(slot, key) { return slot }
            i = (i + 1) & mask
        }
    }

    /// Adds `key` as the next index; returns false (and adds nothing) when it is already there.
    mutating func insert(_ key: UnsafeBufferPointer<UInt8>) -> Bool {
        if index(of: key) != nil { return false }
        if (count + 1) * 2 > slots.count { grow() }
        keyBytes.append(contentsOf: key)
        keyStart.append(Int32(keyBytes.count))
        place(Int32(count), hash: ByteKeyIndex.hash(key))
        count += 1
        return true
    }

    mutating func insert(_ key: String) -> Bool {
        var bytes = Array(key.utf8)
        return bytes.withUnsafeMutableBufferPointer { insert(UnsafeBufferPointer($0)) }
    }

    /// Takes out the key inserted last. Safe with linear probing: no key inserted earlier probed past it.
    mutating func removeLast() {
        guard count > 0 else { return }
        let n = Int32(count - 1)
        let from = Int(keyStart[count - 1]), to = Int(keyStart[count])
        let h = keyBytes.withUnsafeBufferPointer { ByteKeyIndex.hash(UnsafeBufferPointer(rebasing: $0[from..<to])) }
        var i = Int(truncatingIfNeeded: h) & mask
        while slots[i] != n { i = (i + 1) & mask }
        slots[i] = -1
        keyBytes.removeLast(to - from)
        keyStart.removeLast()
        count -= 1
    }

    private mutating func place(_ n: Int32, hash: UInt64) {
        var i = Int(truncatingIfNeeded: hash) & mask
        while slots[i] >= 0 { i = (i + 1) & mask }
        slots[i] = n
    }

    private mutating func grow() {
        slots = Array(repeating: -1, count: slots.count * 2)
        mask = slots.count - 1
        for n in 0..<count {
            let from = Int(keyStart[n]), to = Int(keyStart[n + 1])
            let h = keyBytes.withUnsafeBufferPointer { ByteKeyIndex.hash(UnsafeBufferPointer(rebasing: $0[from..<to])) }
            place(Int32(n), hash: h)
        }
    }
}
