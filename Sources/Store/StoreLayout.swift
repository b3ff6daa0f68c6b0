import Core
import DisplayText

#if canImport(Glibc)
    import Glibc
#endif

/// Where everything lives under a workspace's `.beads/` directory.
///
/// Every path is built from validated names only, so no path leaves the tree.
public struct StoreLayout: Sendable, Hashable {
    /// The workspace: the directory that holds `.beads/` (input paths are relative to it).
    public let workspace: String
    public let beads: String
    // Stored, not built at each use: a load asks for them a few times per molecule.
    public let convoys: String
    /// The workspace with its final slash: what `relative` takes off.
    private let workspacePrefix: String

    public init(workspace: String) {
        var trimmed = workspace
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.workspace = trimmed
        beads = trimmed == "/" ? "/.beads" : "\(trimmed)/.beads"
        convoys = "\(beads)/convoys"
        workspacePrefix = trimmed == "/" ? "/" : trimmed + "/"
    }

    public var formulas: String { "\(beads)/formulas" }
    public var templates: String { "\(beads)/templates" }
    public var mail: String { "\(beads)/mail" }
    /// Taken to create convoys and molecules (names are unique across the store).
    public var storeLock: String { "\(beads)/.lock" }

    public func convoyDirectory(_ convoy: String) -> String { "\(convoys)/\(convoy)" }
    public func convoyFile(_ convoy: String) -> String { "\(convoys)/\(convoy)/convoy.toml" }
    public func convoyLock(_ convoy: String) -> String { "\(convoys)/\(convoy)/.lock" }
    public func moleculesDirectory(_ convoy: String) -> String { "\(convoys)/\(convoy)/molecules" }
    public func moleculeDirectory(_ convoy: String, _ molecule: String) -> String {
        "\(convoys)/\(convoy)/molecules/\(molecule)"
    }
    public func moleculeFile(_ convoy: String, _ molecule: String) -> String {
        "\(moleculeDirectory(convoy, molecule))/molecule.toml"
    }
    public func moleculeLock(_ convoy: String, _ molecule: String) -> String {
        "\(moleculeDirectory(convoy, molecule))/.lock"
    }
    public func checkpointsDirectory(_ convoy: String, _ molecule: String) -> String {
        "\(moleculeDirectory(convoy, molecule))/checkpoints"
    }
    public func reportsDirectory(_ convoy: String, _ molecule: String) -> String {
        "\(moleculeDirectory(convoy, molecule))/reports"
    }

    /// A message with the workspace's paths made relative to it (a problem shown beside its file).
    public func relativeMessage(_ message: String) -> String {
        workspace == "/" ? message : message.replacingOccurrences(of: workspace + "/", with: "")
    }

    /// A path relative to the workspace, for messages (shorter, and stable across machines).
    public func relative(_ path: String) -> String {
        // By bytes, as the file system compares paths (and without walking characters).
        guard path.utf8.starts(with: workspacePrefix.utf8) else { return path }
        return String(Substring(path.utf8.dropFirst(workspacePrefix.utf8.count)))
    }
}

/// Finds the workspace the way git finds its repository.
public enum StoreDiscovery {
    /// `explicitRoot` (`--root`) wins, then `GASTOWN_ROOT`, then the nearest ancestor of
    /// `currentDirectory` that holds a `.beads/` directory.
    public static func locate(
        explicitRoot: String?, environment: [String: String], currentDirectory: String
    ) throws(StoreError) -> StoreLayout {
        if let given = explicitRoot ?? environment["GASTOWN_ROOT"].flatMap({ $0.isEmpty ? nil : $0 }) {
            let layout = StoreLayout(workspace: workspaceFor(PathResolution.absolute(given, from: currentDirectory)))
            guard isDirectory(layout.beads) else {
                throw StoreError(
                    .notFound,
                    "no .beads/ directory in \(TerminalText.sanitizeLine(layout.workspace)) (run `gastown init` there first)"
                )
            }
            return layout
        }
        var directory = PathResolution.normalize(currentDirectory)
        while true {
            if isDirectory(StoreLayout(workspace: directory).beads) { return StoreLayout(workspace: directory) }
            if directory == "/" { break }
            directory = FilePath.directory(of: directory)
        }
        throw StoreError(
            .notFound,
            "not inside a gastown workspace: no .beads/ directory in \(TerminalText.sanitizeLine(currentDirectory)) or any parent (run `gastown init`, or pass --root / set GASTOWN_ROOT)"
        )
    }

    /// `--root` may name the workspace or its `.beads/` directory.
    public static func workspaceFor(_ path: String) -> String {
        FilePath.lastComponent(of: path) == ".beads" ? FilePath.directory(of: path) : path
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }
}

/// Lexical path handling plus symlink resolution for containment checks.
public enum PathResolution {
    /// `path` made absolute against `base`, with `.` and `..` folded.
    public static func absolute(_ path: String, from base: String) -> String {
        normalize(path.hasPrefix("/") ? path : base + "/" + path)
    }

    public static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if !parts.isEmpty { parts.removeLast() }
                continue
            }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// The real path (symlinks resolved) of the longest existing prefix, plus the rest.
    public static func resolved(_ absolutePath: String) -> String {
        if let real = realpath(absolutePath, nil) {
            defer { free(real) }
            return String(cString: real)
        }
        if absolutePath == "/" { return "/" }
        let parent = resolved(FilePath.directory(of: absolutePath))
        return normalize(parent + "/" + FilePath.lastComponent(of: absolutePath))
    }
}

/// Input paths (`molecule create --inputs`) must stay inside the workspace unless the
/// user explicitly allows otherwise.
public enum InputPaths {
    /// The path as stored: relative to the workspace when inside it; absolute when outside
    /// and `allowOutside`; otherwise an error naming the path. Symlinks are followed, so a
    /// link pointing out of the workspace counts as outside.
    public static func contain(
        _ path: String, layout: StoreLayout, currentDirectory: String, allowOutside: Bool
    ) throws(StoreError) -> String {
        if path.isEmpty { throw StoreError(.invalidInput, "invalid --inputs path: it is empty") }
        if path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) {
            throw StoreError(
                .invalidInput,
                "invalid --inputs path \"\(TerminalText.sanitizeLine(path))\": it contains a control character")
        }
        let absolute = PathResolution.resolved(PathResolution.absolute(path, from: currentDirectory))
        let workspace = PathResolution.resolved(layout.workspace)
        let prefix = workspace == "/" ? "/" : workspace + "/"
        if absolute == workspace { return "." }
        if absolute.hasPrefix(prefix) { return String(absolute.dropFirst(prefix.count)) }
        if allowOutside { return absolute }
        throw StoreError(
            .invalidInput,
            "--inputs path \"\(TerminalText.sanitizeLine(path))\" resolves to \(TerminalText.sanitizeLine(absolute)), outside the workspace \(TerminalText.sanitizeLine(workspace)) (pass --allow-outside-inputs to allow it)"
        )
    }
}
