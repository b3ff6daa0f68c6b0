import Core
import Foundation
import Store

/// Turns what the store loaded into the dashboard's plain snapshot. Pure: no file access.
public enum StoreAdapter {
    public static func snapshot(_ store: StoreSnapshot, root: String) -> WorkspaceSnapshot {
        WorkspaceIndex(store, root: root).snapshot
    }

    static func problem(_ problem: StoreProblem) -> LoadProblem {
        LoadProblem(file: problem.file, message: problem.description)
    }

    public static func moleculeSnapshot(_ molecule: MoleculeState) -> MoleculeSnapshot? {
        guard let file = molecule.file, let formula = molecule.formula, let progress = molecule.progress else {
            return nil
        }
        let steps = formula.steps.map { step -> StepSnapshot in
            let stepProgress = progress.steps[step.id]
            return StepSnapshot(
                id: step.id, title: step.title, state: state(stepProgress?.status ?? .pending),
                attempt: stepProgress?.attempt ?? 1, planned: step.duration.map(seconds),
                startedAt: stepProgress?.startedAt, completedAt: stepProgress?.completedAt,
                assignee: stepProgress?.assignee, tasks: step.tasks, acceptance: step.acceptance,
                checkpoint: step.checkpoint.map { CheckpointInfo(id: $0.id, prompt: $0.prompt, onReject: $0.onReject) },
                gate: step.gate?.id,
                awaitingSince: stepProgress?.status == .awaitingApproval ? molecule.awaitingSince(step: step.id) : nil)
        }
        let history = progress.history.map {
            DecisionSnapshot(
                checkpointID: $0.checkpointID, stepID: $0.stepID, approved: $0.decision == .approved,
                reviewer: $0.reviewer, reason: $0.reason, returnedTo: $0.returnedTo, at: $0.at)
        }
        let gateSteps = Dictionary(
            formula.steps.compactMap { step in step.gate.map { ($0.id, step.id) } },
            uniquingKeysWith: { a, _ in a })
        let gates = progress.gateResults.values.sorted { $0.checkedAt < $1.checkedAt }.map {
            GateSnapshot(
                stepID: gateSteps[$0.gateID] ?? "?", gateID: $0.gateID, passed: $0.passed,
                summary: $0.summary, at: $0.checkedAt)
        }
        let enriched = GateEvidenceLines.enrich(gates, with: molecule.gateStatuses)
        let version = formula.version.map { "\($0)" } ?? file.formulaVersion.map { "\($0)" } ?? ""
        let current = StateMachine.currentSteps(in: progress, formula: formula)
        return MoleculeSnapshot(
            id: molecule.name, convoyID: molecule.convoy, formula: formula.name,
            formulaVersion: version, team: molecule.team?.displayName ?? "", steps: steps, history: history,
            gates: enriched, inputs: file.inputs, lastActivity: molecule.lastActivity,
            reports: molecule.gateRecords.reports.map {
                ReportSnapshot(name: $0.name, path: $0.absolutePath, template: $0.template)
            }, current: current.steps, currentAreReady: current.ready)
    }

    static func state(_ status: StepStatus) -> StepState {
        switch status {
        case .pending: return .pending
        case .active: return .active
        case .awaitingApproval: return .awaitingApproval
        case .blocked: return .blocked
        case .done: return .done
        }
    }

    static func seconds(_ duration: Duration) -> TimeInterval {
        let parts = duration.components
        return TimeInterval(parts.seconds) + TimeInterval(parts.attoseconds) / 1e18
    }
}
