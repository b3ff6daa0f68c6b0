#if canImport(Glibc)
    import Glibc
#endif

/// A store folder (a molecule's) as a load reads it: opened once, then each file and sub-folder inside is looked
/// up by its one name relative to the open folder, rather than by every component of its path (a load opens some
/// eight things in each of 10,000 molecule folders). A folder that cannot be opened so (missing, unreadable, a
/// symlink leading outside the workspace) is read by path instead, and the readers report the problem as they
/// always do: the same results, the same messages.
struct StoreFolder {
    let path: String
    /// The open folder, or -1: read by path.
    private let descriptor: Int32

    /// The folder read by path (for a caller without an open folder).
    init(byPath path: String) {
        self.path = path
        descriptor = -1
    }

    /// Opens `path` (following a symlink only when it stays inside the workspace, as every store read does);
    /// `close()` it when done.
    static func open(_ path: String) -> StoreFolder {
        let descriptor = (try? Confinement.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) ?? -1
        return StoreFolder(path: path, descriptor: descriptor)
    }

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    /// Whether the folder itself was opened (so it is no symlink leading out, and everything inside is read
    /// through it).
    var isOpen: Bool { descriptor >= 0 }

    func close() {
        if descriptor >= 0 { _ = Glibc.close(descriptor) }
    }

    /// The sub-folder `name` open (-1 when it does not exist; the caller closes it) and its sorted names, as
    /// `Directory.openAndList`.
    func openAndList(_ name: String) throws(StoreError) -> (folder: Int32, names: [String]) {
        guard descriptor >= 0 else { return try Directory.openAndList(path + "/" + name) }
        let folder = openat(descriptor, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        if folder < 0 {
            if errno == ENOENT { return (-1, []) }
            // A symlink, a file, no permission: by path, which follows a link that stays inside and names the
            // problem otherwise.
            return try Directory.openAndList(path + "/" + name)
        }
        do throws(StoreError) {
            return (folder, try Directory.names(in: folder, path: path + "/" + name))
        } catch {
            _ = Glibc.close(folder)
            throw error
        }
    }

    /// The file `name` of the folder (nil when it does not exist), as `AtomicFile.read`.
    func read(_ name: String, maximumBytes: Int = AtomicFile.storeFileLimit) throws(StoreError) -> [UInt8]? {
        guard descriptor >= 0 else { return try AtomicFile.read(path + "/" + name, maximumBytes: maximumBytes) }
        return try AtomicFile.read(name, in: descriptor, path: path + "/" + name, maximumBytes: maximumBytes)
    }
}
