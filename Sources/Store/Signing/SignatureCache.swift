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
    private var known: SignatureCacheEntries?
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
        return known!.contains(Array(Self.key(hash: hash, fingerprint: fingerprint).utf8)[...])
    }

    /// Remembers a verified signature (written by `flush`).
    public func insert(hash: String, fingerprint: String) {
        guard file != nil else { return }
        let key = Self.key(hash: hash, fingerprint: fingerprint)
        lock.lock()
        defer { lock.unlock() }
        if known == nil { known = readEntries() }
        if known!.insert(Array(key.utf8)[...]) { pending.append(key) }
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

    /// The file's entries, read a block at a time (a file of 300,000 entries is some 38 MB).
    private func readEntries() -> SignatureCacheEntries {
        var entries = SignatureCacheEntries()
        guard let file else { return entries }
        let descriptor = open(file, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return entries }
        defer { close(descriptor) }
        var stats = stat()
        guard fstat(descriptor, &stats) == 0, Int(stats.st_size) <= Self.maximumBytes else { return entries }
        var block = [UInt8](repeating: 0, count: 1 << 20)
        var line: [UInt8] = []
        while true {
            let count = block.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            for byte in block[..<count] {
                if byte == UInt8(ascii: "\n") {
                    if line.count > 64 { _ = entries.insert(line[...]) }
                    line.removeAll(keepingCapacity: true)
                } else {
                    line.append(byte)
                }
            }
        }
        if line.count > 64 { _ = entries.insert(line[...]) }
        return entries
    }
}

/// The cache's entries held compactly: an entry `HASH FINGERPRINT` whose hash is 64 hex digits (every record
/// hash) as the hash's 32 bytes and the number of its fingerprint (a workspace has a few keys, and 300,000
/// entries), 40 bytes in all instead of a 116-character string; any other line as it is.
struct SignatureCacheEntries {
    struct Compact: Hashable {
        var hash: (UInt64, UInt64, UInt64, UInt64)
        var fingerprint: UInt32

        static func == (lhs: Compact, rhs: Compact) -> Bool {
            lhs.hash == rhs.hash && lhs.fingerprint == rhs.fingerprint
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(hash.0)
            hasher.combine(hash.1)
            hasher.combine(hash.2)
            hasher.combine(hash.3)
            hasher.combine(fingerprint)
        }
    }

    private var compact = Set<Compact>()
    private var fingerprints: [[UInt8]: UInt32] = [:]
    private var others = Set<[UInt8]>()

    /// Whether the entry was new.
    mutating func insert(_ line: ArraySlice<UInt8>) -> Bool {
        guard let hash = Self.hash(line) else { return others.insert(Array(line)).inserted }
        let fingerprint = Array(line.dropFirst(65))
        let number = fingerprints[fingerprint] ?? UInt32(fingerprints.count)
        fingerprints[fingerprint] = number
        return compact.insert(Compact(hash: hash, fingerprint: number)).inserted
    }

    func contains(_ line: ArraySlice<UInt8>) -> Bool {
        guard let hash = Self.hash(line) else { return others.contains(Array(line)) }
        guard let number = fingerprints[Array(line.dropFirst(65))] else { return false }
        return compact.contains(Compact(hash: hash, fingerprint: number))
    }

    /// The 64 lowercase hex digits before the space, as four words; nil for any other line.
    private static func hash(_ line: ArraySlice<UInt8>) -> (UInt64, UInt64, UInt64, UInt64)? {
        guard line.count > 65, line[line.startIndex + 64] == UInt8(ascii: " ") else { return nil }
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        for offset in 0..<64 {
            let byte = line[line.startIndex + offset]
            let digit: UInt64
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt64(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt64(byte - UInt8(ascii: "a") + 10)
            default: return nil
            }
            switch offset / 16 {
            case 0: words.0 = words.0 << 4 | digit
            case 1: words.1 = words.1 << 4 | digit
            case 2: words.2 = words.2 << 4 | digit
            default: words.3 = words.3 << 4 | digit
            }
        }
        return words
    }
}
