#if canImport(Glibc)
    import Glibc
#endif

/// Fast directory listing (readdir), skipping dot files (locks, temporaries, .gitignore).
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
        let listing = dup(fd)
        guard listing >= 0 else {
            let error = SystemError.io("cannot read folder \(path)")
            close(fd)
            throw error
        }
        do throws(StoreError) {
            return (fd, try entries(of: listing, path: path, directoriesOnly: false))
        } catch {
            close(fd)
            throw error
        }
    }

    /// The sorted entry names of the open folder `fd` (closed when done).
    private static func entries(of fd: Int32, path: String, directoriesOnly: Bool) throws(StoreError) -> [String] {
        guard let dir = fdopendir(fd) else {
            let error = SystemError.io("cannot read folder \(path)")
            close(fd)
            throw error
        }
        defer { closedir(dir) }
        var names: [String] = []
        while true {
            errno = 0
            guard let entry = readdir(dir) else {
                if errno != 0 { throw SystemError.io("cannot read folder \(path)") }
                break
            }
            let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name.hasPrefix(".") { continue }
            if directoriesOnly {
                let type = entry.pointee.d_type
                if type == UInt8(DT_DIR) {
                    names.append(name)
                } else if type == UInt8(DT_UNKNOWN) || type == UInt8(DT_LNK) {
                    let full = path + "/" + name
                    if StoreDiscovery.isDirectory(full) { names.append(name) }
                }
            } else {
                names.append(name)
            }
        }
        return names.sorted()
    }
}
