import Foundation

/// The real handoff documents in `../shared/seeds/` (beside the repository), read once per use.
enum MailSeeds {
    static var directory: URL {
        URL(fileURLWithPath: #filePath)  // <repo>/Tests/CoreTests/MailSeeds.swift
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/seeds")
    }

    /// The text of the seed whose name starts with `prefix` ("000"), failing loudly if it is missing.
    static func text(_ prefix: String) throws -> String {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        guard let name = names.first(where: { $0.hasPrefix(prefix + "_") }) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: directory.path + "/" + prefix + "_*"])
        }
        return try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }
}
