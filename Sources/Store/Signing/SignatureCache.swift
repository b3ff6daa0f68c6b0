import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Signatures already verified, keyed by record hash and key fingerprint, so a load does not check the same
/// signature again: `$XDG_CACHE_HOME/gastown/verified-signatures` (default `~/.cache/gastown/`), outside git
/// and outside `.beads/`. One line per entry, appended under a lock. `gastown audit verify` never uses it.
///
/// A hash names the record's canonical text, which names the signer's fingerprint, so an entry can only vouch
/// for exactly the text that was verified; anyone who can write the user's cache directory can also read
/// their unencrypted keys (docs/store.md, threat model).
public final class SignatureCache: @unchecked Sendable {
    public let file: String?
    private let lock = NSLock()
    private var known: Set<String>?
    private var pending: [String] = []
    /// A cache file past this size is started afresh rather than read.
    static let maximumBytes = 64 << 20

    /// A cache in `file`, or none (`nil`: every signature is checked).
    public init(file: String?) { self.file = file }

    /// `$XDG_CACHE_HOME/gastown/verified-signatures`, else `$HOME/.cache/gastown/…`; none without either.
    public static func locate(environment: [String: String]) -> SignatureCache {
        if let cache = environment["XDG_CACHE_HOME"], cache.hasPrefix("/") {
            return SignatureCache(file: cache + "/gastown/verified-signatures")
        }
        guard let home = environment["HOME"], home.hasPrefix("/") else { return SignatureCache(file: nil) }
        return SignatureCache(file: home + "/.cache/gastown/verified-signatures")
    }

    static func key(hash: String, fingerprint: String) -> String { hash + " " + fingerprint }

    public func contains(hash: String, fingerprint: String) -> Bool {
        guard file != nil else { return false }
        lock.lock()
        defer { lock.unlock() }
        if known == nil { known = readEntries() }
        return known!.contains(Self.key(hash: hash, fingerprint: fingerprint))
    }

    /// Remembers a verified signature (written by `flush`).
    public func insert(hash: String, fingerprint: String) {
        guard file != nil else { return }
        let key = Self.key(hash: hash, fingerprint: fingerprint)
        lock.lock()
        defer { lock.unlock() }
        if known == nil { known = readEntries() }
        if known!.insert(key).inserted { pending.append(key) }
    }

    /// Appends what was verified since the last flush. Failures are ignored: the cache only saves time.
    public func flush() {
        lock.lock()
        let lines = pending
        pending = []
        lock.unlock()
        guard let file, !lines.isEmpty else { return }
        let directory = (file as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let descriptor = open(file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_EX) == 0 else { return }
        var stats = stat()
        if fstat(descriptor, &stats) == 0, Int(stats.st_size) > Self.maximumBytes { _ = ftruncate(descriptor, 0) }
        let bytes = Array((lines.joined(separator: "\n") + "\n").utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            written += n
        }
    }

    private func readEntries() -> Set<String> {
        guard let file, let data = FileManager.default.contents(atPath: file), data.count <= Self.maximumBytes else {
            return []
        }
        var entries = Set<String>()
        for line in data.split(separator: UInt8(ascii: "\n")) where line.count > 64 {
            entries.insert(String(decoding: line, as: UTF8.self))
        }
        return entries
    }
}
