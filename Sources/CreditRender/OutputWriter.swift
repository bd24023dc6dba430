import Foundation

/// Writes a set of output files so that none is ever seen half-written: each goes to a temporary file in
/// the output folder first, and only when all are written are they renamed into place.
public enum OutputWriter {
    public struct WriteError: Error, Sendable, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "\(path): error: cannot write: \(reason)" }
    }

    /// Writes `files` (name → contents) into `folder`, creating it if needed.
    public static func write(_ files: [(name: String, contents: String)], into folder: String) throws(WriteError) {
        let fm = FileManager.default
        do {
            try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw WriteError(path: folder, reason: "cannot create the output folder (\(error.localizedDescription))")
        }
        var temporary: [(String, String)] = []
        defer { for (tmp, _) in temporary where fm.fileExists(atPath: tmp) { try? fm.removeItem(atPath: tmp) } }
        let stamp = "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        for file in files {
            let final = (folder as NSString).appendingPathComponent(file.name)
            let tmp = (folder as NSString).appendingPathComponent(".\(file.name).\(stamp).tmp")
            guard fm.createFile(atPath: tmp, contents: Data(file.contents.utf8)) else {
                throw WriteError(path: final, reason: "the folder is not writable or the disk is full")
            }
            temporary.append((tmp, final))
        }
        for (tmp, final) in temporary {
            guard rename(tmp, final) == 0 else {
                throw WriteError(path: final, reason: String(cString: strerror(errno)))
            }
        }
    }
}
