// swift-tools-version:6.0
import PackageDescription

// Layers, inner to outer (imports point inward):
//   CreditCore      model + metrics: pure value types and functions, no I/O
//   CreditIngest    bytes -> model + diagnostics (CSV; XML through libxml2's xmlTextReader)
//   CreditRender    templates, escaping, JSON, atomic file output; knows nothing about credit
//   CreditReportKit config, pipeline steps, report view model
//   creditreport    thin CLI: arguments, pipeline, diagnostics to stderr, exit code
let package = Package(
    name: "creditreport",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "creditreport", targets: ["creditreport"]),
        .library(name: "CreditReportKit", targets: ["CreditReportKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // A cache-prefetch hint (a header, nothing to link) for the ledger's posting loop.
        .systemLibrary(name: "CPrefetch"),
        .target(name: "CreditCore", dependencies: ["CPrefetch"]),
        // libxml2 through pkg-config; Debian: apt-get install libxml2-dev.
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        // Splitting plain CSV records 16 bytes at a time (a header, nothing to link).
        .systemLibrary(name: "CByteScan"),
        .target(name: "CreditIngest", dependencies: ["CreditCore", "CLibXML2", "CPrefetch", "CByteScan"]),
        // Starting a large output's write-out to disk early (a header, nothing to link).
        .systemLibrary(name: "CWriteback"),
        .target(name: "CreditRender", dependencies: ["CWriteback", .product(name: "Mustache", package: "swift-mustache")]),
        .target(
            name: "CreditReportKit",
            dependencies: ["CreditCore", "CreditIngest", "CreditRender", .product(name: "Yams", package: "Yams")]
        ),
        .executableTarget(
            name: "creditreport",
            dependencies: ["CreditCore", "CreditRender", "CreditReportKit", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Scratch folders and a seeded generator, shared by the test targets (not part of the tool).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "CreditCoreTests", dependencies: ["CreditCore", "TestSupport"]),
        .testTarget(name: "CreditIngestTests", dependencies: ["CreditIngest", "TestSupport"]),
        .testTarget(name: "CreditRenderTests", dependencies: ["CreditRender", "TestSupport"]),
        .testTarget(name: "CreditReportKitTests", dependencies: ["CreditReportKit", "TestSupport"], exclude: ["Snapshots"]),
    ],
    swiftLanguageModes: [.v6]
)
