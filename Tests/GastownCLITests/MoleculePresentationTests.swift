import Core
import Foundation
import Store
import TestSupport
import Testing

@testable import GastownCLI

/// What `molecule list/status --json` say about a molecule, from a real store: m1 awaits its work-review
/// checkpoint (work completed at t0 + 60), m2 has not started.
@Suite struct MoleculePresentationTests {
    let workspace: ReviewWorkspace
    var store: BeadsStore { workspace.store }
    let t0 = ReviewWorkspace.t0

    init() throws { workspace = try ReviewWorkspace() }

    @Test func stepCountAndCurrentStepFollowTheMolecule() throws {
        defer { workspace.remove() }
        var state = try store.loadMolecule("m2")
        #expect(StorePresentation.stepCount(state) == "0/2")
        #expect(StorePresentation.currentStep(state) == "work (ready)")
        try store.start(molecule: "m2", step: nil, now: t0)
        state = try store.loadMolecule("m2")
        #expect(StorePresentation.currentStep(state) == "work (active)")
        state = try store.loadMolecule("m1")
        #expect(StorePresentation.currentStep(state) == "work (awaiting-approval)")
        #expect(StorePresentation.stepCount(state) == "0/2")
    }

    @Test func anOpenCheckpointWaitsSinceTheWorkWasCompleted() throws {
        defer { workspace.remove() }
        // A later write (an assignment) does not move "since".
        try store.assign(molecule: "m1", step: nil, to: "polecat-7", now: t0 + 900)
        let json = StorePresentation.molecule(try store.loadMolecule("m1"), now: t0 + 1200).rendered()
        #expect(json.contains("\"since\": \"" + Timestamp.text(t0 + 60) + "\""))
        #expect(json.contains("\"state\": \"awaiting-approval\""))
        #expect(json.contains("\"assignee\": \"polecat-7\""))
        // 60 s of ship left: the work step is finished.
        #expect(json.contains("\"remaining_minutes\": 1"))
    }
}
