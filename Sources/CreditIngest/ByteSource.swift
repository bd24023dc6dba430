#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A stream of bytes read from a file in chunks — never the whole file at once — optionally starting at an
/// offset, and transcoded to UTF-8 when the file is in another encoding.
final class ByteSource {
    private let fd: Int32
    private var offset: Int
    private var converter: iconv_t?
    private var pending: UnsafeMutablePointer<UInt8>?   // undecoded bytes awaiting the rest of a character
    private var pendingCount = 0
    private var rawEOF = false
    let path: String
    let encoding: TextEncoding

    enum Failure: Error {
        case cannotOpen(path: String, reason: String)
        case readFailed(path: String, reason: String)
        case undecodable(path: String, encoding: TextEncoding)
    }

    init(path: String, offset: Int = 0, encoding: TextEncoding = .utf8) throws(Failure) {
        self.path = path
        self.encoding = encoding
        fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw .cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        var st = stat()
        if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw .cannotOpen(path: path, reason: "it is a folder, not a file")
        }
        self.offset = offset
        if encoding != .utf8 {
            let cd = iconv_open("UTF-8", encoding.iconvName)
            if cd == iconv_t(bitPattern: -1) {
                close(fd)
                throw .cannotOpen(path: path, reason: "this system cannot decode \(encoding.rawValue)")
            }
            converter = cd
            pending = .allocate(capacity: 1 << 16)
        }
    }

    deinit {
        close(fd)
        if let converter { iconv_close(converter) }
        pending?.deallocate()
    }

    /// Size of the file in bytes.
    static func size(of path: String) -> Int? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return Int(st.st_size)
    }

    /// Reads up to `capacity` UTF-8 bytes into `buffer`; 0 means the end of the file.
    func read(into buffer: UnsafeMutablePointer<UInt8>, capacity: Int) throws(Failure) -> Int {
        guard let converter, let pending else { return try readRaw(into: buffer, capacity: capacity) }
        // Transcode: keep the raw tail that ends mid-character for the next call.
        while true {
            if !rawEOF && pendingCount < 1 << 15 {
                let n = try readRaw(into: pending + pendingCount, capacity: (1 << 16) - pendingCount)
                if n == 0 { rawEOF = true } else { pendingCount += n }
            }
            if pendingCount == 0 { return 0 }
            var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(pending).assumingMemoryBound(to: CChar.self)
            var inLeft = pendingCount
            var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(buffer).assumingMemoryBound(to: CChar.self)
            var outLeft = capacity
            let result = iconv(converter, &inPtr, &inLeft, &outPtr, &outLeft)
            let failure = result == -1 ? errno : 0
            let produced = capacity - outLeft
            let consumed = pendingCount - inLeft
            if consumed > 0 {
                memmove(pending, pending + consumed, inLeft)
                pendingCount = inLeft
            }
            if failure == EILSEQ || (failure == EINVAL && rawEOF) {
                if produced > 0 { return produced }
                throw .undecodable(path: path, encoding: encoding)
            }
            if produced > 0 { return produced }
            if rawEOF && pendingCount == 0 { return 0 }
        }
    }

    private func readRaw(into buffer: UnsafeMutablePointer<UInt8>, capacity: Int) throws(Failure) -> Int {
        while true {
            let n = pread(fd, buffer, capacity, off_t(offset))
            if n >= 0 {
                offset += n
                return n
            }
            if errno == EINTR { continue }
            throw .readFailed(path: path, reason: String(cString: strerror(errno)))
        }
    }
}
