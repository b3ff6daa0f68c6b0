import Foundation
import Testing

@testable import Core

/// The times and queries the state machine owns, so every path that moves a step records the same state.
@Suite struct StepTimesTests {
    @Test func completingAStepWithACheckpointRecordsWhenTheWorkFinished() throws {
        var run = Run(Fixtures.seedLike)
        _ = try run.apply(.start(step: "analysis")).get()
        _ = try run.apply(.complete(step: "analysis")).get()
        let finished = run.clock
        #expect(run.status("analysis") == .awaitingApproval)
        #expect(run.progress.steps["analysis"]?.completedAt == finished)
        #expect(run.progress.approvalRequests.last?.at == finished)
        // The approval sets the time the step was finally done.
        _ = try run.apply(.approve(checkpoint: "analysis-checkpoint", reviewer: "alice", at: finished + 300)).get()
        #expect(run.status("analysis") == .done)
        #expect(run.progress.steps["analysis"]?.completedAt == finished + 300)
    }

    @Test func aRejectionClearsTheTimesOfTheStepsSentBack() throws {
        var run = Run(Fixtures.seedLike)
        _ = try run.apply(.start(step: "analysis")).get()
        _ = try run.apply(.complete(step: "analysis")).get()
        _ = try run.apply(
            .reject(checkpoint: "analysis-checkpoint", reviewer: "alice", reason: "no", to: nil, at: run.clock)
        ).get()
        #expect(run.status("analysis") == .pending)
        #expect(run.progress.steps["analysis"]?.completedAt == nil)
        #expect(run.progress.steps["analysis"]?.startedAt == nil)
    }

    @Test func workingStepsAreTheActiveAndBlockedOnesInFormulaOrder() throws {
        var run = Run(Fixtures.diamond)
        #expect(StateMachine.workingSteps(in: run.progress, formula: run.formula) == [])
        try run.finish("plan")
        _ = try run.apply(.start(step: "ui")).get()
        _ = try run.apply(.start(step: "api")).get()
        #expect(StateMachine.workingSteps(in: run.progress, formula: run.formula) == ["api", "ui"])
        _ = try run.apply(.complete(step: "api")).get()
        #expect(StateMachine.workingSteps(in: run.progress, formula: run.formula) == ["ui"])
    }
}
