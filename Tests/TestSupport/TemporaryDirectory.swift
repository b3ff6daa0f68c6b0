import Foundation

/// A new, empty directory under the system's temporary folder, with symlinks resolved (so paths
/// compare equal to what the store and the watcher report); `remove()` deletes it.
public struct TemporaryDirectory: Sendable {
    public let path: String

    public init(prefix: String = "gastown-test") throws {
        let base = URL(fileURLWithPath: NSTemporaryDirectory()).resolvingSymlinksInPath().path
        path = base + "/" + prefix + "-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    public func remove() { try? FileManager.default.removeItem(atPath: path) }
}
