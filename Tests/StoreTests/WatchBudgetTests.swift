import Foundation
import TestSupport
import Testing

@testable import Store

/// A tree with more folders than the watch budget: watched down to the molecules' folders, then to the convoys'.
@Suite struct WatchBudgetTests {
    let directory: TemporaryDirectory

    /// 2 convoys × 3 molecules, each with checkpoints/ and reports/: 2 + 2 × (1 + 1 + 3 × 3) = 25 folders.
    init() throws {
        directory = try TemporaryDirectory(prefix: "gastown-watch-budget")
        for convoy in ["c1", "c2"] {
            for molecule in ["m1", "m2", "m3"] {
                for inside in ["checkpoints", "reports"] {
                    try FileManager.default.createDirectory(
                        atPath: "\(directory.path)/convoys/\(convoy)/molecules/\(molecule)/\(inside)",
                        withIntermediateDirectories: true)
                }
            }
        }
    }

    func write(_ relative: String) throws {
        try "x".write(toFile: directory.path + "/" + relative, atomically: false, encoding: .utf8)
    }

    @Test func withRoomEverythingIsWatched() throws {
        defer { directory.remove() }
        let watcher = TreeWatcher(root: directory.path, budget: 1000)
        #expect(watcher.depth == .everything)
        #expect(watcher.watchCount == 24)
        try write("convoys/c1/molecules/m1/checkpoints/r.toml")
        #expect(watcher.drainEvents() == [directory.path + "/convoys/c1/molecules/m1/checkpoints/r.toml"])
    }

    @Test func aSmallerBudgetWatchesTheMoleculesFoldersOnly() throws {
        defer { directory.remove() }
        // 64 + 2 × 4 reserved + 6 molecules = 78 fits; 6 × 5 more does not.
        let watcher = TreeWatcher(root: directory.path, budget: 80)
        #expect(watcher.depth == .molecules)
        #expect(watcher.watchCount == 1 + 1 + 2 * 2 + 6)
        #expect(!watcher.isPolling)
        try write("convoys/c1/molecules/m1/checkpoints/r.toml")
        #expect(watcher.drainEvents() == [])
        try write("convoys/c1/molecules/m1/molecule.toml")
        #expect(watcher.drainEvents() == [directory.path + "/convoys/c1/molecules/m1/molecule.toml"])
    }

    @Test func theSmallestWatchesTheConvoysFolders() throws {
        defer { directory.remove() }
        let watcher = TreeWatcher(root: directory.path, budget: 20)
        #expect(watcher.depth == .convoys)
        #expect(watcher.watchCount == 1 + 1 + 2 * 2)
        try write("convoys/c2/convoy.toml")
        #expect(watcher.drainEvents() == [directory.path + "/convoys/c2/convoy.toml"])
        // A new molecule folder is seen, and not watched inside.
        try FileManager.default.createDirectory(
            atPath: directory.path + "/convoys/c2/molecules/m4", withIntermediateDirectories: true)
        #expect(watcher.drainEvents() == [directory.path + "/convoys/c2/molecules/m4"])
        try write("convoys/c2/molecules/m4/molecule.toml")
        #expect(watcher.drainEvents() == [])
    }
}
