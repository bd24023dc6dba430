#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CreditCore
import Dispatch

/// Document-id hashes written out to 16 temporary files, by their top 4 bits, so that a large
/// export whose ids are not in order does not hold 8 bytes a row in memory: repeats are then looked for a
/// sixteenth of the hashes at a time (on 10M rows, 5 MB at a time rather than 80 MB). Each file is made
/// under `$TMPDIR` (or /tmp) on its first write and unlinked at once: it has no name, so the space comes
/// back when the spill is done, or when the process ends however it ends (a cron job killed half-way left
/// a named folder of them behind).
final class HashSpill: @unchecked Sendable {
    static let partitions = 16
    /// A part writes its hashes out whenever it holds this many.
    let batch: Int

    private let lock = PthreadLock()
    /// Where the files are made: `$TMPDIR`, else /tmp.
    private let folder: String
    private var files: [UnsafeMutablePointer<FILE>?] = Array(repeating: nil, count: HashSpill.partitions)
    /// Hashes written so far.
    private(set) var count = 0
    /// The input the hashes come from, for the error message.
    let fileName: String

    init(fileName: String, batch: Int = ItemPosting.spillBatch, folder: String? = nil) {
        self.fileName = fileName
        self.batch = batch
        self.folder = folder ?? getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
    }

    deinit {
        for file in files { if let file { fclose(file) } }
    }

    /// A new temporary file under `folder`, already unlinked; nil when it cannot be made.
    private func unnamedFile() -> UnsafeMutablePointer<FILE>? {
        var template = Array("\(folder)/creditreport-hashes-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { return nil }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        guard let file = fdopen(fd, "w+b") else {
            close(fd)
            return nil
        }
        return file
    }

    private func failure(_ what: String) -> IngestError {
        let reason = String(cString: strerror(errno))
        return IngestError(kind: .unreadable, diagnostic: Diagnostic(.error, .init(file: fileName),
            "cannot \(what) (\(reason)): the document ids of a large export that is not in id order are checked for repeats there",
            hint: "set TMPDIR to a folder with room (about 8 bytes per row of the export)"))
    }

    /// Writes `values` out (any order).
    func add(_ values: [UInt64]) throws(IngestError) {
        guard !values.isEmpty else { return }
        var parts = Array(repeating: [UInt64](), count: HashSpill.partitions)
        for v in values { parts[Int(v >> 60)].append(v) }
        var error: IngestError?
        lock.locked {
            for p in 0..<HashSpill.partitions where !parts[p].isEmpty {
                if files[p] == nil { files[p] = unnamedFile() }
                guard let file = files[p] else { error = failure("make a temporary file in \(folder)"); return }
                let written = parts[p].withUnsafeBufferPointer { fwrite($0.baseAddress, 8, $0.count, file) }
                guard written == parts[p].count else { error = failure("write to a temporary file in \(folder)"); return }
            }
            count += values.count
        }
        if let error { throw error }
    }

    /// Where each partition ends now, to go back to (`rollBack(to:)`).
    func mark() -> [Int] {
        lock.locked { files.map { file in file.map { fflush($0); return ftell($0) } ?? 0 } }
    }

    /// Forgets what was written since `mark`: a file read again in one piece must not count its ids twice.
    func rollBack(to mark: [Int]) throws(IngestError) {
        var failed = false
        lock.locked {
            for (p, file) in files.enumerated() {
                guard let file else { continue }
                fflush(file)
                let dropped = (ftell(file) - mark[p]) / 8
                if ftruncate(fileno(file), off_t(mark[p])) != 0 || fseek(file, mark[p], SEEK_SET) != 0 { failed = true; return }
                count -= dropped
            }
        }
        if failed { throw failure("rewrite a temporary file in \(folder)") }
    }

    /// The hashes written to partition `p`.
    private func partition(_ p: Int) throws(IngestError) -> [UInt64] {
        guard let file = files[p] else { return [] }
        guard fflush(file) == 0, fseek(file, 0, SEEK_END) == 0 else { throw failure("read back a temporary file in \(folder)") }
        let n = ftell(file) / 8
        rewind(file)
        var values = [UInt64](repeating: 0, count: n)
        let read = values.withUnsafeMutableBufferPointer { fread($0.baseAddress, 8, n, file) }
        guard read == n else { throw failure("read back a temporary file in \(folder)") }
        return values
    }

    /// Hashes that occur more than once among those written out and those still in `parts`, a partition at a
    /// time (one per core).
    func repeated(alsoIn parts: [DocumentHashes]) throws(IngestError) -> Set<UInt64> {
        let results = ChunkSlots<Set<UInt64>>(count: HashSpill.partitions)
        DispatchQueue.concurrentPerform(iterations: HashSpill.partitions) { p in
            results.set(p, Outcome(file: fileName) {
                var values = try partition(p)
                for part in parts { for v in part.values where Int(v >> 60) == p { values.append(v) } }
                values.sort()
                var repeated: Set<UInt64> = []
                if values.count > 1 { for i in 1..<values.count where values[i] == values[i - 1] { repeated.insert(values[i]) } }
                return repeated
            })
        }
        var all: Set<UInt64> = []
        for p in 0..<HashSpill.partitions { all.formUnion(try results.take(p)!.get()) }
        return all
    }
}
