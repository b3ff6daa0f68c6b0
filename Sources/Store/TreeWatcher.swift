#if canImport(Glibc)
    import Glibc
#endif

/// Notices changes under the `.beads/` tree: inotify on every directory when the kernel allows
/// it, otherwise a cheap fingerprint (sizes and modification times) compared once a second. Shared by the
/// dashboard's run loop and `gastown mcp`'s resource subscriptions (both wait on `descriptor`).
///
/// Watches are a shared, limited resource (`fs.inotify.max_user_watches`, for every program of the user): the
/// watcher uses at most half of them. A workspace whose tree needs more (100,000 molecules have some 400,000
/// directories) is watched down to each molecule's folder (its `molecule.toml`) but not the folders inside it
/// (decision records, reports, gate evidence, findings), and if even that is too many, down to the convoy
/// folders: what is not watched shows with `R` or the next reload of its molecule, and idle CPU stays at zero
/// (no polling of a tree that large).
public final class TreeWatcher {
    /// How deep the watches go.
    public enum Depth: Sendable, Equatable {
        /// Every directory.
        case everything
        /// Not the folders inside a molecule's folder.
        case molecules
        /// Not below a convoy's `molecules/` folder.
        case convoys
    }

    public private(set) var depth: Depth = .everything
    /// The most watches this watcher adds.
    public let budget: Int
    public let root: String
    /// The inotify descriptor to poll on; nil in polling mode.
    public private(set) var descriptor: Int32?
    private var watched: [Int32: String] = [:]
    private var fingerprint: Int = 0
    public var isPolling: Bool { descriptor == nil }

    /// Directories left out until `watch(subtree:)` is called for them.
    private var deferred: Set<String>

    /// Watches `root` except the `deferred` directories (and what is below them), which the caller
    /// adds one by one with `watch(subtree:)`: a large tree is watched while it is being read.
    public init(root: String, deferring deferred: Set<String> = [], budget: Int? = nil) {
        self.root = root
        self.deferred = deferred
        self.budget = budget ?? Self.defaultBudget()
        let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        if fd >= 0 {
            descriptor = fd
            depth = Self.depth(for: root, budget: self.budget)
            if !watchTree(root) { switchToPolling() }
        }
        if descriptor == nil { fingerprint = Self.fingerprint(of: root) }
    }

    /// Adds a deferred directory and everything below it.
    public func watch(subtree directory: String) {
        deferred.remove(directory)
        if descriptor != nil, !watchTree(directory) {
            switchToPolling()
            fingerprint = Self.fingerprint(of: root)
        }
    }

    private func switchToPolling() {
        if let descriptor { close(descriptor) }
        descriptor = nil
        watched = [:]
    }

    deinit {
        if let descriptor { close(descriptor) }
    }

    private static let mask = UInt32(
        IN_CREATE | IN_DELETE | IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM
            | IN_DELETE_SELF | IN_MODIFY)

    /// Adds a watch on `directory` and every directory below it; false when the kernel refuses
    /// (too many watches), which switches the watcher to polling.
    private func watchTree(_ directory: String) -> Bool {
        guard let fd = descriptor else { return false }
        if deferred.contains(directory) || !withinDepth(directory) { return true }
        if watched.count >= budget { return false }
        let wd = inotify_add_watch(fd, directory, Self.mask)
        if wd < 0 { return errno == ENOENT || errno == ENOTDIR }
        watched[wd] = directory
        // A directory without subdirectories (most of them: checkpoints/) need not be listed.
        if Self.hasNoSubdirectories(directory) { return true }
        // Reports and mail are watched too: a report rendered or a handoff sent while a reviewer
        // looks must show without a key.
        for entry in Self.subdirectories(of: directory) where !watchTree(directory + "/" + entry) {
            return false
        }
        return true
    }

    /// Half of the user's inotify watches (the rest for their other programs); 8,192 when the limit is unknown.
    static func defaultBudget() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/sys/fs/inotify/max_user_watches", encoding: .utf8),
            let limit = Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
        else { return 8192 }
        return max(1024, limit / 2)
    }

    /// The deepest watching that fits the budget, from the number of convoys and molecules (about five folders
    /// per molecule when everything is watched, one per molecule when only their folders are).
    static func depth(for root: String, budget: Int) -> Depth {
        let convoysFolder = root + "/convoys"
        let convoys = subdirectories(of: convoysFolder)
        var molecules = 0
        for convoy in convoys { molecules += subdirectories(of: convoysFolder + "/" + convoy + "/molecules").count }
        let reserve = 64 + convoys.count * 4
        if reserve + molecules * 5 <= budget { return .everything }
        if reserve + molecules <= budget { return .molecules }
        return .convoys
    }

    /// Whether a directory is watched at this depth: `convoys/C/molecules/M/...` is a molecule's inside.
    private func withinDepth(_ directory: String) -> Bool {
        guard depth != .everything, directory.hasPrefix(root + "/convoys/") else { return true }
        let parts = directory.dropFirst(root.count + "/convoys/".count).split(separator: "/")
        // C = 1 part, C/molecules = 2, C/molecules/M = 3, inside it 4 or more.
        guard parts.count >= 2, parts[1] == "molecules" else { return true }
        return depth == .molecules ? parts.count <= 3 : parts.count <= 2
    }

    /// The number of watches in use.
    public var watchCount: Int { watched.count }

    /// True when the link count says so: a directory has 2 links plus one per subdirectory on
    /// the usual file systems (ext4, xfs, tmpfs); file systems that count otherwise (btrfs: 1)
    /// are listed.
    private static func hasNoSubdirectories(_ directory: String) -> Bool {
        var info = stat()
        return stat(directory, &info) == 0 && info.st_nlink == 2
    }

    /// Drains pending inotify events: the paths that changed (lock files and hidden
    /// temporaries are ignored: the rename that follows a write is what counts), or nil when
    /// the kernel dropped events and everything must be reloaded.
    public func drainEvents() -> Set<String>? {
        guard let fd = descriptor else { return [] }
        var changed = Set<String>()
        var overflow = false
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            var offset = 0
            while offset + 16 <= count {
                let wd = buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: Int32.self) }
                let mask = buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self) }
                let length = Int(
                    buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self) })
                let nameBytes = buffer[(offset + 16)..<min(count, offset + 16 + length)].prefix { $0 != 0 }
                let name = String(decoding: nameBytes, as: UTF8.self)
                offset += 16 + length
                if mask & UInt32(IN_Q_OVERFLOW) != 0 {
                    overflow = true
                    continue
                }
                if mask & UInt32(IN_IGNORED) != 0 {
                    watched[wd] = nil
                    continue
                }
                guard let parent = watched[wd] else { continue }
                let path = name.isEmpty ? parent : parent + "/" + name
                if mask & UInt32(IN_ISDIR) != 0, mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 {
                    _ = watchTree(path)
                }
                if name.hasSuffix(".lock") || (name.hasPrefix(".") && mask & UInt32(IN_MOVED_TO) == 0) { continue }
                changed.insert(path)
            }
        }
        return overflow ? nil : changed
    }

    /// Polling mode: true when the tree's fingerprint changed since the last check.
    public func pollForChanges() -> Bool {
        let current = Self.fingerprint(of: root)
        defer { fingerprint = current }
        return current != fingerprint
    }

    static func subdirectories(of directory: String) -> [String] {
        guard let handle = opendir(directory) else { return [] }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let type = entry.pointee.d_type
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            if type == UInt8(DT_DIR) { names.append(name) }
        }
        return names
    }

    /// A hash of every file's path, size and modification time below `directory`.
    static func fingerprint(of directory: String) -> Int {
        var hasher = Hasher()
        var pending = [directory]
        while let current = pending.popLast() {
            guard let handle = opendir(current) else { continue }
            while let entry = readdir(handle) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                if name == "." || name == ".." || name.hasSuffix(".lock") { continue }
                let path = current + "/" + name
                if entry.pointee.d_type == UInt8(DT_DIR) {
                    pending.append(path)
                    continue
                }
                var info = stat()
                guard stat(path, &info) == 0 else { continue }
                hasher.combine(path)
                hasher.combine(info.st_size)
                hasher.combine(info.st_mtim.tv_sec)
                hasher.combine(info.st_mtim.tv_nsec)
            }
            closedir(handle)
        }
        return hasher.finalize()
    }
}
