import Foundation

/// The repository's own files (shipped formulas and templates) and the team's documents beside it,
/// found from this source file so tests run from any directory.
public enum Repository {
    /// The package root (`<root>/Tests/TestSupport/Repository.swift`).
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The text of a file of the repository, by its path from the root.
    public static func text(_ relativePath: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(relativePath), encoding: .utf8)
    }

    /// `formulas/*.toml`, sorted.
    public static var shippedFormulaFiles: [String] {
        let names =
            (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("formulas").path)) ?? []
        return names.filter { $0.hasSuffix(".toml") }.sorted().map { "formulas/\($0)" }
    }

    /// The real handoff documents: `shared/seeds` beside the repository, or beside a folder above it
    /// (a worktree in `wt/NAME` of the checkout's parent).
    public static var seeds: URL {
        var directory = root.deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("shared/seeds")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), isDirectory.boolValue
            {
                return candidate
            }
            directory = directory.deletingLastPathComponent()
        }
        return root.deletingLastPathComponent().appendingPathComponent("shared/seeds")
    }

    /// The text of the seed whose name starts with `prefix` ("000"), failing loudly when it is missing.
    public static func seed(_ prefix: String) throws -> String {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: seeds.path)) ?? []
        guard let name = names.first(where: { $0.hasPrefix(prefix + "_") }) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: seeds.path + "/" + prefix + "_*"])
        }
        return try String(contentsOf: seeds.appendingPathComponent(name), encoding: .utf8)
    }
}
