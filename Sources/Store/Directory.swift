import CDirent

#if canImport(Glibc)
    import Glibc
#endif

/// Fast directory listing (getdents64), skipping dot files (locks, temporaries, .gitignore).
enum Directory {
    /// Entry names, sorted; empty when the directory does not exist. A folder that exists but cannot be read (no
    /// permission, a file where a folder should be, a symlink leading outside the workspace) is an error naming
    /// it, never an empty listing. With `directoriesOnly`, a symlink to a folder is listed (wherever it leads:
    /// the reader of that folder refuses one that leaves the workspace, so the problem is shown, not hidden).
    static func list(_ path: String, directoriesOnly: Bool = false) throws(StoreError) -> [String] {
        let fd = try Confinement.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return [] }
            throw SystemError.io("cannot read folder \(path)")
        }
        return try entries(of: fd, path: path, directoriesOnly: directoriesOnly)
    }

    /// `list`, also handing back the folder open (-1 when it does not exist; the caller closes it), so each
    /// entry is opened relative to the folder that was listed and checked (`AtomicFile.read(_:in:path:)`): one
    /// name to look up rather than every component of the path, and no swapped folder between list and read.
    static func openAndList(_ path: String) throws(StoreError) -> (folder: Int32, names: [String]) {
        let fd = try Confinement.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return (-1, []) }
            throw SystemError.io("cannot read folder \(path)")
        }
        do throws(StoreError) {
            return (fd, try names(in: fd, path: path))
        } catch {
            close(fd)
            throw error
        }
    }

    /// The sorted entry names of the open folder `fd` (closed when done).
    private static func entries(of fd: Int32, path: String, directoriesOnly: Bool) throws(StoreError) -> [String] {
        defer { close(fd) }
        return try names(in: fd, path: path, directoriesOnly: directoriesOnly)
    }

    /// The sorted entry names of the open folder `fd`, read with getdents64 straight from the descriptor (which
    /// stays open, at the folder's end): no dup, fstat or fcntl per folder, as `fdopendir` would make.
    static func names(in fd: Int32, path: String, directoriesOnly: Bool = false) throws(StoreError) -> [String] {
        var names: [String] = []
        let size = 32 << 10
        let failed = withUnsafeTemporaryAllocation(byteCount: size, alignment: 8) { buffer -> Bool in
            while true {
                let count = gt_getdents64(fd, buffer.baseAddress, UInt(size))
                if count < 0 {
                    if errno == EINTR { continue }
                    return true
                }
                if count == 0 { return false }
                var offset = 0
                while offset < count {
                    // struct linux_dirent64: d_ino (8 bytes), d_off (8), d_reclen (2), d_type (1), d_name.
                    let entry = buffer.baseAddress! + offset
                    let length = Int(entry.loadUnaligned(fromByteOffset: 16, as: UInt16.self))
                    guard length > 0 else { return true }
                    offset += length
                    let type = entry.load(fromByteOffset: 18, as: UInt8.self)
                    let name = entry.advanced(by: 19).assumingMemoryBound(to: CChar.self)
                    if name.pointee == CChar(UInt8(ascii: ".")) { continue }
                    let text = String(cString: name)
                    if directoriesOnly {
                        if type == UInt8(DT_DIR) {
                            names.append(text)
                        } else if type == UInt8(DT_UNKNOWN) || type == UInt8(DT_LNK) {
                            if StoreDiscovery.isDirectory(path + "/" + text) { names.append(text) }
                        }
                    } else {
                        names.append(text)
                    }
                }
            }
        }
        if failed { throw SystemError.io("cannot read folder \(path)") }
        return names.sorted()
    }
}
