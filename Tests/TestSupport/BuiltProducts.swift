import Foundation

/// The package's executables as built for this test run (`gastown`, `store-stress`), found beside
/// the test bundle: the end-to-end tests run them as a user (or an agent) would.
public enum BuiltProducts {
    public static var gastown: URL { url("gastown") }

    /// The test-support executable that hammers one molecule with locked updates.
    public static var storeStress: URL { url("store-stress") }

    public static func url(_ name: String) -> URL {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent(name)
    }
}
