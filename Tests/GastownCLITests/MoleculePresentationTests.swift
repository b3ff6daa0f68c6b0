import Core
import Foundation
import Store
import TestSupport
import Testing

@testable import GastownCLI

/// What `molecule list/status --json` say about a molecule, from a real store.
@Suite struct MoleculePresentationTests {
    static let formula = Formula(
        name: "review", version: .integer(1),
        steps: [
            FormulaStep(
                id: "work", duration: .seconds(600),
                checkpoint: Checkpoint(id: "work-review", prompt: "Right?", onReject: "work")),
            FormulaStep(id: "ship", duration: .seconds(60)),
        ])
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    let directory: TemporaryDirectory
    let store: BeadsStore

    init() throws {
        directory = try TemporaryDirectory(prefix: "gastown-cli-test")
        try StoreInitializer.initialize(workspace: directory.path)
        store = BeadsStore(layout: StoreLayout(workspace: directory.path), formulas: FixedFormulas([Self.formula]))
        try store.createConvoy(ConvoyFile(name: "c1", title: "C", reviewers: ["alice"], created: t0))
        try store.createMolecule(name: "m1", convoy: "c1", formula: "review", variables: [], inputs: [], now: t0)
    }

    @Test func stepCountAndCurrentStepFollowTheMolecule() throws {
        defer { directory.remove() }
        var state = try store.loadMolecule("m1")
        #expect(StorePresentation.stepCount(state) == "0/2")
        #expect(StorePresentation.currentStep(state) == "work (ready)")
        try store.start(molecule: "m1", step: nil, now: t0)
        state = try store.loadMolecule("m1")
        #expect(StorePresentation.currentStep(state) == "work (active)")
        try store.complete(molecule: "m1", step: nil, now: t0 + 600)
        state = try store.loadMolecule("m1")
        #expect(StorePresentation.currentStep(state) == "work (awaiting-approval)")
        #expect(StorePresentation.stepCount(state) == "0/2")
    }

    @Test func anOpenCheckpointWaitsSinceTheWorkWasCompleted() throws {
        defer { directory.remove() }
        try store.start(molecule: "m1", step: nil, now: t0)
        try store.complete(molecule: "m1", step: nil, now: t0 + 600)
        // A later write (an assignment) does not move "since".
        try store.assign(molecule: "m1", step: nil, to: "polecat-7", now: t0 + 900)
        let json = StorePresentation.molecule(try store.loadMolecule("m1"), now: t0 + 1200).rendered()
        let since = "\"since\": \"" + Timestamp.text(t0 + 600) + "\""
        #expect(json.contains(since))
        #expect(json.contains("\"state\": \"awaiting-approval\""))
        #expect(json.contains("\"assignee\": \"polecat-7\""))
        // 60 s of ship left: the work step is finished.
        #expect(json.contains("\"remaining_minutes\": 1"))
    }
}
