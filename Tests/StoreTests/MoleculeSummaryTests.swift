import Core
import Foundation
import TestSupport
import Testing

@testable import Store

/// The one derived truth every screen shows (`MoleculeSummary`), and who an agent is.
@Suite struct MoleculeSummaryTests {
    @Test func theStateWordFollowsOneRule() {
        #expect(MoleculeState.Summary.of([.done, .awaitingApproval, .blocked]) == .awaitingApproval)
        #expect(MoleculeState.Summary.of([.done, .blocked, .active]) == .blocked)
        #expect(MoleculeState.Summary.of([.done, .active, .pending]) == .active)
        // Some done, none running (sent back, or between steps): active, not pending.
        #expect(MoleculeState.Summary.of([.done, .done, .pending, .pending]) == .active)
        #expect(MoleculeState.Summary.of([.done, .done]) == .done)
        #expect(MoleculeState.Summary.of([.pending, .pending]) == .pending)
        #expect(MoleculeState.Summary.of([]) == .pending)
    }

    /// A rejection at test validation back to do-refactor: both steps carry it, the step work returned to is
    /// sent back (`↺`), the checkpoint's own step waits its turn again.
    @Test func theLastRejectionIsOnTheCheckpointsStepAndTheStepWorkReturnedTo() throws {
        var seed = try SeedWorkspace()
        defer { seed.cleanup() }
        try seed.advance("m", until: "test-validation")
        try seed.start("m", "test-validation")
        _ = try seed.store.checkGate(
            molecule: "m", gate: nil, tests: .counts(TestCounts(passed: 3, failed: 0, skipped: 0)),
            now: seed.clock + 1)
        _ = try seed.store.complete(molecule: "m", step: nil, now: seed.clock + 2)
        try seed.store.decide(
            molecule: "m", checkpoint: "test-validation-checkpoint", decision: .rejected, reviewer: "alice",
            reason: "3 tests failing", returnTo: nil, isAgent: false, signer: TestKeys.signer("alice"),
            now: seed.clock + 3)
        let summary = try seed.store.loadMolecule("m").summarize(now: seed.clock + 4)
        #expect(summary.state == .active)
        let steps = Dictionary(uniqueKeysWithValues: summary.steps.map { ($0.id, $0) })
        for id in ["test-validation", "do-refactor"] {
            let rejection = try #require(steps[id]?.lastRejection, "\(id)")
            #expect(rejection.reviewer == "alice")
            #expect(rejection.reason == "3 tests failing")
            #expect(rejection.returnedTo == "do-refactor")
            #expect(rejection.checkpoint == "test-validation-checkpoint")
            #expect(rejection.at == seed.clock + 3)
        }
        #expect(steps["do-green"]?.lastRejection == nil)
        #expect(steps["do-refactor"]?.status == .pending)
        #expect(steps["do-refactor"]?.attempt == 2)
        #expect(steps["do-refactor"]?.sentBack == true)
        #expect(steps["test-validation"]?.sentBack == false)
        #expect(summary.current == ["do-refactor"])
        #expect(summary.currentAreReady)
        // Started again, it is still sent back (attempt 2, being worked on).
        _ = try seed.store.start(molecule: "m", step: "do-refactor", now: seed.clock + 5)
        let restarted = try seed.store.loadMolecule("m").summarize(now: seed.clock + 6)
        #expect(restarted.steps.first { $0.id == "do-refactor" }?.sentBack == true)
    }

    @Test func anAgentsNameComesFromGastownAgentAndFlagsAreNotNames() throws {
        #expect(try ReviewerIdentity.agentName(environment: ["GASTOWN_AGENT": "polecat-7"]) == "polecat-7")
        for flag in ["1", "true", "TRUE", "yes", "0", "false", "no", ""] {
            #expect(try ReviewerIdentity.agentName(environment: ["GASTOWN_AGENT": flag]) == nil, "\(flag)")
        }
        #expect(try ReviewerIdentity.agentName(environment: [:]) == nil)
        for on in ["1", "true", "polecat-7"] { #expect(ReviewerIdentity.isAgent(environment: ["GASTOWN_AGENT": on])) }
        for off in ["0", "false", "no", ""] { #expect(!ReviewerIdentity.isAgent(environment: ["GASTOWN_AGENT": off])) }
        let bad = #expect(throws: StoreError.self) {
            try ReviewerIdentity.agentName(environment: ["GASTOWN_AGENT": "../etc"])
        }
        #expect(bad?.message.contains("GASTOWN_AGENT") == true)
        // Recorded as: the agent, unless a name is given; else the person.
        let agent = ["GASTOWN_AGENT": "polecat-7", "GASTOWN_REVIEWER": "alice"]
        #expect(try ReviewerIdentity.recorder(explicit: nil, environment: agent) == "polecat-7")
        #expect(try ReviewerIdentity.recorder(explicit: "bob", environment: agent) == "bob")
        #expect(try ReviewerIdentity.recorder(explicit: nil, environment: ["GASTOWN_REVIEWER": "alice"]) == "alice")
    }

    @Test func anAgentStartingAStepWithoutAnAssigneeBecomesItsAssignee() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        let store = try makeStore(ws)
        try store.assign(molecule: "m1", step: nil, to: "team-a", now: t0)
        try store.start(molecule: "m1", step: nil, agent: "polecat-7", now: t0 + 1)
        var state = try store.loadMolecule("m1")
        #expect(state.progress?.steps["work"]?.assignee == "polecat-7")
        #expect(state.file?.assignee == "team-a")
        // A step already assigned keeps its assignee.
        _ = try store.apply(.complete(step: "work"), molecule: "m1", now: t0 + 2)
        try store.decide(
            molecule: "m1", checkpoint: "work-review", decision: .approved, reviewer: "alice", reason: nil,
            returnTo: nil, isAgent: false, signer: TestKeys.signer("alice"), now: t0 + 3)
        try store.assign(molecule: "m1", step: "test", to: "carol", now: t0 + 4)
        try store.start(molecule: "m1", step: "test", agent: "polecat-7", now: t0 + 5)
        state = try store.loadMolecule("m1")
        #expect(state.progress?.steps["test"]?.assignee == "carol")
    }

    @Test func theInputDocumentsFillTheFormulasInputsVariable() throws {
        var seed = try SeedWorkspace()
        defer { seed.cleanup() }
        try seed.store.createMolecule(
            name: "with-inputs", convoy: "c", formula: "integration-test-full-validation", variables: [],
            inputs: ["docs/DAY2.md", "docs/handoff.md"], now: seed.clock)
        #expect(try seed.store.loadMolecule("with-inputs").file?.variable("inputs") == "docs/DAY2.md, docs/handoff.md")
        // Given explicitly, the value stays.
        try seed.store.createMolecule(
            name: "explicit", convoy: "c", formula: "integration-test-full-validation",
            variables: [("inputs", "see the handoff")], inputs: ["docs/DAY2.md"], now: seed.clock)
        #expect(try seed.store.loadMolecule("explicit").file?.variable("inputs") == "see the handoff")
        seed.clock += 1
    }
}
