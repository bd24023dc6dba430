import Foundation

/// What the test targets share: scratch folders that do not outlive the test process, and a seeded random
/// number generator. Not part of the tool.

/// A new empty folder for one test's files, under one folder per test process that is removed when the
/// process exits (before, every test left its folder behind in TMPDIR: thousands after a day of runs).
public func scratchFolder() -> String {
    let folder = ScratchRoot.path + "/" + UUID().uuidString
    try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    return folder
}

enum ScratchRoot {
    static let path: String = {
        let path = NSTemporaryDirectory() + "creditreport-tests-\(getpid())"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: ScratchRoot.path) }
        return path
    }()
}

/// A seeded random number generator (SplitMix64), so that a randomised test that fails fails again.
public struct SplitMix: RandomNumberGenerator {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
