import Foundation
import TestSupport

/// Temporary input files for ingestion tests, in a scratch folder of their own.
struct TestFiles {
    let folder: String

    init() {
        folder = scratchFolder()
    }

    /// Writes `bytes` and returns the path.
    @discardableResult
    func write(_ name: String, bytes: [UInt8]) -> String {
        let path = folder + "/" + name
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    @discardableResult
    func write(_ name: String, _ text: String) -> String { write(name, bytes: Array(text.utf8)) }
}
