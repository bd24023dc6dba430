import Foundation
import TestSupport

/// The package's root folder, found from this file's path, for the bundled sample and the snapshots.
enum Repo {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()
    static func path(_ relative: String) -> String { root + "/" + relative }
}

/// A temporary folder with the files a test writes.
struct Scratch {
    let folder = scratchFolder()
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
