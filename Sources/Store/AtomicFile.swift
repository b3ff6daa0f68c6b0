#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Whole-file reads and crash-safe replacement of files other processes read.
///
/// A write goes to a temporary file in the same directory, is fsynced, renamed over the
/// target, and the directory is fsynced: a reader (or a crash at any instant) sees either
/// the old content or the new, never a torn file.
public enum AtomicFile {
    /// The most gastown reads of one store file (molecule.toml, convoy.toml, a decision, a reviewer change, a
    /// finding, mail): a bigger one is an error naming the file, so one file cannot take a load's memory.
    public static let storeFileLimit = 4 << 20

    /// Replaces (or creates) `path` with `bytes` atomically. Refused when a symlink on the way leads outside the
    /// workspace (`Confinement`).
    public static func write(_ bytes: [UInt8], to path: String, permissions: mode_t = 0o644) throws(StoreError) {
        try Confinement.check(path)
        let temporary = try writeTemporary(bytes, for: path, permissions: permissions)
        guard rename(temporary, path) == 0 else {
            let error = SystemError.io("cannot rename \(temporary) to \(path)")
            unlink(temporary)
            throw error
        }
        syncDirectory(FilePath.directory(of: path))
    }

    public static func write(_ text: String, to path: String) throws(StoreError) {
        try write(Array(text.utf8), to: path)
    }

    /// Creates `path` only if it does not exist yet (atomically: the content appears whole,
    /// and of two racing creators exactly one wins). Returns false if it already existed.
    public static func create(_ bytes: [UInt8], at path: String) throws(StoreError) -> Bool {
        try Confinement.check(path)
        let temporary = try writeTemporary(bytes, for: path, permissions: 0o644)
        defer { unlink(temporary) }
        // link(2) fails with EEXIST instead of replacing: first writer wins.
        if link(temporary, path) != 0 {
            if errno == EEXIST { return false }
            throw SystemError.io("cannot create \(path)")
        }
        syncDirectory(FilePath.directory(of: path))
        return true
    }

    /// How many more bytes writes may store before they fail with ENOSPC (tests: a disk that fills up midway);
    /// nil in normal use.
    @TaskLocal public static var diskSpace: DiskSpace?

    /// Writes `bytes` to a new fsynced temporary file `.NAME.tmp-PID-RANDOM` beside `path` and returns its path;
    /// nothing is left behind on failure. NAME is cut to 64 bytes, so the temporary's name fits 255 bytes.
    static func writeTemporary(_ bytes: [UInt8], for path: String, permissions: mode_t) throws(StoreError) -> String {
        let name = FilePath.lastComponent(of: path)
        guard name.utf8.count <= 255 else {
            throw StoreError(.invalidInput, "cannot create \(path): its name is longer than 255 bytes")
        }
        let temporary =
            "\(FilePath.directory(of: path))/.\(FilePath.prefix(of: name, bytes: 64)).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, permissions)
        guard fd >= 0 else { throw SystemError.io("cannot create \(temporary)") }
        var ok = false
        defer {
            if !ok { unlink(temporary) }
        }
        do {
            defer { close(fd) }
            var offset = 0
            while offset < bytes.count {
                let chunk = try AtomicFile.diskSpace?.take(bytes.count - offset, writing: temporary) ?? (1 << 20)
                let written = bytes.withUnsafeBytes { raw in
                    Glibc.write(fd, raw.baseAddress! + offset, min(raw.count - offset, chunk))
                }
                if written < 0 {
                    if errno == EINTR { continue }
                    throw SystemError.io("cannot write \(temporary)")
                }
                offset += written
            }
            guard fsync(fd) == 0 else { throw SystemError.io("cannot fsync \(temporary)") }
        }
        ok = true
        return temporary
    }

    /// The whole content of a store file, or nil if it does not exist. At most `maximumBytes` (an error naming
    /// the file, its size and the limit otherwise); read on the open file, so a FIFO or device never blocks. A
    /// symlink leading outside the workspace is refused (`Confinement`).
    public static func read(_ path: String, maximumBytes: Int = storeFileLimit) throws(StoreError) -> [UInt8]? {
        let fd = try Confinement.open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw SystemError.io("cannot open \(path)")
        }
        defer { close(fd) }
        return try readOpened(fd, path: path, maximumBytes: maximumBytes)
    }

    /// `read` of the entry `name` of the open folder `folder` (from `Directory.openAndList`), whose path is
    /// `path` (for messages): one name looked up, not the whole path. A symlink is left to `read`, which
    /// follows it only when it stays inside the workspace.
    static func read(_ name: String, in folder: Int32, path: String, maximumBytes: Int = storeFileLimit)
        throws(StoreError) -> [UInt8]?
    {
        let fd = openat(folder, name, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW)
        if fd < 0 {
            if errno == ENOENT { return nil }
            if errno == ELOOP { return try read(path, maximumBytes: maximumBytes) }
            throw SystemError.io("cannot open \(path)")
        }
        defer { close(fd) }
        return try readOpened(fd, path: path, maximumBytes: maximumBytes)
    }

    /// The content of the open store file `fd`: a regular file of at most `maximumBytes`.
    private static func readOpened(_ fd: Int32, path: String, maximumBytes: Int) throws(StoreError) -> [UInt8] {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw SystemError.io("cannot read \(path)") }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw StoreError(.io, "cannot read \(path): it is not a regular file")
        }
        guard Int(info.st_size) <= maximumBytes else { throw tooBig(path, size: Int(info.st_size), maximumBytes) }
        return try readAll(fd, path: path, capacity: Int(info.st_size), maximumBytes: maximumBytes, regularFile: true)
    }

    /// Reads an open file to its end, at most `maximumBytes` (reading one byte more tells a file that grew). For a
    /// regular file whose size is `capacity`, a read that stops short at that size is its end: no second read to
    /// learn it (a load reads 40,000 files).
    static func readAll(_ fd: Int32, path: String, capacity: Int, maximumBytes: Int, regularFile: Bool = false)
        throws(StoreError) -> [UInt8]
    {
        var bytes = [UInt8](repeating: 0, count: min(capacity, maximumBytes) + 1)
        var count = 0
        while count <= maximumBytes {
            if count == bytes.count {
                bytes.append(contentsOf: [UInt8](repeating: 0, count: min(bytes.count, maximumBytes + 1 - count)))
            }
            let got = bytes.withUnsafeMutableBytes { raw in
                Glibc.read(fd, raw.baseAddress! + count, raw.count - count)
            }
            if got < 0 {
                if errno == EINTR { continue }
                throw SystemError.io("cannot read \(path)")
            }
            if got == 0 { break }
            count += got
            if regularFile && count == capacity && count < bytes.count { break }
        }
        guard count <= maximumBytes else { throw tooBig(path, size: nil, maximumBytes) }
        bytes.removeSubrange(count...)
        return bytes
    }

    /// "FILE is N bytes, more than the 4 MiB limit" (a stream, or a file that grew: "more than the … limit").
    static func tooBig(_ described: String, size: Int?, _ maximumBytes: Int) -> StoreError {
        let limit = "the \(ByteLimit.text(maximumBytes)) limit"
        guard let size else { return StoreError(.io, "\(described) is more than \(limit)") }
        return StoreError(.io, "\(described) is \(size) bytes, more than \(limit)")
    }

    /// The content of a file given by a user (a report, a detail file): it must exist and be a regular file
    /// of at most `maximumBytes`. Checked on the open file, so a FIFO, device or directory is never read
    /// and cannot block. `described` names the file in errors ("JUnit report r.xml").
    public static func readRegularFile(_ path: String, maximumBytes: Int, describedAs described: String)
        throws(StoreError) -> [UInt8]
    {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else {
            throw StoreError(
                errno == ENOENT || errno == ENOTDIR ? .notFound : .io,
                "cannot read \(described): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw StoreError(.io, "cannot read \(described): \(String(cString: strerror(errno)))")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw StoreError(.invalidInput, "\(described) is not a regular file")
        }
        guard Int(info.st_size) <= maximumBytes else {
            throw StoreError(.invalidInput, tooBig(described, size: Int(info.st_size), maximumBytes).message)
        }
        do throws(StoreError) {
            return try readAll(fd, path: described, capacity: Int(info.st_size), maximumBytes: maximumBytes)
        } catch {
            throw StoreError(.invalidInput, error.message)
        }
    }

    /// Everything an open stream (standard input, a pipe) holds, at most `maximumBytes`: reading stops one byte
    /// past the limit with an error, so an endless stream never fills memory.
    public static func readStream(_ fd: Int32, describedAs described: String, maximumBytes: Int) throws(StoreError)
        -> [UInt8]
    {
        do throws(StoreError) {
            return try readAll(fd, path: described, capacity: 64 << 10, maximumBytes: maximumBytes)
        } catch {
            throw StoreError(.invalidInput, error.message)
        }
    }

    static func syncDirectory(_ directory: String) {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }
}

/// Small path helpers on plain strings (the store builds every path itself).
enum FilePath {
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    /// The longest prefix of `name` of at most `bytes` UTF-8 bytes that ends on a character boundary.
    static func prefix(of name: String, bytes: Int) -> String {
        var result = ""
        var count = 0
        for character in name {
            count += character.utf8.count
            if count > bytes { break }
            result.append(character)
        }
        return result
    }

    static func lastComponent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }
}

/// Turns errno into a store error with the system's explanation.
enum SystemError {
    static func io(_ what: String) -> StoreError {
        let reason = String(cString: strerror(errno))
        return StoreError(.io, "\(what): \(reason)")
    }
}

/// Byte limits as people read them.
public enum ByteLimit {
    /// "4 MiB", "64 MiB", "1 MiB"; exact bytes below 1 MiB.
    public static func text(_ bytes: Int) -> String {
        bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB" : "\(bytes) bytes"
    }
}

/// A simulated disk for tests (`AtomicFile.$diskSpace.withValue(DiskSpace(bytes: 100)) { … }`): writes succeed until
/// `bytes` are used up, then fail with "No space left on device", midway through a file if need be.
public final class DiskSpace: @unchecked Sendable {
    private var remaining: Int

    public init(bytes: Int) { remaining = bytes }

    /// How much of `wanted` may be written now; throws ENOSPC when nothing is left.
    func take(_ wanted: Int, writing path: String) throws(StoreError) -> Int {
        guard remaining > 0 else {
            errno = ENOSPC
            throw SystemError.io("cannot write \(path)")
        }
        let granted = min(wanted, remaining)
        remaining -= granted
        return granted
    }
}
