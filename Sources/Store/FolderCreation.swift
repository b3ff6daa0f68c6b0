import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Creates a folder all or nothing (a convoy, a molecule): it is built in a temporary folder
/// `.NAME.tmp-PID-RANDOM` beside its final place, then renamed there. A failure at any point (a full disk
/// midway through a file) removes the temporary folder, so no half-made folder is left to say "already exists".
/// Readers skip dot folders; a temporary left by a killed process is removed by the next creation (which
/// holds the store lock, so no other creation is under way).
enum FolderCreation {
    /// The folder being built: where a path of the final folder is while it is built.
    struct Building {
        let final: String
        let temporary: String

        /// `path` (inside the final folder) inside the temporary one.
        func path(of path: String) -> String {
            precondition(path.hasPrefix(final), "\(path) is not inside \(final)")
            return temporary + path.dropFirst(final.count)
        }
    }

    /// Builds `final` with `build`, then renames it into place. The caller holds the store lock and has checked
    /// that `final` does not exist.
    static func create(_ final: String, _ build: (Building) throws(StoreError) -> Void) throws(StoreError) {
        let parent = FilePath.directory(of: final)
        try StoreInitializer.makeDirectories(parent)
        removeLeftovers(in: parent)
        let name = FilePath.prefix(of: FilePath.lastComponent(of: final), bytes: 64)
        let temporary = "\(parent)/.\(name).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        _ = try StoreInitializer.makeDirectory(temporary)
        do throws(StoreError) {
            try build(Building(final: final, temporary: temporary))
            guard rename(temporary, final) == 0 else { throw SystemError.io("cannot rename \(temporary) to \(final)") }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
        AtomicFile.syncDirectory(parent)
    }

    /// Removes temporary folders (`.NAME.tmp-…`) a killed creation left in `parent`.
    static func removeLeftovers(in parent: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: parent) else { return }
        for name in names where name.hasPrefix(".") && name.contains(".tmp-") {
            let path = parent + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { continue }
            try? FileManager.default.removeItem(atPath: path)
        }
    }
}
