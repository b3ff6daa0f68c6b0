import Foundation
import Store
import TestSupport
import Testing

@testable import Dashboard

/// The adapter from what the store loads to the dashboard's snapshot, on a real temporary store.
@Suite struct StoreAdapterTests {
    static let formula = """
        formula = "mini"
        version = 3
        [[steps]]
        id = "a"
        title = "Analysis"
        duration = "15m"
        tasks = ["Read the docs"]
        [steps.checkpoint]
        id = "a-check"
        prompt = "Scope agreed?"
        [[steps]]
        id = "b"
        title = "Build"
        duration = "20m"
        """

    func makeStore() throws -> (BeadsStore, String) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("adapter-\(UUID().uuidString)").path
        try StoreInitializer.initialize(workspace: root)
        let layout = StoreLayout(workspace: root)
        try AtomicFile.write(Self.formula, to: layout.formulas + "/mini.toml")
        var store = BeadsStore(layout: layout, formulas: SearchPathFormulas(layout: layout, home: nil))
        store.clock = TestKeys.lateClock
        return (store, root)
    }

    /// An agent's mistyped or oversized molecule file: an error row in the Convoys view saying which file and why;
    /// the other molecules load.
    @Test func aMistypedOrOversizedMoleculeIsAnErrorRowNamingFileAndReason() throws {
        let (store, root) = try makeStore()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try store.createConvoy(
            ConvoyFile(name: "soc2", title: "SOC2", reviewers: ["ann"]), reviewerKeys: TestKeys.keys(["ann"]))
        for name in ["good", "mistyped", "huge"] {
            try store.createMolecule(
                name: name, convoy: "soc2", formula: "mini", variables: [], inputs: [],
                now: Date(timeIntervalSince1970: 0))
        }
        let molecules = root + "/.beads/convoys/soc2/molecules"
        try "formula = \"mini\"\nrevision = \"lots\"\n".write(
            toFile: molecules + "/mistyped/molecule.toml", atomically: true, encoding: .utf8)
        let huge = "formula = \"mini\"\n#" + String(repeating: "x", count: 5 << 20) + "\n"
        try huge.write(toFile: molecules + "/huge/molecule.toml", atomically: true, encoding: .utf8)

        let snapshot = StoreAdapter.snapshot(store.loadAll(), root: root)
        let rows = try #require(snapshot.convoys.first?.molecules)
        #expect(rows.map(\.id).sorted() == ["good", "huge", "mistyped"])
        #expect(rows.first { $0.id == "good" }?.steps.isEmpty == false)
        let text = Fixture.lines(Fixture.state(snapshot), 159, 30).joined(separator: "\n")
        #expect(text.contains("2 files did not load:"), "\(text)")
        #expect(
            text.contains(
                ".beads/convoys/soc2/molecules/mistyped/molecule.toml:2:12: error: revision: expected an integer, found string"
            ), "\(text)")
        #expect(text.contains("huge/molecule.toml is \(huge.utf8.count) bytes, more than the 4 MiB limit"), "\(text)")
    }

    @Test func convoysMoleculesStepsAndApprovals() throws {
        let (store, root) = try makeStore()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let start = Date(timeIntervalSince1970: 1_767_600_000)
        try store.createConvoy(
            ConvoyFile(name: "soc2", title: "SOC2 Audit Trail", teams: ["Gateway"], reviewers: ["ann"]),
            reviewerKeys: TestKeys.keys(["ann"]))
        try store.createMolecule(
            name: "m1", convoy: "soc2", formula: "mini", variables: [], inputs: ["docs/in.md"],
            assignee: "Gateway", now: start)
        _ = try store.apply(.start(step: "a"), molecule: "m1", now: start)
        _ = try store.apply(.complete(step: "a"), molecule: "m1", now: start + 600)

        let snapshot = StoreAdapter.snapshot(store.loadAll(), root: root)
        let convoy = try #require(snapshot.convoys.first)
        #expect(convoy.title == "SOC2 Audit Trail")
        #expect(convoy.teams == ["Gateway"])
        let molecule = try #require(convoy.molecules.first)
        #expect(molecule.formula == "mini")
        #expect(molecule.formulaVersion == "3")
        #expect(molecule.team == "Gateway")
        #expect(molecule.inputs == ["docs/in.md"])
        #expect(molecule.steps.map(\.id) == ["a", "b"])
        #expect(molecule.steps.map(\.state) == [.awaitingApproval, .pending])
        #expect(molecule.steps[0].planned == 900)
        #expect(molecule.steps[0].tasks == ["Read the docs"])
        #expect(molecule.steps[0].awaitingSince == start + 600)
        let approval = try #require(snapshot.approvals.first)
        #expect(approval.checkpointID == "a-check")
        #expect(approval.prompt == "Scope agreed?")
        #expect(approval.onReject == "a")
        // a's work is finished (it awaits its decision): what is left is b's 20 minutes.
        #expect(convoy.remaining == TimeInterval(1200))
        #expect(molecule.overall == .awaitingApproval)
        #expect(molecule.current == ["a"])
        #expect(!molecule.currentAreReady)
    }

    /// The current steps come from the state machine: a convoy's legs are all ready, then all active.
    @Test func aConvoysLegsAreCurrentTogether() throws {
        let (store, root) = try makeStore()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let convoy = """
            formula = "legs"
            type = "convoy"
            [[legs]]
            id = "api"
            acceptance = "The API is reviewed"
            [[legs]]
            id = "ui"
            [synthesis]
            title = "Merge"
            """
        try AtomicFile.write(convoy, to: store.layout.formulas + "/legs.toml")
        let start = Date(timeIntervalSince1970: 1_767_600_000)
        try store.createConvoy(ConvoyFile(name: "c", title: "C", reviewers: ["ann"]))
        try store.createMolecule(name: "m", convoy: "c", formula: "legs", variables: [], inputs: [], now: start)
        func molecule() throws -> MoleculeSnapshot {
            try #require(StoreAdapter.snapshot(store.loadAll(), root: root).convoys.first?.molecules.first)
        }
        #expect(try molecule().current == ["api", "ui"])
        #expect(try molecule().currentAreReady)
        #expect(try molecule().steps[0].acceptance == "The API is reviewed")
        _ = try store.startAll(molecule: "m", now: start)
        #expect(try molecule().current == ["api", "ui"])
        #expect(try !molecule().currentAreReady)
        #expect(try molecule().steps.map(\.state) == [.active, .active, .pending])
    }

    @Test func decisionsAndBrokenFilesShowUp() throws {
        let (store, root) = try makeStore()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let start = Date(timeIntervalSince1970: 1_767_600_000)
        try store.createConvoy(
            ConvoyFile(name: "c", title: "C", reviewers: ["ann"]), reviewerKeys: TestKeys.keys(["ann"]))
        try store.createMolecule(name: "m1", convoy: "c", formula: "mini", variables: [], inputs: [], now: start)
        try store.createMolecule(name: "m2", convoy: "c", formula: "mini", variables: [], inputs: [], now: start)
        _ = try store.apply(.start(step: "a"), molecule: "m1", now: start)
        _ = try store.apply(.complete(step: "a"), molecule: "m1", now: start + 60)
        try store.decide(
            molecule: "m1", checkpoint: "a-check", decision: .rejected, reviewer: "ann",
            reason: "scope unclear", returnTo: nil, isAgent: false, signer: TestKeys.signer("ann"), now: start + 120)
        try AtomicFile.write("name = \"broken\n", to: store.layout.moleculeFile("c", "m2"))

        let snapshot = StoreAdapter.snapshot(store.loadAll(), root: root)
        let molecules = try #require(snapshot.convoys.first?.molecules)
        // The broken molecule is a row of its own, invalid, with the parser's file:line:column message.
        #expect(molecules.map(\.id) == ["m1", "m2"])
        #expect(molecules[1].overall == .invalid)
        #expect(molecules[1].problems.contains { $0.contains("c/molecules/m2/molecule.toml:1:") })
        #expect(snapshot.convoys.first?.invalidCount == 1)
        let decision = try #require(molecules.first?.history.first)
        #expect(!decision.approved)
        #expect(decision.reviewer == "ann")
        #expect(decision.reason == "scope unclear")
        #expect(decision.returnedTo == "a")
        #expect(molecules.first?.steps.first?.attempt == 2)
        // Sent back to a (pending again): drawn ↺.
        #expect(molecules.first?.steps.first?.sentBack == true)
        #expect(snapshot.errors.contains { $0.file.hasSuffix("c/molecules/m2/molecule.toml") })
    }

    /// A value a merge of clones set aside is a warning of the molecule, not a problem that makes it invalid.
    @Test func aMergeConflictIsAWarning() throws {
        let (store, root) = try makeStore()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try store.createConvoy(
            ConvoyFile(name: "c", title: "C", reviewers: ["ann"]), reviewerKeys: TestKeys.keys(["ann"]))
        try store.createMolecule(
            name: "m1", convoy: "c", formula: "mini", variables: [], inputs: [], assignee: "bob", now: Date())
        let path = store.layout.moleculeFile("c", "m1")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try AtomicFile.write(text + "\n[conflicts]\nassignee = [\"amy\"]\n", to: path)

        let snapshot = StoreAdapter.snapshot(store.loadAll(), root: root)
        let molecule = try #require(snapshot.convoys.first?.molecules.first)
        #expect(molecule.overall != .invalid)
        #expect(
            molecule.warnings.contains { $0.contains("merge conflict on assignee: kept \"bob\", set aside \"amy\"") })
    }

    /// A convoy field a merge set aside is listed with the files to look at, naming the verb that settles it; the
    /// convoy and its molecules load as usual.
    @Test func aConvoysMergeConflictIsListedWithTheVerbThatSettlesIt() throws {
        let (store, root) = try makeStore()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try store.createConvoy(
            ConvoyFile(name: "c", title: "Kept", reviewers: ["ann"]), reviewerKeys: TestKeys.keys(["ann"]))
        try store.createMolecule(name: "m1", convoy: "c", formula: "mini", variables: [], inputs: [], now: Date())
        let path = store.layout.convoyFile("c")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try AtomicFile.write(text + "\n[conflicts]\ntitle = [\"Lost\"]\n", to: path)

        let snapshot = StoreAdapter.snapshot(store.loadAll(), root: root)
        #expect(snapshot.convoys.first?.title == "Kept")
        #expect(snapshot.convoys.first?.molecules.map(\.id) == ["m1"])
        let listed = snapshot.errors.filter { $0.file.hasSuffix("c/convoy.toml") }.map(\.message)
        #expect(listed.count == 1)
        #expect(listed.first?.contains("merge conflict on title: kept \"Kept\", set aside \"Lost\"") == true)
        #expect(listed.first?.contains("gastown convoy resolve c title --keep ours|theirs") == true)
    }
}
