import Foundation

/// A new, empty directory under the system's temporary folder, with symlinks resolved (so paths
/// compare equal to what the store and the watcher report); `remove()` deletes it, and whatever a test
/// left is deleted when the test process exits.
public struct TemporaryDirectory: Sendable {
    public let path: String

    public init(prefix: String = "gastown-test") throws {
        let base = URL(fileURLWithPath: NSTemporaryDirectory()).resolvingSymlinksInPath().path
        path = base + "/" + prefix + "-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        Self.removeAtExit(path)
    }

    public func remove() { try? FileManager.default.removeItem(atPath: path) }

    /// Deletes `path` (a directory this test process made) when the process exits, so test runs do not
    /// fill the temporary folder with the directories of suites that have no teardown.
    public static func removeAtExit(_ path: String) {
        LeftOvers.shared.add(path)
    }
}

/// The directories to delete at exit: one `atexit` handler for them all.
private final class LeftOvers: @unchecked Sendable {
    static let shared: LeftOvers = {
        let leftOvers = LeftOvers()
        atexit { LeftOvers.shared.removeAll() }
        return leftOvers
    }()

    private let lock = NSLock()
    private var paths: [String] = []

    func add(_ path: String) {
        lock.lock()
        defer { lock.unlock() }
        paths.append(path)
    }

    func removeAll() {
        lock.lock()
        let all = paths
        paths = []
        lock.unlock()
        for path in all { try? FileManager.default.removeItem(atPath: path) }
    }
}
