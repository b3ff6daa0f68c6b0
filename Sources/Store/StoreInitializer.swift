#if canImport(Glibc)
    import Glibc
#endif

/// `gastown init`: creates the `.beads/` tree of the seed. Idempotent: existing files are kept.
public enum StoreInitializer {
    /// Git must not track lock files or half-written temporaries.
    static let gitignore = """
        # gastown: lock files and temporaries of atomic writes are local to each clone.
        .lock
        .*.tmp-*

        """

    /// Returns the directories it created (empty if the tree was complete).
    @discardableResult
    public static func initialize(workspace: String) throws(StoreError) -> [String] {
        let layout = StoreLayout(workspace: workspace)
        var created: [String] = []
        for directory in [
            layout.workspace, layout.beads, layout.formulas, layout.templates, layout.convoys, layout.mail,
        ] {
            if try makeDirectory(directory) { created.append(directory) }
        }
        let ignore = layout.beads + "/.gitignore"
        _ = try AtomicFile.create(Array(gitignore.utf8), at: ignore)
        return created
    }

    /// Writes `.beads/README.md` (what the folders are, what agents may write, where the docs are) unless the
    /// workspace already has one.
    public static func writeReadme(_ layout: StoreLayout) throws(StoreError) -> ShippedInstall.Installed {
        try ShippedInstall.copy(
            ShippedFile(name: "README.md", text: BeadsReadme.text), into: layout.beads, layout: layout, replace: false)
    }

    /// mkdir that tolerates an existing directory; true if it made one.
    static func makeDirectory(_ path: String) throws(StoreError) -> Bool {
        try Confinement.check(path)
        if mkdir(path, 0o755) == 0 { return true }
        if errno == EEXIST && StoreDiscovery.isDirectory(path) { return false }
        throw SystemError.io("cannot create directory \(path)")
    }

    /// mkdir -p for paths inside the store; refused when a symlink on the way leads outside the workspace.
    public static func makeDirectories(_ path: String) throws(StoreError) {
        try Confinement.check(path)
        if StoreDiscovery.isDirectory(path) { return }
        let parent = FilePath.directory(of: path)
        if parent != path { try makeDirectories(parent) }
        _ = try makeDirectory(path)
    }
}
