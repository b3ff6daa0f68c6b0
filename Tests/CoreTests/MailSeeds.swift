import Foundation

/// The real handoff documents in `shared/seeds/` beside the repository (or beside a folder above it, where
/// the checkout is a git worktree in a subfolder), read once per use.
enum MailSeeds {
    static var directory: URL { seedsDirectory(above: #filePath) }

    /// The text of the seed whose name starts with `prefix` ("000"), failing loudly if it is missing.
    static func text(_ prefix: String) throws -> String {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        guard let name = names.first(where: { $0.hasPrefix(prefix + "_") }) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: directory.path + "/" + prefix + "_*"])
        }
        return try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }
}

/// The nearest `shared/seeds` folder in a folder above `path`.
func seedsDirectory(above path: String) -> URL {
    var folder = URL(fileURLWithPath: path).deletingLastPathComponent()
    repeat {
        folder.deleteLastPathComponent()
    } while folder.path != "/"
        && !FileManager.default.fileExists(atPath: folder.appendingPathComponent("shared/seeds").path)
    return folder.appendingPathComponent("shared/seeds")
}
