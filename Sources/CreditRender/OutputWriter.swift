import CWriteback
import Dispatch
import Foundation

/// One output file, as bytes, or as a function that writes it in pieces (a large `metrics.json` is
/// never held in memory whole).
public struct OutputFile: Sendable {
    public var name: String
    public var bytes: [UInt8]
    /// Writes the contents by handing pieces to its argument, in order; used instead of `bytes` when set.
    public var stream: (@Sendable (_ piece: (UnsafeRawBufferPointer) -> Void) -> Void)?
    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }
    public init(name: String, stream: @escaping @Sendable (_ piece: (UnsafeRawBufferPointer) -> Void) -> Void) {
        self.name = name
        self.bytes = []
        self.stream = stream
    }
    public init(name: String, text: String) { self.init(name: name, bytes: Array(text.utf8)) }
    /// The whole contents in memory (tests; the writer streams).
    public var contents: [UInt8] {
        guard let stream else { return bytes }
        var all: [UInt8] = []
        stream { all.append(contentsOf: $0) }
        return all
    }
    public var text: String { String(decoding: contents, as: UTF8.self) }
}

/// Writes a set of output files so that none is ever seen half-written: each goes to a temporary file in
/// the output folder first, and only when all are written are they renamed into place.
public enum OutputWriter {
    public struct WriteError: Error, Sendable, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "\(path): error: cannot write: \(reason)" }
    }

    /// A file being written to its temporary name on another thread while the caller goes on (metrics.json,
    /// which needs the figures only, while the report renders). `write(_:into:alongside:)` waits for it and
    /// renames it into place with the others; `abandon()` waits for it and removes it.
    public final class Early: @unchecked Sendable {
        public let name: String
        let temporary: String, final: String
        private var failure: WriteError?
        private let done = NSCondition()
        private var finished = false

        /// The folder, when starting this file made it: removed again by `abandon()` when left empty.
        let madeFolder: String?

        init(_ file: OutputFile, folder: String, madeFolder: Bool) {
            self.madeFolder = madeFolder ? folder : nil
            name = file.name
            final = (folder as NSString).appendingPathComponent(file.name)
            temporary = OutputWriter.temporaryPath(for: file.name, in: folder)
            let thread = Thread { [self] in
                var failure: WriteError? = nil
                do throws(WriteError) { try OutputWriter.writeFile(file, to: temporary, final: final) } catch { failure = error }
                done.lock()
                self.failure = failure
                finished = true
                done.broadcast()
                done.unlock()
            }
            thread.start()
        }

        /// Waits until the file is written; the error that stopped it, if one did.
        func wait() -> WriteError? {
            done.lock()
            defer { done.unlock() }
            while !finished { done.wait() }
            return failure
        }

        /// Waits for the file and removes it (the run stopped before the report could be written), and the
        /// output folder when starting the file made it and nothing else is in it.
        public func abandon() {
            _ = wait()
            unlink(temporary)
            if let madeFolder { rmdir(madeFolder) }
        }
    }

    /// Starts writing `file` into `folder` on another thread, creating the folder if needed.
    public static func start(_ file: OutputFile, into folder: String) throws(WriteError) -> Early {
        var isFolder: ObjCBool = false
        let existed = FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) && isFolder.boolValue
        try makeFolder(folder)
        return Early(file, folder: folder, madeFolder: !existed)
    }

    /// Writes `files` (name → contents) into `folder`, creating it if needed; a file of the same name as one
    /// of `early` is not written again, and the early ones are renamed into place with the others, or
    /// removed when any file fails.
    public static func write(_ files: [OutputFile], into folder: String, alongside early: [Early] = []) throws(WriteError) {
        let fm = FileManager.default
        var temporary: [(String, String)] = []
        defer {
            for (tmp, _) in temporary where fm.fileExists(atPath: tmp) { try? fm.removeItem(atPath: tmp) }
            for e in early { e.abandon() }   // nothing left after a rename; waits when an error came first
        }
        try makeFolder(folder)
        for file in files {
            let final = (folder as NSString).appendingPathComponent(file.name)
            if let e = early.first(where: { $0.name == file.name }) {
                temporary.append((e.temporary, e.final))
                continue
            }
            let tmp = temporaryPath(for: file.name, in: folder)
            temporary.append((tmp, final))
            try writeFile(file, to: tmp, final: final)
        }
        for e in early where !temporary.contains(where: { $0.0 == e.temporary }) { temporary.append((e.temporary, e.final)) }
        for e in early {
            if let failure = e.wait() { throw failure }
        }
        for (tmp, final) in temporary {
            guard rename(tmp, final) == 0 else {
                throw WriteError(path: final, reason: String(cString: strerror(errno)))
            }
        }
    }

    static func makeFolder(_ folder: String) throws(WriteError) {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw WriteError(path: folder, reason: "cannot create the output folder (\(error.localizedDescription))")
        }
    }

    /// Removes temporary files that runs which stopped before renaming them left in `folder` (killed, out of
    /// memory, the machine down): `.NAME.PID-N.tmp`, of a process that no longer runs, untouched for an hour
    /// (a process of that number on another machine sharing the folder is still writing within that time).
    /// Each can be as large as the book's metrics.json, and a cron job that keeps failing would otherwise fill
    /// the disk with hidden files. Returns the names removed.
    public static func removeLeftovers(in folder: String, now: Date = Date()) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        var removed: [String] = []
        for name in names.sorted() where name.hasPrefix(".") && name.hasSuffix(".tmp") {
            // `.NAME.PID-N.tmp`: the last dot-separated part before `tmp` is `PID-N`.
            let parts = name.dropLast(4).split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count >= 3, let tag = parts.last else { continue }
            let numbers = tag.split(separator: "-", omittingEmptySubsequences: false)
            guard numbers.count == 2, let pid = Int32(numbers[0]), pid > 0, UInt32(numbers[1]) != nil else { continue }
            guard pid != getpid(), kill(pid, 0) == -1, errno == ESRCH else { continue }
            let path = (folder as NSString).appendingPathComponent(name)
            guard let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date,
                  now.timeIntervalSince(modified) > 3_600 else { continue }
            if unlink(path) == 0 { removed.append(name) }
        }
        return removed
    }

    static func temporaryPath(for name: String, in folder: String) -> String {
        (folder as NSString).appendingPathComponent(".\(name).\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp")
    }

    /// Writes one file to `tmp`; errors name `final`, the file the user asked for.
    static func writeFile(_ file: OutputFile, to tmp: String, final: String) throws(WriteError) {
        guard let handle = fopen(tmp, "wb") else {
            throw WriteError(path: final, reason: String(cString: strerror(errno)))
        }
        var failure: Int32 = 0
        let writeback = Writeback(fileno(handle))
        // Handed to the kernel 64 KiB at a time: measured here, 200 MB in 64 KiB writes copies in 0.08 s,
        // in 1 MiB writes in 0.5 s (the source stays in the core's cache).
        func put(_ b: UnsafeRawBufferPointer) {
            var offset = 0
            while failure == 0 && offset < b.count {
                let n = min(1 << 16, b.count - offset)
                if fwrite(b.baseAddress! + offset, 1, n, handle) != n { failure = errno == 0 ? EIO : errno }
                offset += n
                writeback?.wrote(n, flushing: handle)
            }
        }
        if let stream = file.stream { stream(put) } else { file.bytes.withUnsafeBytes(put) }
        writeback?.finish(flushing: handle)
        // A flush that failed (the write-out's own, or one inside `fwrite`) leaves the stream's error flag set.
        if failure == 0 && ferror(handle) != 0 { failure = errno == 0 ? EIO : errno }
        if fclose(handle) != 0 || failure != 0 {
            throw WriteError(path: final, reason: String(cString: strerror(failure != 0 ? failure : errno)))
        }
    }

    /// Starts the kernel's write-out of a file's pages every few megabytes as they are written, on a thread of
    /// its own, so that the disk writes them while the run goes on. Without it a large metrics.json was
    /// written out when it was renamed over last week's: ext4 does that for a file replacing another, and
    /// the rename of 203 MB waited 0.11–0.17 s for it, at the very end of the run (issue #2). Nothing is
    /// made durable sooner or later than before: this only moves when the writing starts.
    final class Writeback: @unchecked Sendable {
        /// Bytes between two starts: small enough that the disk is kept busy, large enough that the calls cost nothing.
        static let step: Int64 = 8 << 20
        private let fd: Int32
        private let queue = DispatchQueue(label: "creditreport.writeback")
        private var written: Int64 = 0, started: Int64 = 0
        /// How many times write-out was started (tests).
        private(set) var starts = 0

        /// Nil when the file cannot be shared with the writing thread (it is then written out as before).
        init?(_ fd: Int32) {
            let own = dup(fd)
            guard own >= 0 else { return nil }
            self.fd = own
        }

        /// Counts `n` more bytes written through `handle`; starts writing out those not yet started once there
        /// are `step` of them.
        func wrote(_ n: Int, flushing handle: UnsafeMutablePointer<FILE>) {
            written += Int64(n)
            if written - started >= Writeback.step { start(flushing: handle) }
        }

        /// Starts writing out the rest when the file was large enough to start any before, and lets go of the
        /// file when that is done.
        func finish(flushing handle: UnsafeMutablePointer<FILE>) {
            if started > 0 { start(flushing: handle) }
            queue.async { [fd] in close(fd) }
        }

        /// A failed flush is left to `writeFile`, which finds the stream's error flag set.
        private func start(flushing handle: UnsafeMutablePointer<FILE>) {
            guard written > started, fflush(handle) == 0 else { return }
            let from = started, length = written - started
            started = written
            starts += 1
            // Errors are left to the writes themselves and to fclose, which report them.
            queue.async { [fd] in _ = creditreport_start_writeback(fd, from, length) }
        }
    }
}
