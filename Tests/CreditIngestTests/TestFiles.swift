import Foundation

/// Temporary input files for ingestion tests, in a folder of their own under `TestScratchRoot`.
struct TestFiles {
    let folder: String

    init() {
        folder = TestScratchRoot.path + "/" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
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

/// One folder per test process for the files tests write, removed when the process exits (before, every
/// test left its folder behind in TMPDIR: thousands after a day of runs).
enum TestScratchRoot {
    static let path: String = {
        let path = NSTemporaryDirectory() + "creditreport-ingest-tests-\(getpid())"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: TestScratchRoot.path) }
        return path
    }()
}

/// A seeded random number generator (SplitMix64), so that a randomised test that fails fails again.
struct SplitMix: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
