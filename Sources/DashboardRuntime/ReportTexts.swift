import Dashboard
import Foundation
import Store

#if canImport(Glibc)
    import Glibc
#endif

/// Report texts read when a report is shown, and the few shown lately kept by path: a view asks for its
/// report's text at every frame, so a text is read again only when its file changed (another inode, size or
/// modification time). Snapshots hold no text: a workspace's reports are read one at a time, as they are opened.
final class ReportTexts: ReportTextSource, @unchecked Sendable {
    private struct Identity: Equatable {
        var device: UInt64, inode: UInt64, size: Int64, seconds: Int, nanoseconds: Int
    }
    /// Texts kept at most (a reader, the box beside a decision, and the last few opened).
    let limit: Int
    private let lock = NSLock()
    /// Most recently read last.
    private var recent: [(path: String, identity: Identity, text: String)] = []

    init(limit: Int = 8) { self.limit = limit }

    /// The text of the report at `path`, or a line saying it could not be read.
    func text(at path: String) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else {
            forget(path)
            return "(could not read \(path))"
        }
        let identity = Identity(
            device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
            seconds: info.st_mtim.tv_sec, nanoseconds: info.st_mtim.tv_nsec)
        let kept = lock.withLock { () -> String? in
            guard let position = recent.lastIndex(where: { $0.path == path }), recent[position].identity == identity
            else { return nil }
            // The most recent again, whatever else is read before it is asked for next.
            recent.append(recent.remove(at: position))
            return recent.last?.text
        }
        if let kept { return kept }
        guard let bytes = (try? AtomicFile.read(path)).flatMap({ $0 }) else {
            forget(path)
            return "(could not read \(path))"
        }
        let text = String(decoding: bytes, as: UTF8.self)
        lock.withLock {
            recent.removeAll { $0.path == path }
            recent.append((path, identity, text))
            if recent.count > limit { recent.removeFirst(recent.count - limit) }
        }
        return text
    }

    /// The paths whose texts are kept, most recently read last.
    var keptPaths: [String] { lock.withLock { recent.map(\.path) } }

    private func forget(_ path: String) {
        lock.withLock { recent.removeAll { $0.path == path } }
    }
}
