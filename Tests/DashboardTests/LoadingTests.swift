import Foundation
import Store
import TestSupport
import Testing

@testable import Dashboard

private func sp(_ count: Int) -> String { String(repeating: " ", count: count) }

/// The first frames of a large workspace: convoy rows before their molecules.
@Suite struct LoadingRowsTests {
    /// SOC2 loaded, Docs still loading.
    static var partial: WorkspaceSnapshot {
        WorkspaceSnapshot(
            root: "/w",
            convoys: [
                Fixture.workspace.convoys[0],
                ConvoySnapshot(id: "docs", title: "Docs Refresh", teams: ["HolmesAPI"], molecules: [], isLoading: true),
            ])
    }

    @Test func loadingRowsAt80x24() {
        let lines = Fixture.lines(Fixture.state(Self.partial))
        #expect(lines[0] == Fixture.header(" gastown  [Convoys]  Approvals (1)  Board  History", "loading 1/2…"))
        #expect(lines[2] == "› SOC2 Audit Trail AI Analysis…     1/3 ███░░░░░░░    1   1   0    30m   5m ago")
        #expect(
            lines[3] == "  Docs Refresh     HolmesAPI" + sp(10) + "… loading…" + sp(6) + "…   …   …      …        …")
        #expect(lines[4...22].allSatisfy { $0.isEmpty })
        #expect(lines.count == 24)
    }

    @Test func loadingCountsAndFinishedHeader() {
        #expect(Self.partial.loadingCount == 1)
        #expect(Fixture.workspace.loadingCount == 0)
        #expect(
            Fixture.lines(Fixture.state())[0] == Fixture.header(" gastown  [Convoys]  Approvals (1)  Board  History"))
    }

    @Test func keysWorkOnLoadingRows() {
        let (moved, _) = Fixture.press([.character("j")], Fixture.state(Self.partial))
        #expect(moved.cursor == 1)
        let (state, effects) = Fixture.press([.enter], moved)
        #expect(effects.isEmpty)
        let lines = Fixture.lines(state)
        #expect(lines[0].hasPrefix(" gastown  Convoys › docs"))
        #expect(lines.contains("  Loading the molecules of this convoy…"))
    }

    @Test func indexFillsConvoyByConvoy() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("loading-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try StoreInitializer.initialize(workspace: root)
        let layout = StoreLayout(workspace: root)
        try AtomicFile.write(StoreAdapterTests.formula, to: layout.formulas + "/mini.toml")
        var store = BeadsStore(layout: layout, formulas: SearchPathFormulas(layout: layout, home: nil))
        store.clock = TestKeys.lateClock
        let start = Date(timeIntervalSince1970: 1_767_600_000)
        for convoy in ["a", "b", "c"] {
            try store.createConvoy(
                ConvoyFile(name: convoy, title: "Convoy " + convoy, reviewers: ["ann"]),
                reviewerKeys: TestKeys.keys(["ann"]))
            for molecule in ["\(convoy)1", "\(convoy)2"] {
                try store.createMolecule(
                    name: molecule, convoy: convoy, formula: "mini", variables: [], inputs: [],
                    now: start)
            }
        }

        var index = WorkspaceIndex(convoys: try store.convoyNames().map(store.loadConvoy), root: root)
        #expect(index.isLoading)
        #expect(index.snapshot.convoys.map(\.title) == ["Convoy a", "Convoy b", "Convoy c"])
        #expect(index.snapshot.convoys.allSatisfy { $0.isLoading && $0.molecules.isEmpty })

        var delivered: [String] = []
        store.loadMolecules(ofConvoys: ["a", "b", "c"]) { convoy, molecules in
            delivered.append(convoy)
            index.finishLoading(convoy: convoy, molecules: molecules)
            if convoy == "a" {
                #expect(index.snapshot.convoys.map(\.isLoading) == [false, true, true])
                #expect(index.snapshot.convoys[0].molecules.map(\.id) == ["a1", "a2"])
            }
            #expect(molecules.map(\.convoy) == [convoy, convoy])
            return true
        }
        #expect(delivered == ["a", "b", "c"])
        #expect(!index.isLoading)
        #expect(index.snapshot == WorkspaceIndex(store.loadAll(), root: root).snapshot)
    }

    @Test func deliveryCanStopEarly() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("loading-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try StoreInitializer.initialize(workspace: root)
        let layout = StoreLayout(workspace: root)
        var store = BeadsStore(layout: layout, formulas: SearchPathFormulas(layout: layout, home: nil))
        store.clock = TestKeys.lateClock
        for convoy in ["a", "b", "c"] {
            try store.createConvoy(
                ConvoyFile(name: convoy, title: convoy, reviewers: ["ann"]), reviewerKeys: TestKeys.keys(["ann"]))
        }
        var delivered: [String] = []
        store.loadMolecules(ofConvoys: try store.convoyNames()) { convoy, _ in
            delivered.append(convoy)
            return false
        }
        #expect(delivered == ["a"])
    }

    /// The dashboard's loaders ask one `MoleculeLoad` for a convoy at a time, in any order: together the parts
    /// are the whole workspace, as one load of everything shows it.
    @Test func oneLoadAskedConvoyByConvoyMatchesAFullLoad() throws {
        let (root, store) = try Self.threeConvoys()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let load = MoleculeLoad(store)
        var index = WorkspaceIndex(convoys: try store.convoyNames().map(store.loadConvoy), root: root)
        for convoy in ["c", "a", "b"] {
            let molecules = load.molecules(ofConvoy: convoy)
            #expect(molecules.map(\.name) == ["\(convoy)1", "\(convoy)2"])
            #expect(molecules.allSatisfy { $0.convoy == convoy && $0.progress != nil })
            index.finishLoading(convoy: convoy, molecules: molecules)
        }
        #expect(!index.isLoading)
        #expect(index.snapshot == WorkspaceIndex(store.loadAll(), root: root).snapshot)
        #expect(load.molecules(ofConvoy: "missing").isEmpty)
    }

    /// Three convoys of two molecules each, in a fresh store (removed by the caller).
    private static func threeConvoys() throws -> (root: String, store: BeadsStore) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("loading-\(UUID().uuidString)").path
        try StoreInitializer.initialize(workspace: root)
        let layout = StoreLayout(workspace: root)
        try AtomicFile.write(StoreAdapterTests.formula, to: layout.formulas + "/mini.toml")
        var store = BeadsStore(layout: layout, formulas: SearchPathFormulas(layout: layout, home: nil))
        store.clock = TestKeys.lateClock
        for convoy in ["a", "b", "c"] {
            try store.createConvoy(
                ConvoyFile(name: convoy, title: "Convoy " + convoy, reviewers: ["ann"]),
                reviewerKeys: TestKeys.keys(["ann"]))
            for molecule in ["\(convoy)1", "\(convoy)2"] {
                try store.createMolecule(
                    name: molecule, convoy: convoy, formula: "mini", variables: [], inputs: [],
                    now: Date(timeIntervalSince1970: 1_767_600_000))
            }
        }
        return (root, store)
    }

    /// The background loader adapts each convoy off the run loop's thread: filed as finished
    /// convoys (molecules delivered in any order), the result is the one-shot load's.
    @Test func adaptedConvoysMatchAFullLoad() throws {
        let (root, store) = try Self.threeConvoys()
        defer { try? FileManager.default.removeItem(atPath: root) }
        var index = WorkspaceIndex(convoys: try store.convoyNames().map(store.loadConvoy), root: root)
        _ = index.currentSnapshot()
        store.loadMolecules(ofConvoys: ["a", "b", "c"]) { convoy, molecules in
            index.finishLoading(LoadedConvoy(convoy: convoy, molecules: Array(molecules.reversed())))
            #expect(
                index.currentSnapshot().convoys.first { $0.id == convoy }?.molecules.map(\.id)
                    == [convoy + "1", convoy + "2"])
            return true
        }
        #expect(!index.isLoading)
        #expect(index.currentSnapshot() == WorkspaceIndex(store.loadAll(), root: root).snapshot)
    }

    /// A molecule reloaded (after a decision) before its convoy arrives is kept beside the delivered ones.
    @Test func moleculeReloadedBeforeItsConvoyArrivesIsKept() throws {
        let (root, store) = try Self.threeConvoys()
        defer { try? FileManager.default.removeItem(atPath: root) }
        var index = WorkspaceIndex(convoys: try store.convoyNames().map(store.loadConvoy), root: root)
        index.replace(molecule: try store.loadMolecule("b2"))
        #expect(index.currentSnapshot().convoys[1].molecules.map(\.id) == ["b2"])
        let b = store.loadMolecules(inConvoy: "b").filter { $0.name == "b1" }
        index.finishLoading(LoadedConvoy(convoy: "b", molecules: b))
        let row = index.currentSnapshot().convoys[1]
        #expect(row.molecules.map(\.id) == ["b1", "b2"])
        #expect(!row.isLoading)
    }

    /// A molecule reloaded, removed and filed again keeps the row in name order, each molecule once.
    @Test func reloadAndRemoveKeepNameOrder() throws {
        let (root, store) = try Self.threeConvoys()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let full = WorkspaceIndex(store.loadAll(), root: root).snapshot
        var index = WorkspaceIndex(store.loadAll(), root: root)
        index.replace(molecule: try store.loadMolecule("a1"))
        #expect(index.currentSnapshot().convoys[0].molecules.map(\.id) == ["a1", "a2"])
        index.removeMolecule("a1", convoy: "a")
        #expect(index.currentSnapshot().convoys[0].molecules.map(\.id) == ["a2"])
        index.removeMolecule("a1", convoy: "a")
        #expect(index.currentSnapshot().convoys[0].molecules.map(\.id) == ["a2"])
        index.replace(molecule: try store.loadMolecule("a1"))
        #expect(index.currentSnapshot() == full)
    }
}
