import Foundation
import TestSupport
import Testing

@testable import Core

/// Random event sequences (seeded, so a failure replays) must never reach an inconsistent state,
/// and refused events must never change anything.
@Suite struct StateMachinePropertyTests {
    @Test(arguments: 0..<4)
    func randomSequencesOnTheShippedFormulasStayConsistent(chunk: Int) throws {
        let formulas = try Repository.shippedFormulaFiles.map { try #require(Repository.loadFormula($0).0) }
        var completed = 0
        for seed in UInt64(chunk * 50)..<UInt64(chunk * 50 + 50) {
            let formula = formulas[Int(seed) % formulas.count]
            var rng = SeededGenerator(seed: seed)
            if try exercise(formula, steps: 400, rng: &rng, seed: seed) { completed += 1 }
        }
        #expect(completed > 0, "the guided sequences should complete some molecules")
    }

    @Test(arguments: 0..<4)
    func randomSequencesOnRandomDagsStayConsistent(chunk: Int) throws {
        var completed = 0
        for seed in UInt64(1000 + chunk * 75)..<UInt64(1000 + chunk * 75 + 75) {
            var rng = SeededGenerator(seed: seed)
            let formula = randomFormula(&rng)
            if try exercise(formula, steps: 300, rng: &rng, seed: seed) { completed += 1 }
        }
        #expect(completed > 0)
    }

    /// Applies `steps` random events; checks the invariants after each. Returns whether it completed.
    func exercise(_ formula: Formula, steps: Int, rng: inout SeededGenerator, seed: UInt64) throws -> Bool {
        var progress = StateMachine.initialProgress(for: formula)
        var now = Fixtures.t0
        for n in 0..<steps {
            now += Double(Int.random(in: 1...600, using: &rng))
            let event = randomEvent(formula, progress, now: now, rng: &rng)
            switch StateMachine.apply(event, to: progress, formula: formula, now: now) {
            case .success(let next):
                let problems = StateMachine.consistencyProblems(of: next, formula: formula)
                try #require(problems.isEmpty, "seed \(seed) event \(n) \(event): \(problems)")
                try #require(
                    Array(next.history.prefix(progress.history.count)) == progress.history,
                    "seed \(seed): history was rewritten by \(event)")
                try #require(
                    Array(next.approvalRequests.prefix(progress.approvalRequests.count)) == progress.approvalRequests)
                if case .approve(let id, _, _) = event {
                    let step = try #require(formula.stepOwning(checkpoint: id))
                    try #require(
                        progress.steps[step.id]?.status == .awaitingApproval, "approved without an open request")
                    try #require(next.steps[step.id]?.status == .done)
                }
                if case .reject(_, _, let reason, _, _) = event {
                    try #require(
                        !reason.trimmingCharacters(in: .whitespaces).isEmpty, "rejection without a reason accepted")
                }
                progress = next
            case .failure(let error):
                try #require(!error.reason.isEmpty)
            }
            if StateMachine.isComplete(progress, formula: formula) { return true }
        }
        return false
    }

    /// Mostly events that make sense now (so sequences get far), sometimes anything at all.
    func randomEvent(_ formula: Formula, _ progress: MoleculeProgress, now: Date, rng: inout SeededGenerator)
        -> MoleculeEvent
    {
        let steps = formula.steps
        let anyStep = steps.randomElement(using: &rng)!
        let reviewer = ["alice", "bob", ""].randomElement(using: &rng)!
        let reason = ["tests failing", "", "   ", "anti-pattern at line 145"].randomElement(using: &rng)!
        let checkpointID = (formula.checkpoints.map(\.id) + ["no-such-checkpoint"]).randomElement(using: &rng)!
        if Int.random(in: 0..<10, using: &rng) < 3 {
            switch Int.random(in: 0..<6, using: &rng) {
            case 0: return .start(step: anyStep.id)
            case 1: return .complete(step: anyStep.id)
            case 2: return .approve(checkpoint: checkpointID, reviewer: reviewer, at: now)
            case 3:
                let to = Bool.random(using: &rng) ? nil : steps.randomElement(using: &rng)!.id
                return .reject(checkpoint: checkpointID, reviewer: reviewer, reason: reason, to: to, at: now)
            case 4:
                let gateID = anyStep.gate?.id ?? "no-gate"
                return .recordGate(
                    step: anyStep.id,
                    result: GateResult(
                        gateID: gateID, passed: Bool.random(using: &rng), summary: "random", checkedAt: now))
            default: return .assign(step: anyStep.id, assignee: reviewer)
            }
        }
        var candidates: [MoleculeEvent] = []
        for step in steps {
            switch progress.steps[step.id]?.status {
            case .pending? where StateMachine.isReady(step.id, in: progress, formula: formula):
                candidates.append(.start(step: step.id))
            case .active?, .blocked?:
                candidates.append(.complete(step: step.id))
                if let gate = step.gate {
                    let passed = Int.random(in: 0..<4, using: &rng) > 0
                    candidates.append(
                        .recordGate(
                            step: step.id,
                            result: GateResult(
                                gateID: gate.id, passed: passed, summary: passed ? "ok" : "failing", checkedAt: now)))
                }
            case .awaitingApproval?:
                let id = step.checkpoint!.id
                candidates.append(.approve(checkpoint: id, reviewer: "alice", at: now))
                candidates.append(.approve(checkpoint: id, reviewer: "alice", at: now))
                candidates.append(.reject(checkpoint: id, reviewer: "bob", reason: "needs work", to: nil, at: now))
            default:
                break
            }
        }
        return candidates.randomElement(using: &rng) ?? .start(step: anyStep.id)
    }

    /// 2–12 steps; each may need earlier ones (so it is acyclic); random checkpoints and gates.
    func randomFormula(_ rng: inout SeededGenerator) -> Formula {
        let count = Int.random(in: 2...12, using: &rng)
        let declaresNeeds = Bool.random(using: &rng)
        var steps: [FormulaStep] = []
        for i in 0..<count {
            var needs: [String] = []
            if declaresNeeds {
                for j in 0..<i where Int.random(in: 0..<10, using: &rng) < 3 { needs.append("s\(j)") }
            }
            var step = FormulaStep(
                id: "s\(i)", needs: needs, duration: .seconds(Int64.random(in: 1...60, using: &rng) * 60))
            steps.append(step)
            let ancestors = Formula(name: "tmp", steps: steps).ancestors(of: step.id)
            if Int.random(in: 0..<10, using: &rng) < 4 {
                let target = ([step.id] + ancestors.sorted()).randomElement(using: &rng)!
                step.checkpoint = Checkpoint(id: "c\(i)", prompt: "ok?", onReject: target)
            }
            switch Int.random(in: 0..<10, using: &rng) {
            case 0, 1:
                step.gate = Gate(
                    id: "g\(i)", type: .tests(requiredPassRate: 100, allowSkipped: false, allowAntiPatterns: false))
            case 2: step.gate = Gate(id: "g\(i)", type: .githubPR)
            case 3:
                step.gate = Gate(
                    id: "g\(i)", type: .tests(requiredPassRate: 90, allowSkipped: true, allowAntiPatterns: true),
                    mandatory: false)
            default: break
            }
            steps[i] = step
        }
        return Formula(name: "random", steps: steps)
    }
}
