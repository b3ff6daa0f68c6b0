import Core
import Foundation
import TestSupport
import Testing

@testable import Store

/// A load opens each molecule's folder once and reads what is inside relative to it (`StoreFolder`), lists
/// folders with getdents64 (`Directory`), reads a file in one read when it is no bigger than its size said, and
/// makes its results on every core (`ParallelArray`): each must give exactly what reading by path gave.
@Suite struct StoreFolderTests {
    /// Moves the molecule's `folder` elsewhere and leaves a symlink to it in its place.
    func replaceWithSymlink(_ ws: TempWorkspace, _ folder: String, to target: String) throws {
        let path = ws.layout.moleculeDirectory("c1", "m1") + "/" + folder
        try FileManager.default.moveItem(atPath: path, toPath: target)
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
    }

    @Test func aCheckpointsFolderSymlinkedInsideIsReadThroughAndOneLeadingOutIsRefused() throws {
        let (ws, store) = try workspaceWithWorkDone(approvedBy: "alice")
        defer { ws.cleanup() }
        #expect(store.loadAll().molecules.first?.progress?.steps["work"]?.status == .done)

        try replaceWithSymlink(ws, "checkpoints", to: ws.path + "/kept-checkpoints")
        let inside = try #require(store.loadAll().molecules.first)
        #expect(inside.progress?.steps["work"]?.status == .done)
        #expect(inside.trail.problems.isEmpty, "\(inside.trail.problems)")

        let outside = ws.path + ".checkpoints"
        defer { try? FileManager.default.removeItem(atPath: outside) }
        try FileManager.default.removeItem(atPath: ws.layout.checkpointsDirectory("c1", "m1"))
        try FileManager.default.moveItem(atPath: ws.path + "/kept-checkpoints", toPath: outside)
        try FileManager.default.createSymbolicLink(
            atPath: ws.layout.checkpointsDirectory("c1", "m1"), withDestinationPath: outside)
        let refused = try #require(store.loadAll().molecules.first)
        #expect(refused.progress?.steps["work"]?.status != .done)
        #expect(
            refused.trail.problems.contains {
                $0.file == ".beads/convoys/c1/molecules/m1/checkpoints"
                    && $0.message.contains("refusing to read through") && $0.message.contains("outside the workspace")
            }, "\(refused.trail.problems)")
    }

    @Test func aGatesOrFindingsPathThatIsAFileIsAProblemNamingIt() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        let store = try makeStore(ws)
        for folder in ["gates", "findings"] {
            try ws.write(".beads/convoys/c1/molecules/m1/\(folder)", "not a folder\n")
        }
        let molecule = try #require(store.loadAll().molecules.first)
        for folder in ["gates", "findings"] {
            #expect(
                molecule.allProblems.contains {
                    $0.file == ".beads/convoys/c1/molecules/m1/\(folder)" && $0.message.contains("cannot read folder")
                }, "\(folder): \(molecule.allProblems)")
        }
    }

    @Test func aMoleculeLoadedThroughItsFolderEqualsOneLoadedByPath() throws {
        let (ws, store) = try workspaceWithWorkDone(approvedBy: "alice")
        defer { ws.cleanup() }
        try ws.write(".beads/convoys/c1/molecules/m1/manual-checks.toml", "[checks]\n")
        try ws.write(".beads/convoys/c1/molecules/m1/reports/README-r1-0123456789ab.md", "# report\n")
        let inLoad = try #require(store.loadAll().molecules.first)
        let byPath = AuditTrail(
            layout: ws.layout, convoy: "c1", molecule: "m1", authority: try store.authority(ofConvoy: "c1"),
            now: TestKeys.lateClock())
        #expect(inLoad.trail.entries == byPath.entries)
        #expect(inLoad.trail.problems.map(\.description) == byPath.problems.map(\.description))
        #expect(inLoad.gateRecords.reports == (try ReportStore.list(ws.layout, convoy: "c1", molecule: "m1")))
        #expect(inLoad.gateRecords.reports.map(\.name) == ["README-r1-0123456789ab.md"])
    }

    @Test func aFolderOfManyLongNamesIsListedWholeSortedAndWithoutDotFiles() throws {
        let directory = try TemporaryDirectory(prefix: "gastown-listing")
        defer { directory.remove() }
        // 1,500 entries of ~130 bytes each: some 200 KB of directory entries, several getdents64 calls.
        let names = (0..<1500).map { String(format: "%05d-", ($0 * 7919) % 1500) + String(repeating: "n", count: 120) }
        for name in names { FileManager.default.createFile(atPath: directory.path + "/" + name, contents: nil) }
        for hidden in [".lock", ".tmp-1"] {
            FileManager.default.createFile(atPath: directory.path + "/" + hidden, contents: nil)
        }
        try FileManager.default.createDirectory(
            atPath: directory.path + "/zz-folder", withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(
            atPath: directory.path + "/zz-link", withDestinationPath: directory.path + "/zz-folder")

        let listed = try Directory.list(directory.path)
        #expect(listed == (names + ["zz-folder", "zz-link"]).sorted())
        #expect(try Directory.list(directory.path, directoriesOnly: true) == ["zz-folder", "zz-link"])
        let (folder, openListed) = try Directory.openAndList(directory.path)
        defer { close(folder) }
        #expect(folder >= 0)
        #expect(openListed == listed)
        #expect(try Directory.list(directory.path + "/missing") == [])
    }

    @Test(arguments: [0, 1, 4095, 4096, 4097, 65_537])
    func aFileIsReadWhateverItsSize(_ size: Int) throws {
        let directory = try TemporaryDirectory(prefix: "gastown-read")
        defer { directory.remove() }
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let path = directory.path + "/file"
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        #expect(try AtomicFile.read(path) == bytes)
    }

    @Test(arguments: [0, 1, 2, 7, 1000])
    func aParallelArrayKeepsTheOrderOfItsIndices(_ count: Int) {
        let made = ParallelArray.make(count: count, batch: 3) { "item \($0)" }
        #expect(made == (0..<count).map { "item \($0)" })
    }

    @Test func pathsAreMadeRelativeToTheWorkspaceByTheirBytes() {
        let layout = StoreLayout(workspace: "/work/space/")
        #expect(layout.convoys == "/work/space/.beads/convoys")
        #expect(layout.relative("/work/space/.beads/convoys/c1") == ".beads/convoys/c1")
        #expect(layout.relative("/work/spaced/x") == "/work/spaced/x")
        #expect(layout.relative("/work/space") == "/work/space")
        // "é" written decomposed is another path than "é" precomposed: not the workspace's.
        let composed = StoreLayout(workspace: "/w/caf\u{E9}")
        #expect(composed.relative("/w/cafe\u{301}/x") == "/w/cafe\u{301}/x")
        #expect(composed.relative("/w/caf\u{E9}/x") == "x")
        #expect(StoreLayout(workspace: "/").relative("/.beads/mail") == ".beads/mail")
    }

    @Test func convoyCountsEqualTheSummariesOfEveryMolecule() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        let store = try makeStore(ws)
        for name in ["m2", "m3", "m4"] { try store.addSampleMolecule(name) }
        try store.finish("m2", "work", at: t0)
        try store.finish("m3", "work", at: t0)
        try store.approveWork("m3", by: "alice")
        try ws.write(".beads/convoys/c1/molecules/m4/molecule.toml", "formula = 3\n")
        let snapshot = store.loadAll()
        var expected: [MoleculeState.Summary: Int] = [:]
        for molecule in snapshot.molecules { expected[molecule.summary, default: 0] += 1 }
        let counts = snapshot.moleculeCounts()
        #expect(Set(counts.keys) == ["c1"])
        #expect(counts["c1"]?.all == 4)
        #expect(counts["c1"]?.bySummary == expected)
        #expect(expected.count >= 3, "the molecules should be in different states: \(expected)")
    }
}
