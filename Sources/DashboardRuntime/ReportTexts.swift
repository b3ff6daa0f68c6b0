import Foundation
import Store

#if canImport(Glibc)
    import Glibc
#endif

/// Report texts by path, read again only when the file changed (another inode, size or
/// modification time): snapshots are published many times a second while molecules load or
/// files change, and most reports never change once rendered.
final class ReportTexts {
    private struct Identity: Equatable {
        var device: UInt64, inode: UInt64, size: Int64, seconds: Int, nanoseconds: Int
    }
    private var cache: [String: (identity: Identity, text: String)] = [:]
    private var seen = Set<String>()

    /// The text of the report at `path`, or a line saying it could not be read.
    func text(at path: String) -> String {
        seen.insert(path)
        var info = stat()
        guard stat(path, &info) == 0 else {
            cache[path] = nil
            return "(could not read \(path))"
        }
        let identity = Identity(
            device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
            seconds: info.st_mtim.tv_sec, nanoseconds: info.st_mtim.tv_nsec)
        if let cached = cache[path], cached.identity == identity { return cached.text }
        guard let bytes = (try? AtomicFile.read(path)).flatMap({ $0 }) else {
            cache[path] = nil
            return "(could not read \(path))"
        }
        let text = String(decoding: bytes, as: UTF8.self)
        cache[path] = (identity, text)
        return text
    }

    /// Forgets the reports not asked for since the last call (removed molecules or reports).
    func forgetUnseen() {
        cache = cache.filter { seen.contains($0.key) }
        seen = []
    }
}
