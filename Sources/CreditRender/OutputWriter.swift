import Foundation

/// One output file, as bytes.
public struct OutputFile: Sendable {
    public var name: String
    public var bytes: [UInt8]
    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }
    public init(name: String, text: String) { self.init(name: name, bytes: Array(text.utf8)) }
    public var text: String { String(decoding: bytes, as: UTF8.self) }
}

/// Writes a set of output files so that none is ever seen half-written: each goes to a temporary file in
/// the output folder first, and only when all are written are they renamed into place.
public enum OutputWriter {
    public struct WriteError: Error, Sendable, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "\(path): error: cannot write: \(reason)" }
    }

    /// Writes `files` (name → contents) into `folder`, creating it if needed.
    public static func write(_ files: [OutputFile], into folder: String) throws(WriteError) {
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
            temporary.append((tmp, final))
            guard let handle = fopen(tmp, "wb") else {
                throw WriteError(path: final, reason: String(cString: strerror(errno)))
            }
            let written = file.bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, handle) }
            let failure = written != file.bytes.count ? errno : 0
            if fclose(handle) != 0 || failure != 0 {
                throw WriteError(path: final, reason: String(cString: strerror(failure != 0 ? failure : errno)))
            }
        }
        for (tmp, final) in temporary {
            guard rename(tmp, final) == 0 else {
                throw WriteError(path: final, reason: String(cString: strerror(errno)))
            }
        }
    }
}
