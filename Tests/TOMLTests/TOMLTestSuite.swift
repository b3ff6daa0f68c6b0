import Foundation

/// Locates toml-test's case files: `$TOML_TEST_DIR`, else `../shared/toml-test/tests` beside the repository.
enum TOMLTestSuite {
    static let listName = "files-toml-1.1.0"

    static var directory: URL {
        if let custom = ProcessInfo.processInfo.environment["TOML_TEST_DIR"], !custom.isEmpty {
            return URL(fileURLWithPath: custom)
        }
        // Tests/TOMLTests/TOMLTestSuite.swift -> the repository root -> ../shared/toml-test/tests
        let repository = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return repository.deletingLastPathComponent().appendingPathComponent("shared/toml-test/tests")
    }

    /// Why the suite cannot be read, worded so that whoever sees the failure can fix it.
    static var missingMessage: String {
        let ci = ProcessInfo.processInfo.environment["CI"] == "true" ? " (CI=true: the suite is required)" : ""
        return "toml-test suite not found at \(directory.path)/\(listName)\(ci). Get it from "
            + "https://github.com/toml-lang/toml-test (its tests/ folder holds valid/, invalid/ and \(listName)) "
            + "and set TOML_TEST_DIR to that folder, or place it at ../shared/toml-test/tests beside the repository."
    }

    /// Relative paths listed for TOML 1.1.0, or nil when the suite is missing.
    static func listedFiles() -> [String]? {
        let list = directory.appendingPathComponent(listName)
        guard let text = try? String(contentsOf: list, encoding: .utf8) else { return nil }
        return text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty }
    }

    static func data(_ relativePath: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(relativePath))
    }
}
