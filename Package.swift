// swift-tools-version:6.1
// Module layout and the one-way dependency rule: see docs/ARCHITECTURE.md.
import PackageDescription

let package = Package(
    name: "gastown",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "gastown", targets: ["gastown"]),
        .library(name: "TOML", targets: ["TOML"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", from: "0.12.1"),
        // swift-log: the SDK's transports name a Logger (ours logs nothing).
        .package(url: "https://github.com/apple/swift-log", from: "1.5.0"),
    ],
    targets: [
        // TOML: no domain knowledge; bytes in, values out (and back); precise errors.
        .target(name: "TOML"),
        // DisplayText: the one sanitizer for untrusted text and the one display width. No dependencies.
        .target(name: "DisplayText"),
        // Screen: cells, styles, keys, frames and the TerminalPort the run loop draws through; shared by the
        // dashboard model, its runtime and the terminal.
        .target(name: "Screen", dependencies: ["DisplayText"]),
        // Signing: OpenSSH public keys, fingerprints, SSHSIG signatures (parse, verify in-process, sign through
        // ssh-keygen). No gastown knowledge.
        .target(
            name: "Signing",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]),
        // Core: formulas, molecules, convoys, the state machine, gates. Pure, no I/O.
        .target(
            name: "Core",
            dependencies: [
                "TOML", "DisplayText",
                .product(name: "Mustache", package: "swift-mustache"),
            ]),
        // CDirent: getdents64(2) for the store's folder listings (Glibc does not export it).
        .systemLibrary(name: "CDirent"),
        // Store: the .beads/ tree, atomic locked writes, the audit log.
        .target(
            name: "Store",
            dependencies: [
                "TOML", "DisplayText", "Core", "Signing", "CDirent", .product(name: "Crypto", package: "swift-crypto"),
            ]),
        // Dashboard: the pure TUI model (state + action -> state; state -> grid of cells).
        .target(name: "Dashboard", dependencies: ["DisplayText", "Screen", "Core", "Store"]),
        // DashboardRuntime: loading, watching, the store source, the demo builder and the run loop (on a TerminalPort).
        .target(
            name: "DashboardRuntime", dependencies: ["DisplayText", "Screen", "Core", "Signing", "Store", "Dashboard"]),
        // CNcursesw + Terminal: the only code that touches ncurses.
        .systemLibrary(
            name: "CNcursesw",
            providers: [.apt(["libncurses-dev"])]
        ),
        .target(name: "Terminal", dependencies: ["CNcursesw", "Screen"]),
        // GastownCLI: every verb's options, behaviour and presentation (text, --json, exit codes).
        .target(
            name: "GastownCLI",
            dependencies: [
                "TOML", "DisplayText", "Screen", "Core", "Signing", "Store", "DashboardRuntime",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // GastownMCP: `gastown mcp`, the agent verbs as MCP tools and the store as resources (one handler per tool,
        // the same Store calls and JSON objects as the CLI).
        .target(
            name: "GastownMCP",
            dependencies: [
                "Core", "Store", "GastownCLI", .product(name: "MCP", package: "swift-sdk"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        // The executable: @main, the command tree, and the ncurses terminal wired to the dashboard.
        .executableTarget(
            name: "gastown",
            dependencies: [
                "GastownCLI", "GastownMCP", "Terminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // dash-bench: the dashboard's in-process costs, driven by scripts/bench-dash.
        .executableTarget(
            name: "dash-bench", dependencies: ["Screen", "Dashboard", "Store"], path: "Benchmarks/dash-bench"),
        // toml-bench: the decoder benchmark driven by scripts/bench-toml (release builds only matter).
        .executableTarget(name: "toml-bench", dependencies: ["TOML"], path: "Benchmarks/toml-bench"),
        // Benchmark: load + validate a generated 1,000-step formula (scripts/bench-formulas).
        .executableTarget(name: "formula-bench", dependencies: ["Core", "TOML"], path: "Benchmarks/formula-bench"),
        // Test support: the repository's files, the built executables, temporary directories, a fake terminal,
        // a small review workspace, a seeded random generator.
        .target(name: "TestSupport", dependencies: ["Screen", "Core", "Signing", "Store"], path: "Tests/TestSupport"),
        // store-stress: hammers one molecule with locked updates for the concurrency tests (not shipped).
        .executableTarget(
            name: "store-stress",
            dependencies: ["Store", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Tests/StoreStress"),
        .testTarget(name: "TOMLTests", dependencies: ["TOML", "TestSupport"]),
        .testTarget(
            name: "SigningTests",
            dependencies: ["Signing", "TestSupport", .product(name: "Crypto", package: "swift-crypto")]),
        // Fixtures/: formula files of every Gas Town type, read by path (also by the end-to-end tests).
        .testTarget(
            name: "CoreTests", dependencies: ["DisplayText", "Core", "TOML", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "StoreTests", dependencies: ["DisplayText", "Store", "Core", "TOML", "TestSupport"]),
        .testTarget(
            name: "DashboardTests",
            dependencies: ["DisplayText", "Screen", "Dashboard", "Store", "Core", "TestSupport"]),
        // MCPClient/: the independent MCP client (Python) the MCP end-to-end test runs.
        .testTarget(name: "EndToEndTests", dependencies: ["TOML", "TestSupport"], exclude: ["MCPClient"]),
        .testTarget(
            name: "DashboardRuntimeTests",
            dependencies: ["Screen", "Core", "Store", "Dashboard", "DashboardRuntime", "TestSupport"]),
        .testTarget(
            name: "GastownCLITests",
            dependencies: [
                "Screen", "Core", "Store", "Dashboard", "GastownCLI", "TestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .testTarget(
            name: "GastownMCPTests",
            dependencies: [
                "Core", "Store", "GastownCLI", "GastownMCP", "TestSupport", .product(name: "MCP", package: "swift-sdk"),
            ]),
        .testTarget(name: "TerminalTests", dependencies: ["Screen", "Terminal", "CNcursesw"]),
    ],
    swiftLanguageModes: [.v6]
)
