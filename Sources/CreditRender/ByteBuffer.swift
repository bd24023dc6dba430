import Foundation

/// A growable run of bytes that writers fill through a pointer: room is made once per field, then the
/// bytes are stored without a check each. `[UInt8].append` checked capacity and sole ownership at every
/// byte or piece, a dozen times per field of a `metrics.json` line (25 fields per customer, 200,000
/// customers on the benchmark book).
///
/// Not copyable: it owns its memory and frees it when it goes away.
public struct ByteBuffer: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    public private(set) var count = 0

    public init(capacity: Int = 1 << 12) {
        self.capacity = max(16, capacity)
        base = .allocate(capacity: self.capacity)
    }

    /// Takes over memory from `release()`, empty.
    fileprivate init(adopting storage: Storage) {
        base = storage.base
        capacity = storage.capacity
    }

    deinit { base.deallocate() }

    /// Memory handed from one buffer to the next, so that a large buffer is mapped and faulted in once.
    /// Only `ByteBufferPool` holds it, and each is adopted or freed exactly once.
    fileprivate struct Storage {
        let base: UnsafeMutablePointer<UInt8>
        let capacity: Int
    }

    /// Gives up the memory without freeing it, for `init(adopting:)`.
    fileprivate consuming func release() -> Storage {
        let storage = Storage(base: base, capacity: capacity)
        discard self
        return storage
    }

    /// Makes room for at least `n` more bytes.
    @inline(__always)
    mutating func reserve(_ n: Int) {
        if capacity - count < n { grow(to: count + n) }
    }

    private mutating func grow(to needed: Int) {
        var size = capacity
        while size < needed { size *= 2 }
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
        bigger.update(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity = size
    }

    /// Makes room for `room` bytes and lets `body` write them at the end; `body` returns how many it wrote.
    @inline(__always)
    mutating func write(room: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Int) {
        reserve(room)
        let written = body(base + count)
        precondition(written >= 0 && written <= room, "wrote \(written) bytes into room for \(room)")
        count += written
    }

    public mutating func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard let from = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        UnsafeMutableRawPointer(base + count).copyMemory(from: from, byteCount: bytes.count)
        count += bytes.count
    }

    public mutating func append(_ text: StaticString) {
        append(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    public mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    /// Forgets the contents and keeps the memory.
    public mutating func removeAll() { count = 0 }

    /// Drops the last `n` bytes.
    public mutating func removeLast(_ n: Int) {
        precondition(n >= 0 && n <= count)
        count -= n
    }

    /// The contents, valid while `body` runs.
    public func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: base, count: count))
    }

    /// A copy of the contents.
    public var array: [UInt8] { withBytes { Array($0) } }

    /// The contents as UTF-8 text (tests).
    public var text: String { withBytes { String(decoding: $0, as: UTF8.self) } }
}

/// Buffers given back for reuse, from any thread: a buffer of a megabyte or more is mapped and faulted in
/// once, not for every block of lines. Frees what it holds when it goes away.
public final class ByteBufferPool: @unchecked Sendable {
    private var spare: [ByteBuffer.Storage] = []
    private let lock = NSLock()
    private let capacity: Int

    /// New buffers start with room for `capacity` bytes.
    public init(capacity: Int) { self.capacity = capacity }

    deinit { for storage in spare { _ = ByteBuffer(adopting: storage) } }

    /// An empty buffer, on the memory of one given back when there is one.
    public func take() -> ByteBuffer {
        lock.lock()
        let storage = spare.popLast()
        lock.unlock()
        if let storage { return ByteBuffer(adopting: storage) }
        return ByteBuffer(capacity: capacity)
    }

    public func giveBack(_ buffer: consuming ByteBuffer) {
        let storage = buffer.release()
        lock.lock()
        spare.append(storage)
        lock.unlock()
    }
}
