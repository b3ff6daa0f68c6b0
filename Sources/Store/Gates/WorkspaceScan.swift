import Core
import DisplayText

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs a formula's anti-pattern scan over a workspace directory: the file-system half of
/// `AntiPatternScanner` (which is pure).
///
/// Walks the tree without entering symlinked folders (a link can neither loop nor leave the workspace),
/// skips `ignoredDirectories`, reads only files some rule applies to, and never reads a file larger than
/// `limits.maximumFileBytes` (it is counted in `skipped` instead, as are binary and unreadable files). A symlinked
/// file a rule applies to is scanned (under the link's name) when it resolves inside the workspace; one that
/// resolves outside is a gap (`outsideWorkspace`) that fails a gate forbidding anti-patterns.
public enum WorkspaceScan {
    public static let ignoredDirectories: Set<String> = [".git", ".beads", ".build", ".swiftpm", "node_modules"]
    /// Deeper directories are not entered (reported as skipped).
    public static let maximumDepth = 64

    public static func scan(
        workspace: String, antiPatterns: [AntiPattern], limits: AntiPatternLimits = AntiPatternLimits()
    ) -> AntiPatternReport {
        var scanner = AntiPatternScanner(rules: antiPatterns, limits: limits)
        let real = PathResolution.resolved(workspace)
        walk(root: workspace, relative: "", depth: 0, scanner: &scanner, limits: limits, realRoot: real)
        return scanner.finish()
    }

    private static func walk(
        root: String, relative: String, depth: Int, scanner: inout AntiPatternScanner, limits: AntiPatternLimits,
        realRoot: String
    ) {
        let directory = relative.isEmpty ? root : "\(root)/\(relative)"
        guard depth <= maximumDepth else {
            return scanner.skip(
                path: relative, reason: .unreadable("directory nested deeper than \(maximumDepth) levels"))
        }
        for name in entries(of: directory) {
            let path = relative.isEmpty ? name : "\(relative)/\(name)"
            let full = "\(root)/\(path)"
            var info = stat()
            guard lstat(full, &info) == 0 else {
                scanner.skip(path: path, reason: .unreadable(String(cString: strerror(errno))))
                continue
            }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                if !ignoredDirectories.contains(name) {
                    walk(
                        root: root, relative: path, depth: depth + 1, scanner: &scanner, limits: limits,
                        realRoot: realRoot)
                }
            case S_IFREG:
                guard scanner.rules.contains(where: { $0.applies(to: path) }) else { continue }
                scanFile(full, as: path, size: Int(info.st_size), scanner: &scanner, limits: limits)
            case S_IFLNK:
                guard scanner.rules.contains(where: { $0.applies(to: path) }) else { continue }
                scanLink(full, as: path, scanner: &scanner, limits: limits, realRoot: realRoot)
            default:
                continue  // Sockets, devices, FIFOs: not content of the workspace.
            }
        }
    }

    /// Scans a regular file a rule applies to (skipped when too large, binary or unreadable).
    private static func scanFile(
        _ full: String, as path: String, size: Int, scanner: inout AntiPatternScanner, limits: AntiPatternLimits
    ) {
        if size > limits.maximumFileBytes {
            scanner.skip(path: path, reason: .tooLarge(bytes: size))
            return
        }
        do throws(StoreError) {
            guard let bytes = try AtomicFile.read(full, maximumBytes: limits.maximumFileBytes) else { return }
            scanner.scan(path: path, contents: bytes)
        } catch {
            scanner.skip(path: path, reason: .unreadable(error.message))
        }
    }

    /// A symlinked file a rule applies to: scanned when it resolves to a regular file inside the workspace, a gap
    /// when it resolves outside; a link to nothing (or to a folder) holds no content to scan.
    private static func scanLink(
        _ full: String, as path: String, scanner: inout AntiPatternScanner, limits: AntiPatternLimits,
        realRoot: String
    ) {
        guard let resolved = realpath(full, nil) else { return }
        let target = String(cString: resolved)
        free(resolved)
        let prefix = realRoot == "/" ? "/" : realRoot + "/"
        guard target.hasPrefix(prefix) else {
            return scanner.skip(path: path, reason: .outsideWorkspace(TerminalText.sanitizeLine(target)))
        }
        var info = stat()
        guard stat(target, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return }
        scanFile(target, as: path, size: Int(info.st_size), scanner: &scanner, limits: limits)
    }

    /// Entry names of a directory, sorted (so reports are in a stable order), without `.` and `..`.
    private static func entries(of directory: String) -> [String] {
        guard let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }
}
