import Foundation

/// The package's root folder, found from this file's path, for the bundled sample and the snapshots.
enum Repo {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()
    static func path(_ relative: String) -> String { root + "/" + relative }
}

/// One folder per test process for the files tests write, removed when the process exits (before, every
/// test left its folder behind in TMPDIR).
enum ScratchRoot {
    static let path: String = {
        let path = NSTemporaryDirectory() + "creditreport-kit-tests-\(getpid())"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: ScratchRoot.path) }
        return path
    }()
}

/// A temporary folder with the files a test writes, under `ScratchRoot`.
struct Scratch {
    let folder = ScratchRoot.path + "/" + UUID().uuidString
    init() { try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
    @discardableResult
    func write(_ name: String, _ text: String) -> String {
        let path = folder + "/" + name
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }
    func read(_ name: String) -> String? {
        FileManager.default.contents(atPath: folder + "/" + name).flatMap { String(data: $0, encoding: .utf8) }
    }
}
