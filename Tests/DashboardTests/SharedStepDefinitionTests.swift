import Foundation
import Store
import TestSupport
import Testing

@testable import Dashboard

/// What a formula says of a step is held once per convoy and formula step, and every molecule's step snapshot
/// refers to it: the molecules still show exactly what a copy in each would show, and each keeps its own state.
@Suite struct SharedStepDefinitionTests {
    let start = Date(timeIntervalSince1970: 1_767_600_000)

    /// A convoy of three `mini` molecules (StoreAdapterTests' formula), the first one's step `a` started.
    func makeConvoy() throws -> (BeadsStore, String) {
        let (store, root) = try StoreAdapterTests().makeStore()
        try store.createConvoy(
            ConvoyFile(name: "soc2", title: "SOC2", teams: ["Gateway"], reviewers: ["ann"]),
            reviewerKeys: TestKeys.keys(["ann"]))
        for name in ["m1", "m2", "m3"] {
            try store.createMolecule(
                name: name, convoy: "soc2", formula: "mini", variables: [], inputs: [], assignee: "Gateway",
                now: start)
        }
        _ = try store.apply(.start(step: "a"), molecule: "m1", now: start + 60)
        return (store, root)
    }

    func molecules(_ snapshot: WorkspaceSnapshot) throws -> [MoleculeSnapshot] {
        try #require(snapshot.convoys.first { $0.id == "soc2" }?.molecules)
    }

    @Test func theMoleculesOfAFormulaShareItsStepsAndKeepTheirOwnState() throws {
        let (store, root) = try makeConvoy()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let molecules = try molecules(StoreAdapter.snapshot(store.loadAll(), root: root))
        #expect(molecules.map(\.id) == ["m1", "m2", "m3"])
        for molecule in molecules.dropFirst() {
            #expect(
                molecule.steps.indices.allSatisfy { molecule.steps[$0].sharesDefinition(with: molecules[0].steps[$0]) })
        }
        // What the formula says, as each molecule reads it.
        #expect(
            molecules[2].steps[0].definition
                == StepDefinition(
                    id: "a", title: "Analysis", planned: 900, tasks: ["Read the docs"],
                    checkpoint: CheckpointInfo(id: "a-check", prompt: "Scope agreed?", onReject: "a")))
        #expect(molecules[2].steps[1].definition == StepDefinition(id: "b", title: "Build", planned: 1200))
        // Their own state is their own.
        #expect(molecules.map(\.steps[0].state) == [.active, .pending, .pending])
        #expect(molecules.map(\.steps[0].startedAt) == [start + 60, nil, nil])
    }

    /// The Molecule view of a molecule whose steps share their definitions is the one drawn from steps that each
    /// hold a copy of theirs.
    @Test func aMoleculeWithSharedStepsRendersAsOneWithCopies() throws {
        let (store, root) = try makeConvoy()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let snapshot = StoreAdapter.snapshot(store.loadAll(), root: root)
        var copied = snapshot
        copied.convoys[0].molecules = try molecules(snapshot).map { molecule in
            var molecule = molecule
            molecule.steps = molecule.steps.map { step in
                var copy = StepSnapshot(
                    id: step.id, title: step.title, state: step.state, attempt: step.attempt, planned: step.planned,
                    startedAt: step.startedAt, completedAt: step.completedAt, assignee: step.assignee,
                    tasks: step.tasks, acceptance: step.acceptance, checkpoint: step.checkpoint, gate: step.gate,
                    awaitingSince: step.awaitingSince, sentBack: step.sentBack, kind: step.kind)
                copy.approvalBlockers = step.approvalBlockers
                return copy
            }
            return molecule
        }
        #expect(
            !copied.convoys[0].molecules[1].steps[0].sharesDefinition(with: copied.convoys[0].molecules[2].steps[0]))
        for molecule in ["m1", "m2"] {
            var shared = Fixture.state(snapshot)
            var unshared = Fixture.state(copied)
            shared.route = .molecule(convoy: "soc2", molecule: molecule)
            unshared.route = shared.route
            let lines = Fixture.lines(shared, 120, 40)
            #expect(lines == Fixture.lines(unshared, 120, 40))
            #expect(lines.contains { $0.contains("Analysis") } && lines.contains { $0.contains("Build") })
        }
    }

    /// Changing one molecule's step (as a test builds one) gives it a definition of its own: the others still
    /// show the formula's.
    @Test func changingOneMoleculesStepLeavesTheOthersAsTheFormulaSays() throws {
        let (store, root) = try makeConvoy()
        defer { try? FileManager.default.removeItem(atPath: root) }
        var molecules = try molecules(StoreAdapter.snapshot(store.loadAll(), root: root))
        molecules[0].steps[0].title = "Changed"
        molecules[0].steps[0].tasks = []
        #expect(molecules[0].steps[0].title == "Changed")
        #expect(molecules[1].steps[0].title == "Analysis" && molecules[2].steps[0].tasks == ["Read the docs"])
        #expect(!molecules[0].steps[0].sharesDefinition(with: molecules[1].steps[0]))
        #expect(molecules[1].steps[0].sharesDefinition(with: molecules[2].steps[0]))
    }

    /// A molecule read again after its formula changed shows the new step; its unchanged steps stay shared with
    /// the molecules not read again, which keep what they were loaded with until they are.
    @Test func aMoleculeReloadedAfterItsFormulaChangedShowsTheNewStep() throws {
        let (store, root) = try makeConvoy()
        defer { try? FileManager.default.removeItem(atPath: root) }
        var index = WorkspaceIndex(store.loadAll(), root: root)
        let edited = StoreAdapterTests.formula.replacingOccurrences(of: "title = \"Build\"", with: "title = \"Ship\"")
        try AtomicFile.write(edited, to: store.layout.formulas + "/mini.toml")
        index.replace(molecule: try store.loadMolecule("m2"))
        let molecules = try molecules(index.currentSnapshot())
        #expect(molecules.map(\.steps[1].title) == ["Build", "Ship", "Build"])
        #expect(molecules[1].steps[0].sharesDefinition(with: molecules[0].steps[0]))
        #expect(!molecules[1].steps[1].sharesDefinition(with: molecules[0].steps[1]))
        #expect(molecules[0].steps[1].sharesDefinition(with: molecules[2].steps[1]))
    }
}
