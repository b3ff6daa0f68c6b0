import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Signatures already verified, keyed by record hash and key fingerprint, so a load does not check the same
/// signature again: `$XDG_CACHE_HOME/gastown/verified-signatures-HASH` (default `~/.cache/gastown/`; one file per
/// workspace, `HASH` from its path), outside git and outside `.beads/`. One line per entry (`HASH FINGERPRINT`),
/// appended under a lock. `gastown audit verify` never uses it.
///
/// A hash names the record's canonical text, which names the signer's fingerprint, so an entry can only vouch
/// for exactly the text that was verified; anyone who can write the user's cache directory can also read
/// their unencrypted keys (docs/store.md, threat model).
public final class SignatureCache: @unchecked Sendable {
    public let file: String?
    private let lock = NSLock()
    private var known: SignatureCacheEntries?
    /// Verified since the last flush, written as `HASH FINGERPRINT` lines (the strings the records hold: no
    /// line is built until the one write).
    private var pending: [(hash: String, fingerprint: String)] = []
    /// The fingerprint looked up last and its digest: a load asks about the few keys of a workspace 30,000 times.
    private var lastFingerprint: (text: String, digest: SignatureCacheEntries.Digest?)?
    /// A cache file past this size is started afresh rather than read.
    static let maximumBytes = 64 << 20

    /// A cache in `file`, or none (`nil`: every signature is checked).
    public init(file: String?) { self.file = file }

    /// `$XDG_CACHE_HOME/gastown/verified-signatures`, else `$HOME/.cache/gastown/…`; none without either.
    public static func locate(environment: [String: String], workspace: String) -> SignatureCache {
        guard let folder = folder(environment: environment) else { return SignatureCache(file: nil) }
        return SignatureCache(file: folder + "/" + fileName(workspace: workspace))
    }

    /// `$XDG_CACHE_HOME/gastown`, else `$HOME/.cache/gastown`; nil without either.
    static func folder(environment: [String: String]) -> String? {
        if let cache = environment["XDG_CACHE_HOME"], cache.hasPrefix("/") { return cache + "/gastown" }
        guard let home = environment["HOME"], home.hasPrefix("/") else { return nil }
        return home + "/.cache/gastown"
    }

    /// One file per workspace, named by its path's hash: a load reads only its own workspace's entries, and the
    /// file holds no more than that workspace's records (one file for every workspace grew with each of them).
    static func fileName(workspace: String) -> String {
        "verified-signatures-" + Hashing.sha256Hex(workspace).prefix(16)
    }

    /// The one file every workspace shared before: removed when a workspace's own file is written.
    static let sharedFileName = "verified-signatures"

    public func contains(hash: String, fingerprint: String) -> Bool {
        lookUp(hash: hash, fingerprint: fingerprint).known
    }

    /// Remembers a verified signature (written by `flush`).
    public func insert(hash: String, fingerprint: String) {
        guard file != nil else { return }
        insert(lookUp(hash: hash, fingerprint: fingerprint).entry, hash: hash, fingerprint: fingerprint)
    }

    /// Whether the cache vouches for the signature, and its entry, read once: `insert(_:hash:fingerprint:)` takes
    /// it once the signature is verified.
    func lookUp(hash: String, fingerprint: String) -> (known: Bool, entry: SignatureCacheEntries.Entry) {
        lock.lock()
        defer { lock.unlock() }
        let entry = self.entry(hash: hash, fingerprint: fingerprint)
        guard file != nil else { return (false, entry) }
        if known == nil { known = readEntries() }
        return (known!.contains(entry), entry)
    }

    /// Remembers a verified signature whose entry `lookUp` gave.
    func insert(_ entry: SignatureCacheEntries.Entry, hash: String, fingerprint: String) {
        guard file != nil else { return }
        lock.lock()
        defer { lock.unlock() }
        if known == nil { known = readEntries() }
        if known!.insert(entry) { pending.append((hash, fingerprint)) }
    }

    /// The entry for a look-up, the fingerprint's digest remembered from the last one (called under the lock).
    private func entry(hash: String, fingerprint: String) -> SignatureCacheEntries.Entry {
        if let last = lastFingerprint, last.text == fingerprint {
            return SignatureCacheEntries.Entry(hash: hash, fingerprint: fingerprint, digest: last.digest)
        }
        var text = fingerprint
        let digest = text.withUTF8 { SignatureCacheEntries.Digest(fingerprint: $0) }
        lastFingerprint = (fingerprint, digest)
        return SignatureCacheEntries.Entry(hash: hash, fingerprint: fingerprint, digest: digest)
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
        unlink(directory + "/" + Self.sharedFileName)
        let descriptor = open(file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_EX) == 0 else { return }
        var stats = stat()
        if fstat(descriptor, &stats) == 0, Int(stats.st_size) > Self.maximumBytes { _ = ftruncate(descriptor, 0) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(lines.count * 116)
        for index in lines.indices {
            Self.append(lines[index].hash, to: &bytes)
            bytes.append(UInt8(ascii: " "))
            Self.append(lines[index].fingerprint, to: &bytes)
            bytes.append(UInt8(ascii: "\n"))
        }
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            written += n
        }
    }

    /// Appends the text's bytes in one copy (a record's strings are stored as UTF-8).
    private static func append(_ text: String, to bytes: inout [UInt8]) {
        if text.utf8.withContiguousStorageIfAvailable({ bytes.append(contentsOf: $0) }) == nil { bytes += text.utf8 }
    }

    /// The file's entries, read a block at a time (a file of 300,000 entries is some 38 MB); a line cut short
    /// (a write interrupted) is another entry, one no record has, so it can only cost a verification.
    private func readEntries() -> SignatureCacheEntries {
        var entries = SignatureCacheEntries()
        guard let file else { return entries }
        let descriptor = open(file, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return entries }
        defer { close(descriptor) }
        var stats = stat()
        guard fstat(descriptor, &stats) == 0, (stats.st_mode & S_IFMT) == S_IFREG,
            Int(stats.st_size) <= Self.maximumBytes
        else { return entries }
        var block = [UInt8](repeating: 0, count: 1 << 20)
        var kept = 0  // the start of a line the previous block cut, moved to the block's start
        while true {
            let count = block.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + kept, $0.count - kept) }
            guard count > 0 else { break }
            let end = kept + count
            kept = block.withUnsafeBufferPointer { buffer in
                var start = 0
                while let newline = buffer[start..<end].firstIndex(of: UInt8(ascii: "\n")) {
                    entries.insert(line: UnsafeBufferPointer(rebasing: buffer[start..<newline]))
                    start = newline + 1
                }
                return end - start
            }
            // A line longer than a block is none gastown writes: its start is dropped (its rest is an entry no
            // record has).
            if kept == block.count { kept = 0 }
            if kept > 0 {
                block.withUnsafeMutableBytes { _ = memmove($0.baseAddress!, $0.baseAddress! + end - kept, kept) }
            }
        }
        if kept > 0 {
            block.withUnsafeBufferPointer { entries.insert(line: UnsafeBufferPointer(rebasing: $0[0..<kept])) }
        }
        return entries
    }
}

/// The cache's entries held compactly: an entry whose hash is 64 lowercase hex digits (every record hash) and
/// whose fingerprint is `SHA256:` and 43 base64 characters (every key's) as the hash's 32 bytes and the number of
/// its fingerprint (a workspace has a few keys, and 300,000 entries), 40 bytes in all instead of a 116-character
/// string; any other line as it is. Looked up and read without a string or an array per entry.
struct SignatureCacheEntries {
    struct Compact: Hashable {
        var hash: Digest
        var fingerprint: UInt32
    }

    /// An entry as looked up or inserted.
    enum Entry {
        case compact(hash: Digest, fingerprint: Digest)
        case other([UInt8])

        init(hash: String, fingerprint: String) {
            var text = fingerprint
            self.init(hash: hash, fingerprint: fingerprint, digest: text.withUTF8 { Digest(fingerprint: $0) })
        }

        /// With the fingerprint's digest already read (nil: not a `SHA256:` fingerprint).
        init(hash: String, fingerprint: String, digest: Digest?) {
            var hash = hash
            if let h = hash.withUTF8({ Digest(hex: $0) }), let digest {
                self = .compact(hash: h, fingerprint: digest)
            } else {
                self = .other(Array((hash + " " + fingerprint).utf8))
            }
        }

        /// `HASH FINGERPRINT`, as `flush` writes it.
        init(line: UnsafeBufferPointer<UInt8>) {
            if line.count > 65, line[64] == UInt8(ascii: " "),
                let h = Digest(hex: UnsafeBufferPointer(rebasing: line[0..<64])),
                let f = Digest(fingerprint: UnsafeBufferPointer(rebasing: line[65...]))
            {
                self = .compact(hash: h, fingerprint: f)
            } else {
                self = .other(Array(line))
            }
        }
    }

    private var compact = Set<Compact>()
    private var fingerprints: [Digest: UInt32] = [:]
    private var others = Set<[UInt8]>()

    /// Whether the entry was new.
    @discardableResult
    mutating func insert(_ entry: Entry) -> Bool {
        switch entry {
        case .compact(let hash, let fingerprint):
            let number = fingerprints[fingerprint] ?? UInt32(fingerprints.count)
            fingerprints[fingerprint] = number
            return compact.insert(Compact(hash: hash, fingerprint: number)).inserted
        case .other(let line):
            return others.insert(line).inserted
        }
    }

    /// A line of the file; an empty one (the file's last newline) is none.
    mutating func insert(line: UnsafeBufferPointer<UInt8>) {
        guard !line.isEmpty else { return }
        insert(Entry(line: line))
    }

    func contains(_ entry: Entry) -> Bool {
        switch entry {
        case .compact(let hash, let fingerprint):
            guard let number = fingerprints[fingerprint] else { return false }
            return compact.contains(Compact(hash: hash, fingerprint: number))
        case .other(let line):
            return others.contains(line)
        }
    }

    /// 32 bytes as four words.
    struct Digest: Hashable {
        private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

        static func == (a: Digest, b: Digest) -> Bool {
            a.words.0 == b.words.0 && a.words.1 == b.words.1 && a.words.2 == b.words.2 && a.words.3 == b.words.3
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(words.0)
            hasher.combine(words.1)
            hasher.combine(words.2)
            hasher.combine(words.3)
        }

        /// Shifts in the digest's byte number `index` (0 to 31, in order).
        private mutating func append(_ byte: UInt8, at index: Int) {
            let value = UInt64(byte)
            switch index / 8 {
            case 0: words.0 = words.0 << 8 | value
            case 1: words.1 = words.1 << 8 | value
            case 2: words.2 = words.2 << 8 | value
            default: words.3 = words.3 << 8 | value
            }
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
                append(high << 4 | low, at: index / 2)
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
            var count = 0
            for c in fingerprint[prefix.count...] {
                guard let value = Self.base64Value(c) else { return nil }
                accumulator = accumulator << 6 | UInt32(value)
                bits += 6
                if bits >= 8 {
                    bits -= 8
                    append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)), at: count)
                    count += 1
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
