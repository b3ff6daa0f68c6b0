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
    ],
    targets: [
        // TOML: no domain knowledge; bytes in, values out (and back); precise errors.
        .target(name: "TOML"),
        // Core: formulas, molecules, convoys, the state machine, gates. Pure, no I/O.
        .target(
            name: "Core",
            dependencies: [
                "TOML",
                .product(name: "Mustache", package: "swift-mustache"),
            ]),
        // Store: the .beads/ tree, atomic locked writes, the audit log.
        .target(name: "Store", dependencies: ["TOML", "Core"]),
        // Dashboard: the pure TUI model (state + action -> state; state -> grid of cells).
        .target(name: "Dashboard", dependencies: ["Core", "Store"]),
        // CNcursesw + Terminal: the only code that touches ncurses.
        .systemLibrary(
            name: "CNcursesw",
            providers: [.apt(["libncurses-dev"])]
        ),
        .target(name: "Terminal", dependencies: ["CNcursesw", "Dashboard"]),
        // The executable: argument-parser commands and the dashboard's run loop.
        .executableTarget(
            name: "gastown",
            dependencies: [
                "TOML", "Core", "Store", "Dashboard", "Terminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // dash-bench: the dashboard's in-process costs, driven by scripts/bench-dash.
        .executableTarget(name: "dash-bench", dependencies: ["Dashboard", "Store"], path: "Benchmarks/dash-bench"),
        // toml-bench: the decoder benchmark driven by scripts/bench-toml (release builds only matter).
        .executableTarget(name: "toml-bench", dependencies: ["TOML"], path: "Benchmarks/toml-bench"),
        // Benchmark: load + validate a generated 1,000-step formula (scripts/bench-formulas).
        .executableTarget(name: "formula-bench", dependencies: ["Core", "TOML"], path: "Benchmarks/formula-bench"),
        .testTarget(name: "TOMLTests", dependencies: ["TOML"]),
        .testTarget(name: "CoreTests", dependencies: ["Core", "TOML"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "Core", "TOML"]),
        .testTarget(name: "DashboardTests", dependencies: ["Dashboard", "Store", "Core"]),
        .testTarget(name: "EndToEndTests", dependencies: ["TOML"]),
    ],
    swiftLanguageModes: [.v6]
)
