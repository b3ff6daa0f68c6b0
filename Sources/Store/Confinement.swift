import DisplayText

#if canImport(Glibc)
    import Glibc
#endif

/// Keeps the store's reads and writes inside the workspace, whatever an agent makes a symbolic link.
///
/// Agents can write every file under `.beads/`, including a symlink in place of `checkpoints/` or a molecule's
/// folder. A path below a `.beads` component is confined to its workspace (the directory holding `.beads`): every
/// symlink on the way must resolve inside it. Writes check the whole path (`check`, called by the atomic-write,
/// directory-creation and lock helpers, so no write path can forget it); reads open their last component without
/// following a link (`open`), and follow one only when it stays inside. Paths not below `.beads` (the trust
/// store, the signature cache, a user's `--junit` file) are not confined.
enum Confinement {
    private static let beadsComponent = Array("/.beads".utf8)

    /// The workspace that confines `path`: the directory holding the path's first `.beads` component.
    static func workspace(of path: String) -> String? {
        // Called for every store read: a byte search, no allocation but the result.
        let bytes = path.utf8
        guard bytes.first == UInt8(ascii: "/") else { return nil }
        let marker = beadsComponent
        var index = bytes.startIndex
        while let slash = bytes[index...].firstIndex(of: UInt8(ascii: "/")) {
            if bytes[slash...].starts(with: marker) {
                let end = bytes.index(slash, offsetBy: marker.count)
                if end == bytes.endIndex || bytes[end] == UInt8(ascii: "/") {
                    return slash == bytes.startIndex ? "/" : String(path[..<slash])
                }
            }
            index = bytes.index(after: slash)
        }
        return nil
    }

    /// Refuses a write to (or a read of) `path` when a symlink on its way leads outside the workspace (or nowhere):
    /// the error names the link and where it leads. Checks each existing component below the workspace with lstat.
    static func check(_ path: String, writing: Bool = true) throws(StoreError) {
        guard let workspace = workspace(of: path) else { return }
        let realWorkspace = PathResolution.resolved(workspace)
        var current = workspace == "/" ? "" : workspace
        for component in path.dropFirst(current.count).split(separator: "/", omittingEmptySubsequences: true) {
            current += "/" + component
            var info = stat()
            guard lstat(current, &info) == 0 else { return }  // The rest does not exist yet: nothing to follow.
            guard (info.st_mode & S_IFMT) == S_IFLNK else { continue }
            try requireInside(current, realWorkspace: realWorkspace, writing: writing)
        }
    }

    /// Opens `path` (flags without O_NOFOLLOW); a symlink as its last component is followed only when it resolves
    /// inside the workspace. Returns -1 with errno set as open(2) does; throws for a link that leads outside.
    static func open(_ path: String, _ flags: Int32) throws(StoreError) -> Int32 {
        guard workspace(of: path) != nil else { return Glibc.open(path, flags) }
        let fd = Glibc.open(path, flags | O_NOFOLLOW)
        if fd >= 0 || (errno != ELOOP && errno != ENOTDIR) { return fd }
        let saved = errno
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK else {
            errno = saved
            return -1
        }
        try requireInside(path, realWorkspace: PathResolution.resolved(workspace(of: path)!), writing: false)
        return Glibc.open(path, flags)
    }

    /// Refuses to read a folder (a convoy's, a molecule's) that is a symlink leading outside the workspace. One
    /// lstat when it is not a link: cheap enough for every molecule of a load.
    static func checkFolder(_ path: String) throws(StoreError) {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK else { return }
        try check(path, writing: false)
    }

    private static func requireInside(_ link: String, realWorkspace: String, writing: Bool) throws(StoreError) {
        let action = writing ? "refusing to write through" : "refusing to read through"
        let resolved: String
        if let real = realpath(link, nil) {
            resolved = String(cString: real)
            free(real)
        } else {
            // A link to nothing yet: where it would lead (a write could create the file there).
            resolved = PathResolution.resolved(
                PathResolution.absolute(target(of: link), from: FilePath.directory(of: link)))
        }
        let prefix = realWorkspace == "/" ? "/" : realWorkspace + "/"
        guard resolved == realWorkspace || resolved.hasPrefix(prefix) else {
            throw StoreError(
                .refused,
                "\(action) \(shown(link)): it is a symbolic link to \(shown(resolved)), outside the workspace \(shown(realWorkspace))"
            )
        }
    }

    private static func shown(_ path: String) -> String { TerminalText.sanitizeLine(path) }

    /// What a symlink says (for messages).
    private static func target(of link: String) -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(link, &buffer, Int(PATH_MAX))
        guard count >= 0 else { return "?" }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
