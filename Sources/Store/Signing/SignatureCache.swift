import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Signatures already verified, keyed by record hash and key fingerprint, so a load does not check the same
/// signature again: `$XDG_CACHE_HOME/gastown/verified-signatures` (default `~/.cache/gastown/`), outside git
/// and outside `.beads/`. One line per entry (`HASH FINGERPRINT`), appended under a lock. `gastown audit verify`
/// never uses it.
///
/// A hash names the record's canonical text, which names the signer's fingerprint, so an entry can only vouch
/// for exactly the text that was verified; anyone who can write the user's cache directory can also read
/// their unencrypted keys (docs/store.md, threat model).
public final class SignatureCache: @unchecked Sendable {
    public let file: String?
    private let lock = NSLock()
    private var known: Set<Entry>?
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

    public func contains(hash: String, fingerprint: String) -> Bool {
        guard file != nil, let entry = Entry(hash: hash, fingerprint: fingerprint) else { return false }
        lock.lock()
        defer { lock.unlock() }
        if known == nil { known = readEntries() }
        return known!.contains(entry)
    }

    /// Starts reading the file on another thread, so a load's first look-up does not wait for it (and hold
    /// the other cores back) while the caller lists the store. Whoever takes the lock first reads the file.
    public func preload() {
        guard file != nil else { return }
        DispatchQueue.global(qos: .userInitiated).async {
            self.lock.lock()
            defer { self.lock.unlock() }
            if self.known == nil { self.known = self.readEntries() }
        }
    }

    /// Remembers a verified signature (written by `flush`). A hash or fingerprint gastown never writes (not
    /// lowercase hex SHA-256, not `SHA256:` base64) is not remembered: its signature is checked every time.
    public func insert(hash: String, fingerprint: String) {
        guard file != nil, let entry = Entry(hash: hash, fingerprint: fingerprint) else { return }
        lock.lock()
        defer { lock.unlock() }
        if known == nil { known = readEntries() }
        if known!.insert(entry).inserted { pending.append(hash + " " + fingerprint) }
    }

    /// Appends what was verified since the last flush, in one write. Failures are ignored: the cache only
    /// saves time.
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

    /// Every well-formed line of the file; a line cut short (a write interrupted) or edited is skipped, so it
    /// can only cost a verification, never vouch for a signature.
    private func readEntries() -> Set<Entry> {
        guard let file, let bytes = try? AtomicFile.read(file, maximumBytes: Self.maximumBytes) else { return [] }
        return Self.entries(in: bytes)
    }

    static func entries(in bytes: [UInt8]) -> Set<Entry> {
        var entries = Set<Entry>(minimumCapacity: bytes.count / 116)
        bytes.withUnsafeBufferPointer { buffer in
            var start = 0
            while start < buffer.count {
                let end = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) ?? buffer.count
                if let entry = Entry(line: UnsafeBufferPointer(rebasing: buffer[start..<end])) {
                    entries.insert(entry)
                }
                start = end + 1
            }
        }
        return entries
    }

    /// One verified (record hash, key fingerprint) pair as the two SHA-256 digests they spell: hashed and
    /// compared without allocating, so a load's 30,000 look-ups and the file's parse stay cheap.
    struct Entry: Hashable, Sendable {
        let hash: Digest
        let fingerprint: Digest

        init?(hash: String, fingerprint: String) {
            var hash = hash
            var fingerprint = fingerprint
            guard
                let h = hash.withUTF8({ Digest(hex: $0) }),
                let f = fingerprint.withUTF8({ Digest(fingerprint: $0) })
            else { return nil }
            self.hash = h
            self.fingerprint = f
        }

        /// `HASH FINGERPRINT`, as `flush` writes it.
        init?(line: UnsafeBufferPointer<UInt8>) {
            guard line.count > 65, line[64] == UInt8(ascii: " "),
                let h = Digest(hex: UnsafeBufferPointer(rebasing: line[0..<64])),
                let f = Digest(fingerprint: UnsafeBufferPointer(rebasing: line[65...]))
            else { return nil }
            hash = h
            fingerprint = f
        }
    }

    /// 32 bytes as four words.
    struct Digest: Hashable, Sendable {
        private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        private var count = 0

        static func == (a: Digest, b: Digest) -> Bool {
            a.words.0 == b.words.0 && a.words.1 == b.words.1 && a.words.2 == b.words.2 && a.words.3 == b.words.3
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(words.0)
            hasher.combine(words.1)
            hasher.combine(words.2)
            hasher.combine(words.3)
        }

        private mutating func append(_ byte: UInt8) {
            let value = UInt64(byte)
            switch count / 8 {
            case 0: words.0 = words.0 << 8 | value
            case 1: words.1 = words.1 << 8 | value
            case 2: words.2 = words.2 << 8 | value
            default: words.3 = words.3 << 8 | value
            }
            count += 1
        }

        /// 64 lowercase hex digits (`Hashing.sha256Hex`).
        init?(hex: UnsafeBufferPointer<UInt8>) {
            guard hex.count == 64 else { return nil }
            let values = Self.hexValues
            var index = 0
            while index < 64 {
                let high = values[Int(hex[index])]
                let low = values[Int(hex[index + 1])]
                guard high | low < 16 else { return nil }
                append(high << 4 | low)
                index += 2
            }
        }

        /// Each byte's value as a lowercase hex digit, 0xFF for any other byte.
        private static let hexValues: [UInt8] = (0...255).map { byte in
            switch UInt8(byte) {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt8(byte) - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt8(byte) - UInt8(ascii: "a") + 10
            default: 0xFF
            }
        }

        /// `SHA256:` and 43 characters of unpadded base64 (`SSHPublicKey.fingerprint`).
        init?(fingerprint: UnsafeBufferPointer<UInt8>) {
            let prefix = "SHA256:".utf8
            guard fingerprint.count == prefix.count + 43, fingerprint.starts(with: prefix) else { return nil }
            var accumulator: UInt32 = 0
            var bits = 0
            for c in fingerprint[prefix.count...] {
                guard let value = Self.base64Value(c) else { return nil }
                accumulator = accumulator << 6 | UInt32(value)
                bits += 6
                if bits >= 8 {
                    bits -= 8
                    append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
                }
            }
            // 43 characters carry 258 bits: the last 2 are zero, as an encoder writes them.
            guard count == 32, accumulator & ((1 << UInt32(bits)) - 1) == 0 else { return nil }
        }

        private static func base64Value(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): c - UInt8(ascii: "A")
            case UInt8(ascii: "a")...UInt8(ascii: "z"): c - UInt8(ascii: "a") + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0") + 52
            case UInt8(ascii: "+"): 62
            case UInt8(ascii: "/"): 63
            default: nil
            }
        }
    }
}
