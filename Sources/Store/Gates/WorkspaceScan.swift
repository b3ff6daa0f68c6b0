import Core

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs a formula's anti-pattern scan over a workspace directory: the file-system half of
/// `AntiPatternScanner` (which is pure).
///
/// Walks the tree without following symbolic links (a link can neither loop nor leave the workspace),
/// skips `ignoredDirectories`, reads only files some rule applies to, and never reads a file larger than
/// `limits.maximumFileBytes` (it is counted in `skipped` instead, as are binary and unreadable files).
public enum WorkspaceScan {
    public static let ignoredDirectories: Set<String> = [".git", ".beads", ".build", ".swiftpm", "node_modules"]
    /// Deeper directories are not entered (reported as skipped).
    public static let maximumDepth = 64

    public static func scan(
        workspace: String, antiPatterns: [AntiPattern], limits: AntiPatternLimits = AntiPatternLimits()
    ) -> AntiPatternReport {
        var scanner = AntiPatternScanner(rules: antiPatterns, limits: limits)
        walk(root: workspace, relative: "", depth: 0, scanner: &scanner, limits: limits)
        return scanner.finish()
    }

    private static func walk(
        root: String, relative: String, depth: Int, scanner: inout AntiPatternScanner, limits: AntiPatternLimits
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
                    walk(root: root, relative: path, depth: depth + 1, scanner: &scanner, limits: limits)
                }
            case S_IFREG:
                guard scanner.rules.contains(where: { $0.applies(to: path) }) else { continue }
                if Int(info.st_size) > limits.maximumFileBytes {
                    scanner.skip(path: path, reason: .tooLarge(bytes: Int(info.st_size)))
                    continue
                }
                do {
                    guard let bytes = try AtomicFile.read(full) else { continue }
                    scanner.scan(path: path, contents: bytes)
                } catch {
                    scanner.skip(path: path, reason: .unreadable(error.message))
                }
            default:
                continue  // Symbolic links, sockets, devices: not content of the workspace.
            }
        }
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
