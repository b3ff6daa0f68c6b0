import Foundation
import Testing

@testable import Core

@Suite struct StateMachineTests {
    @Test func startsWithEveryStepPendingAndOnlyTheFirstReady() {
        let run = Run(Fixtures.seedLike)
        #expect(run.progress.steps.values.allSatisfy { $0.status == .pending && $0.attempt == 1 })
        #expect(run.progress.stepOrder.first == "analysis")
        #expect(StateMachine.readySteps(in: run.progress, formula: run.formula) == ["analysis"])
        #expect(!StateMachine.isComplete(run.progress, formula: run.formula))
    }

    @Test func startingAStepWhoseNeedsAreNotDoneIsRefused() {
        var run = Run(Fixtures.seedLike)
        let result = run.apply(.start(step: "plan"))
        #expect(result.failureReason == "cannot start step plan: it needs analysis done first")
        #expect(run.status("plan") == .pending)
    }

    @Test func startMakesAReadyStepActive() throws {
        var run = Run(Fixtures.seedLike)
        _ = try run.apply(.start(step: "analysis")).get()
        #expect(run.status("analysis") == .active)
        #expect(run.progress.steps["analysis"]?.startedAt == run.clock)
        #expect(run.apply(.start(step: "analysis")).failureReason?.contains("it is active, not pending") == true)
    }

    @Test func completingAStepWithACheckpointOpensIt() throws {
        var run = Run(Fixtures.seedLike)
        _ = try run.apply(.start(step: "analysis")).get()
        _ = try run.apply(.complete(step: "analysis")).get()
        #expect(run.status("analysis") == .awaitingApproval)
        #expect(run.progress.approvalRequests.map(\.checkpointID) == ["analysis-checkpoint"])
        #expect(
            StateMachine.openCheckpoints(in: run.progress, formula: run.formula).map(\.checkpoint.id) == [
                "analysis-checkpoint"
            ])
        #expect(StateMachine.readySteps(in: run.progress, formula: run.formula).isEmpty)
    }

    @Test func approvingMarksDoneAndMakesTheNextStepReady() throws {
        var run = Run(Fixtures.seedLike)
        _ = try run.apply(.start(step: "analysis")).get()
        _ = try run.apply(.complete(step: "analysis")).get()
        _ = try run.apply(.approve(checkpoint: "analysis-checkpoint", reviewer: "alice", at: run.clock + 30)).get()
        #expect(run.status("analysis") == .done)
        #expect(run.progress.history.count == 1)
        #expect(run.progress.history[0].decision == .approved)
        #expect(run.progress.history[0].reviewer == "alice")
        #expect(StateMachine.readySteps(in: run.progress, formula: run.formula) == ["plan"])
    }

    @Test func approvingACheckpointThatIsNotOpenIsRefused() {
        var run = Run(Fixtures.seedLike)
        let result = run.apply(.approve(checkpoint: "analysis-checkpoint", reviewer: "alice", at: run.clock))
        #expect(
            result.failureReason
                == "cannot approve analysis-checkpoint: step analysis is pending, not awaiting approval")
        #expect(
            run.apply(.approve(checkpoint: "nope", reviewer: "alice", at: run.clock)).failureReason?.contains(
                "no checkpoint \"nope\"") == true)
        #expect(run.progress.history.isEmpty)
    }

    @Test func completingAStepWithoutCheckpointMarksItDone() throws {
        var run = Run(Fixtures.seedLike)
        try passCheckpoints(&run, through: "plan")
        try run.finish("do-infrastructure")
        #expect(run.status("do-infrastructure") == .done)
        #expect(run.progress.steps["do-infrastructure"]?.completedAt == run.clock)
        #expect(StateMachine.readySteps(in: run.progress, formula: run.formula) == ["do-red"])
    }

    @Test func completingAPendingOrDoneStepIsRefused() throws {
        var run = Run(Fixtures.seedLike)
        #expect(
            run.apply(.complete(step: "analysis")).failureReason
                == "cannot complete step analysis: it has not been started")
        try passCheckpoints(&run, through: "analysis")
        #expect(
            run.apply(.complete(step: "analysis")).failureReason == "cannot complete step analysis: it is already done")
        #expect(run.apply(.complete(step: "ghost")).failureReason == "no step \"ghost\" in this molecule")
    }

    @Test func aMandatoryGateMustPassBeforeCompletion() throws {
        var run = Run(Fixtures.seedLike)
        try advance(&run, to: "test-validation")
        _ = try run.apply(.start(step: "test-validation")).get()
        #expect(
            run.apply(.complete(step: "test-validation")).failureReason
                == "cannot complete step test-validation: mandatory gate test-validation-gate (tests) has not been checked"
        )

        _ = try run.apply(.recordGate(step: "test-validation", result: Fixtures.failing("test-validation-gate"))).get()
        #expect(run.status("test-validation") == .blocked)
        #expect(
            run.apply(.complete(step: "test-validation")).failureReason
                == "cannot complete step test-validation: mandatory gate test-validation-gate fails: 3 failed")

        _ = try run.apply(.recordGate(step: "test-validation", result: Fixtures.passing("test-validation-gate"))).get()
        #expect(run.status("test-validation") == .active)
        _ = try run.apply(.complete(step: "test-validation")).get()
        #expect(run.status("test-validation") == .awaitingApproval)
    }

    @Test func startingWithAFailingGateAlreadyRecordedIsBlocked() throws {
        var run = Run(Fixtures.seedLike)
        try advance(&run, to: "test-validation")
        _ = try run.apply(.recordGate(step: "test-validation", result: Fixtures.failing("test-validation-gate"))).get()
        #expect(run.status("test-validation") == .pending)
        _ = try run.apply(.start(step: "test-validation")).get()
        #expect(run.status("test-validation") == .blocked)
    }

    @Test func gateResultsMustMatchTheStepsGate() throws {
        var run = Run(Fixtures.seedLike)
        #expect(
            run.apply(.recordGate(step: "analysis", result: Fixtures.passing("x"))).failureReason
                == "step analysis has no gate")
        #expect(
            run.apply(.recordGate(step: "test-validation", result: Fixtures.passing("compliance-gate"))).failureReason
                == "step test-validation's gate is test-validation-gate, not compliance-gate")
    }

    @Test func anAdvisoryGateDoesNotBlock() throws {
        var run = Run(Fixtures.diamond)
        try run.finish("plan")
        _ = try run.apply(.start(step: "ui")).get()
        _ = try run.apply(.recordGate(step: "ui", result: Fixtures.failing("ui-advisory"))).get()
        #expect(run.status("ui") == .active)
        _ = try run.apply(.complete(step: "ui")).get()
        #expect(run.status("ui") == .done)
    }

    @Test func rejectingRequiresAReason() throws {
        var run = Run(Fixtures.seedLike)
        try advance(&run, to: "test-validation")
        try openTestValidation(&run)
        let before = run.progress
        let result = run.apply(
            .reject(checkpoint: "test-validation-checkpoint", reviewer: "bob", reason: "  ", to: nil, at: run.clock))
        #expect(result.failureReason == "cannot reject test-validation-checkpoint: a reason is required")
        #expect(run.status("test-validation") == .awaitingApproval)
        #expect(run.progress == before)
    }

    @Test func rejectingReturnsToTheOnRejectStepAndResetsItsDependants() throws {
        var run = Run(Fixtures.seedLike)
        try advance(&run, to: "test-validation")
        try openTestValidation(&run)
        _ = try run.apply(
            .reject(
                checkpoint: "test-validation-checkpoint", reviewer: "bob",
                reason: "3 tests failing, anti-pattern detected in line 145", to: nil, at: run.clock)
        ).get()
        #expect(run.status("do-refactor") == .pending)
        #expect(run.status("test-validation") == .pending)
        #expect(run.progress.steps["do-refactor"]?.attempt == 2)
        #expect(run.progress.steps["test-validation"]?.attempt == 2)
        #expect(run.status("do-green") == .done)
        #expect(run.progress.steps["do-green"]?.attempt == 1)
        #expect(run.progress.steps["compliance-triage"]?.attempt == 1, "steps never started keep their attempt")
        #expect(run.progress.gateResults["test-validation-gate"] == nil, "evidence must be checked again")
        #expect(StateMachine.readySteps(in: run.progress, formula: run.formula) == ["do-refactor"])
        let decision = try #require(run.progress.history.last)
        #expect(decision.decision == .rejected)
        #expect(decision.returnedTo == "do-refactor")
        #expect(decision.reason == "3 tests failing, anti-pattern detected in line 145")
        #expect(decision.attempt == 1)
    }

    @Test func rejectingToAnEarlierStepIsAllowedButNotToALaterOne() throws {
        var run = Run(Fixtures.seedLike)
        try advance(&run, to: "test-validation")
        try openTestValidation(&run)
        let later = run.apply(
            .reject(
                checkpoint: "test-validation-checkpoint", reviewer: "bob", reason: "no", to: "document", at: run.clock))
        #expect(
            later.failureReason
                == "cannot reject test-validation-checkpoint to document: it must return to test-validation or a step it depends on"
        )
        #expect(
            run.apply(
                .reject(
                    checkpoint: "test-validation-checkpoint", reviewer: "bob", reason: "no", to: "ghost", at: run.clock)
            ).failureReason
                == "cannot reject test-validation-checkpoint: no step \"ghost\" to return to")
        _ = try run.apply(
            .reject(
                checkpoint: "test-validation-checkpoint", reviewer: "bob", reason: "start over", to: "do-red",
                at: run.clock)
        ).get()
        #expect(["do-red", "do-green", "do-refactor", "test-validation"].allSatisfy { run.status($0) == .pending })
        #expect(run.status("do-infrastructure") == .done)
    }

    @Test func historyKeepsEveryDecisionAcrossAttempts() throws {
        var run = Run(Fixtures.seedLike)
        try advance(&run, to: "test-validation")
        for round in 1...3 {
            if round > 1 { try run.finish("do-refactor") }
            try openTestValidation(&run)
            _ = try run.apply(
                .reject(
                    checkpoint: "test-validation-checkpoint", reviewer: "bob", reason: "round \(round)", to: nil,
                    at: run.clock)
            ).get()
        }
        try run.finish("do-refactor")
        try openTestValidation(&run)
        _ = try run.apply(.approve(checkpoint: "test-validation-checkpoint", reviewer: "carol", at: run.clock)).get()
        let decisions = run.progress.history.filter { $0.checkpointID == "test-validation-checkpoint" }
        #expect(decisions.map(\.decision) == [.rejected, .rejected, .rejected, .approved])
        #expect(decisions.map(\.attempt) == [1, 2, 3, 4])
        #expect(decisions.compactMap(\.reason) == ["round 1", "round 2", "round 3"])
        #expect(run.progress.steps["test-validation"]?.attempt == 4)
        #expect(StateMachine.consistencyProblems(of: run.progress, formula: run.formula).isEmpty)
    }

    @Test func parallelBranchesAreReadyTogetherAndJoin() throws {
        var run = Run(Fixtures.diamond)
        try run.finish("plan")
        #expect(StateMachine.readySteps(in: run.progress, formula: run.formula) == ["api", "ui"])
        try run.finish("api")
        #expect(StateMachine.readySteps(in: run.progress, formula: run.formula) == ["ui"])
        #expect(
            run.apply(.start(step: "integrate")).failureReason == "cannot start step integrate: it needs ui done first")
        try run.finish("ui")
        #expect(StateMachine.readySteps(in: run.progress, formula: run.formula) == ["integrate"])
    }

    @Test func anExternalGateIsResolvedByARecordedResult() throws {
        var run = Run(Fixtures.diamond)
        for id in ["plan", "api", "ui"] { try run.finish(id) }
        _ = try run.apply(.start(step: "integrate")).get()
        #expect(
            run.apply(.complete(step: "integrate")).failureReason?.contains("release-pr (gh:pr) has not been checked")
                == true)
        _ = try run.apply(.recordGate(step: "integrate", result: Fixtures.passing("release-pr"))).get()
        _ = try run.apply(.complete(step: "integrate")).get()
        #expect(run.status("integrate") == .awaitingApproval)
    }

    @Test func rejectingInADagResetsEveryDescendantOfTheTarget() throws {
        var run = Run(Fixtures.diamond)
        for id in ["plan", "api", "ui"] { try run.finish(id) }
        _ = try run.apply(.start(step: "integrate")).get()
        _ = try run.apply(.recordGate(step: "integrate", result: Fixtures.passing("release-pr"))).get()
        _ = try run.apply(.complete(step: "integrate")).get()
        _ = try run.apply(
            .reject(checkpoint: "release-approved", reviewer: "lead", reason: "scope changed", to: nil, at: run.clock)
        ).get()
        #expect(["plan", "api", "ui", "integrate"].allSatisfy { run.status($0) == .pending })
        #expect(["plan", "api", "ui", "integrate"].allSatisfy { run.progress.steps[$0]?.attempt == 2 })
        #expect(run.progress.steps["announce"]?.attempt == 1)
        #expect(run.progress.gateResults.isEmpty)
    }

    @Test func theMoleculeIsCompleteWhenEveryStepIsDone() throws {
        var run = Run(Fixtures.seedLike)
        try advance(&run, to: "test-validation")
        try openTestValidation(&run)
        _ = try run.apply(.approve(checkpoint: "test-validation-checkpoint", reviewer: "carol", at: run.clock)).get()
        _ = try run.apply(.start(step: "compliance-triage")).get()
        _ = try run.apply(.recordGate(step: "compliance-triage", result: Fixtures.passing("compliance-gate"))).get()
        _ = try run.apply(.complete(step: "compliance-triage")).get()
        _ = try run.apply(.approve(checkpoint: "compliance-checkpoint", reviewer: "carol", at: run.clock)).get()
        #expect(!StateMachine.isComplete(run.progress, formula: run.formula))
        try run.finish("document")
        #expect(StateMachine.isComplete(run.progress, formula: run.formula))
        #expect(StateMachine.remainingPlannedTime(run.progress, formula: run.formula, now: run.clock) == .zero)
        #expect(StateMachine.consistencyProblems(of: run.progress, formula: run.formula).isEmpty)
    }

    @Test func remainingPlannedTimeCountsWhatIsLeft() throws {
        var run = Run(Fixtures.seedLike)
        #expect(
            StateMachine.remainingPlannedTime(run.progress, formula: run.formula, now: run.clock) == .seconds(145 * 60))
        _ = try run.apply(.start(step: "analysis")).get()
        let fiveMinutesLater = run.clock + 300
        #expect(
            StateMachine.remainingPlannedTime(run.progress, formula: run.formula, now: fiveMinutesLater)
                == .seconds(140 * 60))
        let muchLater = run.clock + 3600
        #expect(
            StateMachine.remainingPlannedTime(run.progress, formula: run.formula, now: muchLater) == .seconds(130 * 60),
            "an overrunning step counts zero, not negative")
    }

    @Test func assignSetsTheAssignee() throws {
        var run = Run(Fixtures.seedLike)
        _ = try run.apply(.assign(step: "plan", assignee: "polecat-7")).get()
        #expect(run.progress.steps["plan"]?.assignee == "polecat-7")
        #expect(run.apply(.assign(step: "ghost", assignee: "x")).failureReason == "no step \"ghost\" in this molecule")
    }

    @Test func consistencyFlagsProgressNoDecisionJustifies() {
        let formula = Fixtures.seedLike
        var progress = StateMachine.initialProgress(for: formula)
        progress.steps["analysis"]?.status = .done
        progress.steps["plan"]?.status = .active
        progress.steps["do-red"]?.status = .done
        let problems = StateMachine.consistencyProblems(of: progress, formula: formula)
        #expect(problems.contains("step analysis is done but checkpoint analysis-checkpoint was not approved"))
        #expect(problems.contains("step plan is active but analysis is not done") == false)
        #expect(problems.contains("step do-red is done but do-infrastructure is not done"))
    }

    // MARK: - Helpers

    /// Walks the seed-like formula forward, approving every checkpoint, until `stepID` is ready.
    func advance(_ run: inout Run, to stepID: String) throws {
        for step in run.formula.steps {
            if step.id == stepID { return }
            _ = try run.apply(.start(step: step.id)).get()
            if let gate = step.gate {
                _ = try run.apply(.recordGate(step: step.id, result: Fixtures.passing(gate.id))).get()
            }
            _ = try run.apply(.complete(step: step.id)).get()
            if let checkpoint = step.checkpoint {
                _ = try run.apply(.approve(checkpoint: checkpoint.id, reviewer: "alice", at: run.clock)).get()
            }
        }
    }

    func passCheckpoints(_ run: inout Run, through stepID: String) throws {
        let next = run.formula.steps[run.formula.indexByStepID[stepID]! + 1].id
        try advance(&run, to: next)
    }

    func openTestValidation(_ run: inout Run) throws {
        _ = try run.apply(.start(step: "test-validation")).get()
        _ = try run.apply(.recordGate(step: "test-validation", result: Fixtures.passing("test-validation-gate"))).get()
        _ = try run.apply(.complete(step: "test-validation")).get()
    }
}
