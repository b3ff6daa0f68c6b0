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
    /// Replaces (or creates) `path` with `bytes` atomically.
    public static func write(_ bytes: [UInt8], to path: String, permissions: mode_t = 0o644) throws(StoreError) {
        let directory = FilePath.directory(of: path)
        let temporary =
            "\(directory)/.\(FilePath.lastComponent(of: path)).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, permissions)
        guard fd >= 0 else { throw SystemError.io("cannot create \(temporary)") }
        var ok = false
        defer {
            if !ok { unlink(temporary) }
        }
        do {
            defer { close(fd) }
            var offset = 0
            while offset < bytes.count {
                let written = bytes.withUnsafeBytes { raw in
                    Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                }
                if written < 0 {
                    if errno == EINTR { continue }
                    throw SystemError.io("cannot write \(temporary)")
                }
                offset += written
            }
            guard fsync(fd) == 0 else { throw SystemError.io("cannot fsync \(temporary)") }
        }
        guard rename(temporary, path) == 0 else { throw SystemError.io("cannot rename \(temporary) to \(path)") }
        ok = true
        syncDirectory(directory)
    }

    public static func write(_ text: String, to path: String) throws(StoreError) {
        try write(Array(text.utf8), to: path)
    }

    /// Creates `path` only if it does not exist yet (atomically: the content appears whole,
    /// and of two racing creators exactly one wins). Returns false if it already existed.
    public static func create(_ bytes: [UInt8], at path: String) throws(StoreError) -> Bool {
        let directory = FilePath.directory(of: path)
        let temporary =
            "\(directory)/.\(FilePath.lastComponent(of: path)).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try write(bytes, to: temporary)
        defer { unlink(temporary) }
        // link(2) fails with EEXIST instead of replacing: first writer wins.
        if link(temporary, path) != 0 {
            if errno == EEXIST { return false }
            throw SystemError.io("cannot create \(path)")
        }
        syncDirectory(directory)
        return true
    }

    /// The whole content of a file, or nil if it does not exist.
    public static func read(_ path: String) throws(StoreError) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw SystemError.io("cannot open \(path)")
        }
        defer { close(fd) }
        var info = stat()
        var capacity = 4096
        if fstat(fd, &info) == 0 && info.st_size > 0 { capacity = Int(info.st_size) + 1 }
        var bytes = [UInt8](repeating: 0, count: capacity)
        var count = 0
        while true {
            if count == bytes.count { bytes.append(contentsOf: [UInt8](repeating: 0, count: bytes.count)) }
            let got = bytes.withUnsafeMutableBytes { raw in
                Glibc.read(fd, raw.baseAddress! + count, raw.count - count)
            }
            if got < 0 {
                if errno == EINTR { continue }
                throw SystemError.io("cannot read \(path)")
            }
            if got == 0 { break }
            count += got
        }
        bytes.removeSubrange(count...)
        return bytes
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
            throw StoreError(
                .invalidInput,
                "\(described) is \(info.st_size) bytes, more than the \(maximumBytes >> 20) MiB limit")
        }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size) + 1)
        var count = 0
        while count < bytes.count {
            let got = bytes.withUnsafeMutableBytes { raw in Glibc.read(fd, raw.baseAddress! + count, raw.count - count)
            }
            if got < 0 {
                if errno == EINTR { continue }
                throw StoreError(.io, "cannot read \(described): \(String(cString: strerror(errno)))")
            }
            if got == 0 { break }
            count += got
        }
        // A file that grew while it was read is still refused past the limit.
        guard count <= maximumBytes else {
            throw StoreError(
                .invalidInput, "\(described) is more than the \(maximumBytes >> 20) MiB limit")
        }
        bytes.removeSubrange(count...)
        return bytes
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
