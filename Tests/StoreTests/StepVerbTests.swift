import Core
import Foundation
import TestSupport
import Testing

@testable import Store

/// `start`, `complete`, `assign` and `recordTests` choose the step and change the state in the store
/// (with the state machine), so the CLI, the demo and an agent's library call leave the same files.
@Suite struct StepVerbTests {
    @Test func startTakesTheFirstReadyStepWhenNoneIsNamed() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        let store = try makeStore(ws)
        let started = try store.start(molecule: "m1", step: nil, now: t0)
        #expect(started.step == "work")
        #expect(started.state.progress?.steps["work"]?.status == .active)
        #expect(started.state.progress?.steps["work"]?.startedAt == t0)
        let error = #expect(throws: StoreError.self) { try store.start(molecule: "m1", step: nil, now: t0) }
        #expect(error?.kind == .refused)
        #expect(error?.message == "no step of m1 is ready to start")
    }

    @Test func completeTakesTheOnlyWorkingStepAndRecordsWhenTheCheckpointStartedWaiting() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        let store = try makeStore(ws)
        try store.start(molecule: "m1", step: nil, now: t0)
        let completed = try store.complete(molecule: "m1", step: nil, now: t0 + 600)
        #expect(completed.step == "work")
        let state = try store.loadMolecule("m1")
        #expect(state.progress?.steps["work"]?.status == .awaitingApproval)
        #expect(state.progress?.steps["work"]?.completedAt == t0 + 600)
        #expect(state.awaitingSince(step: "work") == t0 + 600)
    }

    @Test func everyPathThatCompletesAStepLeavesTheSameState() throws {
        let (viaVerb, viaEvent) = (try TempWorkspace(), try TempWorkspace())
        defer {
            viaVerb.cleanup()
            viaEvent.cleanup()
        }
        let (a, b) = (try makeStore(viaVerb), try makeStore(viaEvent))
        try a.start(molecule: "m1", step: nil, now: t0)
        try a.complete(molecule: "m1", step: nil, now: t0 + 600)
        _ = try b.apply(.start(step: "work"), molecule: "m1", now: t0)
        _ = try b.apply(.complete(step: "work"), molecule: "m1", now: t0 + 600)
        let (left, right) = (try a.loadMolecule("m1"), try b.loadMolecule("m1"))
        #expect(left.progress?.steps == right.progress?.steps)
        #expect(left.awaitingSince(step: "work") == right.awaitingSince(step: "work"))
        #expect(viaVerb.read(left.path) == viaEvent.read(right.path))
    }

    @Test func completeWithoutAWorkingStepOrWithSeveralSaysWhich() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        let store = try makeStore(ws)
        let none = #expect(throws: StoreError.self) { try store.complete(molecule: "m1", step: nil, now: t0) }
        #expect(none?.kind == .invalidInput)
        #expect(none?.message == "no step of m1 is active")
        #expect(throws: StoreError.self) { try store.stepToComplete(molecule: "m1") }
        try store.start(molecule: "m1", step: "work", now: t0)
        #expect(try store.stepToComplete(molecule: "m1") == "work")
    }

    @Test func aFailingGateBlocksTheStepAndCompletingItIsRefusedWithTheReason() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        let store = try makeStore(ws)
        try store.finish("m1", "work", at: t0)
        _ = try store.decide(
            molecule: "m1", checkpoint: "work-review", decision: .approved, reviewer: "alice", reason: nil,
            returnTo: nil, isAgent: false, signer: TestKeys.signer("alice"), now: t0 + 1)
        #expect(try store.start(molecule: "m1", step: nil, now: t0 + 2).step == "test")
        let recorded = try store.recordTests(
            molecule: "m1", step: nil, tests: .counts(TestCounts(passed: 9, failed: 1, skipped: 0)), now: t0 + 3)
        #expect(recorded.stepID == "test")
        #expect(recorded.gate.id == "tests-pass")
        #expect(!recorded.evidence.passed)
        #expect(recorded.molecule.progress?.steps["test"]?.status == .blocked)
        // The blocked step is still the one being worked on.
        #expect(try store.stepToComplete(molecule: "m1") == "test")
        let refused = #expect(throws: StoreError.self) { try store.complete(molecule: "m1", step: nil, now: t0 + 4) }
        #expect(refused?.kind == .refused)
        #expect(refused?.message.contains("mandatory gate tests-pass fails") == true)
        let passing = try store.recordTests(
            molecule: "m1", step: "test", tests: .counts(TestCounts(passed: 10, failed: 0, skipped: 0)), now: t0 + 5)
        #expect(passing.molecule.progress?.steps["test"]?.status == .active)
        #expect(
            try store.complete(molecule: "m1", step: nil, now: t0 + 6).state.progress?.steps["test"]?.status == .done)
    }

    @Test func testResultsNeedAStepWithATestsGate() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        let store = try makeStore(ws)
        let counts = TestCounts(passed: 1, failed: 0, skipped: 0)
        try store.start(molecule: "m1", step: nil, now: t0)
        let noGate = #expect(throws: StoreError.self) {
            try store.recordTests(molecule: "m1", step: nil, tests: .counts(counts), now: t0)
        }
        #expect(noGate?.message == "no active step of m1 has a tests gate; name one with --step")
        let unknown = #expect(throws: StoreError.self) {
            try store.recordTests(molecule: "m1", step: "nope", tests: .counts(counts), now: t0)
        }
        #expect(unknown?.message == "formula sample has no step nope")
        let wrong = #expect(throws: StoreError.self) {
            try store.recordTests(molecule: "m1", step: "work", tests: .counts(counts), now: t0)
        }
        #expect(wrong?.message == "step work has no tests gate")
    }

    @Test func assignSetsTheMoleculeOrOneStep() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        let store = try makeStore(ws)
        #expect(try store.assign(molecule: "m1", step: nil, to: "polecat-7", now: t0).file?.assignee == "polecat-7")
        let state = try store.assign(molecule: "m1", step: "test", to: "rig-2", now: t0)
        #expect(state.progress?.steps["test"]?.assignee == "rig-2")
        #expect(try store.assign(molecule: "m1", step: nil, to: nil, now: t0).file?.assignee == nil)
        let unknown = #expect(throws: StoreError.self) {
            try store.assign(molecule: "m1", step: "ghost", to: "x", now: t0)
        }
        #expect(unknown?.kind == .invalidInput)
        #expect(throws: StoreError.self) { try store.assign(molecule: "m1", step: nil, to: "bad name", now: t0) }
    }

    @Test func aFileThatDoesNotSayWhenTheWorkFinishedWaitsSinceItsLastUpdate() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        let store = try makeStore(ws)
        try store.finish("m1", "work", at: t0)
        let path = ws.layout.moleculeFile("c1", "m1")
        let text = try #require(ws.read(ws.layout.relative(path)))
        let handWritten = text.split(separator: "\n").filter { !$0.hasPrefix("completed") }.joined(separator: "\n")
        try ws.write(ws.layout.relative(path), handWritten + "\n")
        let state = try store.loadMolecule("m1")
        #expect(state.progress?.steps["work"]?.completedAt == nil)
        #expect(state.awaitingSince(step: "work") == state.file?.updated)
        #expect(state.awaitingSince(step: "test") == nil)
    }
}
