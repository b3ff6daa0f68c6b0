#if canImport(Glibc)
    import Glibc
#endif

/// Fast directory listing (readdir), skipping dot files (locks, temporaries, .gitignore).
enum Directory {
    /// Entry names, sorted; empty when the directory does not exist.
    static func list(_ path: String, directoriesOnly: Bool = false) -> [String] {
        guard let dir = opendir(path) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name.hasPrefix(".") { continue }
            if directoriesOnly {
                let type = entry.pointee.d_type
                if type == UInt8(DT_DIR) {
                    names.append(name)
                } else if type == UInt8(DT_UNKNOWN) && StoreDiscovery.isDirectory(path + "/" + name) {
                    names.append(name)
                }
            } else {
                names.append(name)
            }
        }
        return names.sorted()
    }
}
