import Foundation
import TestSupport
import Testing

@testable import Store

/// inotify on the tree: which writes the watcher reports (the kernel queues events as the write happens).
@Suite struct TreeWatcherTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory(prefix: "gastown-watch-test")
        try FileManager.default.createDirectory(atPath: directory.path + "/a/b", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: directory.path + "/late", withIntermediateDirectories: true)
    }

    func write(_ relative: String) throws {
        try "x".write(toFile: directory.path + "/" + relative, atomically: false, encoding: .utf8)
    }

    @Test func aFileWrittenAnywhereInTheTreeIsReported() throws {
        defer { directory.remove() }
        let watcher = TreeWatcher(root: directory.path)
        #expect(!watcher.isPolling)
        try write("a/b/molecule.toml")
        #expect(watcher.drainEvents() == [directory.path + "/a/b/molecule.toml"])
        #expect(watcher.drainEvents() == [])
    }

    @Test func locksAndHiddenTemporariesAreNotChanges() throws {
        defer { directory.remove() }
        let watcher = TreeWatcher(root: directory.path)
        try write("a/.lock")
        try write("a/.molecule.toml.tmp-1")
        #expect(watcher.drainEvents() == [])
        // The rename that publishes a temporary is what counts.
        try FileManager.default.moveItem(
            atPath: directory.path + "/a/.molecule.toml.tmp-1", toPath: directory.path + "/a/molecule.toml")
        #expect(watcher.drainEvents()?.contains(directory.path + "/a/molecule.toml") == true)
    }

    @Test func aNewDirectoryIsWatchedToo() throws {
        defer { directory.remove() }
        let watcher = TreeWatcher(root: directory.path)
        try FileManager.default.createDirectory(atPath: directory.path + "/a/new", withIntermediateDirectories: true)
        #expect(watcher.drainEvents() == [directory.path + "/a/new"])
        try write("a/new/file.toml")
        #expect(watcher.drainEvents() == [directory.path + "/a/new/file.toml"])
    }

    @Test func aDeferredDirectoryIsWatchedOnlyOnceAdded() throws {
        defer { directory.remove() }
        let late = directory.path + "/late"
        let watcher = TreeWatcher(root: directory.path, deferring: [late])
        try write("late/one.toml")
        #expect(watcher.drainEvents() == [])
        watcher.watch(subtree: late)
        try write("late/two.toml")
        #expect(watcher.drainEvents() == [late + "/two.toml"])
    }
}
