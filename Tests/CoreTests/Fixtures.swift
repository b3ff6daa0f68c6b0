import Foundation
import TOML

@testable import Core

/// Formulas built in code, so state machine tests do not depend on the TOML decoder.
enum Fixtures {
    static let t0 = Date(timeIntervalSince1970: 1_767_600_000)  // 2026-01-05

    /// The seed's nine phases, in file order, with its checkpoints and gates.
    static var seedLike: Formula {
        func step(_ id: String, _ minutes: Int, checkpoint: Checkpoint? = nil, gate: Gate? = nil) -> FormulaStep {
            FormulaStep(id: id, duration: .seconds(minutes * 60), checkpoint: checkpoint, gate: gate)
        }
        return Formula(
            name: "seed-like",
            steps: [
                step(
                    "analysis", 15,
                    checkpoint: Checkpoint(id: "analysis-checkpoint", prompt: "Ask questions", onReject: "analysis")),
                step("plan", 20, checkpoint: Checkpoint(id: "plan-checkpoint", prompt: "Share plan", onReject: "plan")),
                step("do-infrastructure", 10),
                step("do-red", 15),
                step("do-green", 20),
                step("do-refactor", 15),
                step(
                    "test-validation", 10,
                    checkpoint: Checkpoint(
                        id: "test-validation-checkpoint", prompt: "Confirm 100%", onReject: "do-refactor"),
                    gate: Gate(
                        id: "test-validation-gate",
                        type: .tests(requiredPassRate: 100, allowSkipped: false, allowAntiPatterns: false))),
                step(
                    "compliance-triage", 30,
                    checkpoint: Checkpoint(
                        id: "compliance-checkpoint", prompt: "Review triage", onReject: "compliance-triage"),
                    gate: Gate(id: "compliance-gate", type: .compliance(blockingSeverities: [.critical, .high]))),
                step("document", 10),
            ])
    }

    /// plan → (api ∥ ui) → integrate (external gate, checkpoint back to plan) → announce.
    static var diamond: Formula {
        Formula(
            name: "diamond",
            steps: [
                FormulaStep(id: "plan", duration: .seconds(1800)),
                FormulaStep(id: "api", needs: ["plan"], duration: .seconds(7200)),
                FormulaStep(
                    id: "ui", needs: ["plan"], duration: .seconds(5400),
                    gate: Gate(
                        id: "ui-advisory",
                        type: .tests(requiredPassRate: 90, allowSkipped: true, allowAntiPatterns: true),
                        mandatory: false)),
                FormulaStep(
                    id: "integrate", needs: ["api", "ui"], duration: .seconds(2700),
                    checkpoint: Checkpoint(id: "release-approved", prompt: "Ship?", onReject: "plan"),
                    gate: Gate(id: "release-pr", type: .githubPR)),
                FormulaStep(id: "announce", needs: ["integrate"], duration: .seconds(900)),
            ])
    }

    static func passing(_ gateID: String, at: Date = t0) -> GateResult {
        GateResult(
            gateID: gateID, passed: true, summary: "ok", tests: TestCounts(passed: 10, failed: 0, skipped: 0),
            checkedAt: at)
    }

    static func failing(_ gateID: String, at: Date = t0) -> GateResult {
        GateResult(
            gateID: gateID, passed: false, summary: "3 failed", tests: TestCounts(passed: 7, failed: 3, skipped: 0),
            checkedAt: at)
    }
}

/// Applies events one after another, failing the test on the first refusal.
struct Run {
    var formula: Formula
    var progress: MoleculeProgress
    var clock: Date = Fixtures.t0

    init(_ formula: Formula) {
        self.formula = formula
        progress = StateMachine.initialProgress(for: formula)
    }

    @discardableResult
    mutating func apply(_ event: MoleculeEvent) -> Result<MoleculeProgress, TransitionError> {
        clock += 60
        let result = StateMachine.apply(event, to: progress, formula: formula, now: clock)
        if case .success(let next) = result { progress = next }
        return result
    }

    func status(_ id: String) -> StepStatus? { progress.steps[id]?.status }

    /// Starts and completes a step without checkpoint or gate.
    mutating func finish(_ id: String) throws {
        _ = try apply(.start(step: id)).get()
        _ = try apply(.complete(step: id)).get()
    }
}

extension Result where Failure == TransitionError {
    var failureReason: String? {
        if case .failure(let error) = self { return error.reason }
        return nil
    }
}
