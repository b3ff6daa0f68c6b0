import Core
import Foundation

/// What a molecule's state really is: its claimed progress, checked against the formula and
/// corrected by the verified checkpoint decisions.
///
/// The decisions are the authority for checkpoints. A step awaiting approval whose checkpoint
/// has a verified approval (for that attempt) is done; one with a verified rejection goes back.
/// A claim of progress past a checkpoint no verified decision approved is a violation: it is
/// reported and the effective state stops at the checkpoint, awaiting approval.
///
/// Gate verdicts come first (`GateVerdicts`: recomputed from evidence, or signed resolutions), then the
/// steps: a step being worked on is blocked exactly while its mandatory gate's verdict fails, and a step
/// claimed finished whose mandatory gate has no passing recorded verdict is blocked.
public enum EffectiveState {
    /// `verdicts`: each gate's verdict as recorded by its check and as it holds now (see `GateVerdicts`);
    /// nil takes molecule.toml's recorded results as they are (for callers without evidence).
    public static func derive(
        claimed file: MoleculeFile, formula: Formula, decisions: [AuditRecord], history: [AuditRecord]? = nil,
        verdicts: (recorded: [String: GateResult], live: [String: GateResult])? = nil, fileName: String
    ) -> (progress: MoleculeProgress, problems: [StoreProblem]) {
        var problems: [StoreProblem] = []
        func report(_ category: StoreProblem.Category, _ message: String) {
            problems.append(StoreProblem(category, file: fileName, message: message))
        }
        for (id, _) in file.steps where !formula.hasStep(id) {
            report(.formula, "step \"\(id)\" is not in formula \(formula.name)")
        }
        for (id, _) in file.gates where formula.stepOwning(gate: id) == nil {
            report(.formula, "gate \"\(id)\" is not in formula \(formula.name)")
        }
        var progress = file.claimedProgress(for: formula)
        if let verdicts { progress.gateResults = verdicts.live }
        let recorded = verdicts?.recorded ?? progress.gateResults
        // The deciding decision per (checkpoint, attempt) (`AuditTrail.decidingRecords`: one each).
        var final: [CheckpointAttempt: AuditRecord] = [:]
        for record in decisions {
            final[CheckpointAttempt(checkpoint: record.checkpoint, attempt: record.attempt)] = record
        }

        var demoted = Set<String>()
        for step in formula.steps {
            guard var state = progress.steps[step.id] else { continue }
            let unfinished = formula.prerequisites(of: step.id).filter { progress.steps[$0]?.status != .done }
            if state.status != .pending && !unfinished.isEmpty {
                // Past an undecided checkpoint (directly or through a step demoted for that reason).
                let pastCheckpoint = unfinished.contains {
                    progress.steps[$0]?.status == .awaitingApproval || demoted.contains($0)
                }
                if pastCheckpoint { demoted.insert(step.id) }
                report(
                    pastCheckpoint ? .unapprovedProgress : .formula,
                    "claims step \(step.id) is \(state.status.rawValue), but \(unfinished.joined(separator: ", ")) is not done; treated as pending"
                )
                state.status = .pending
                state.startedAt = nil
                state.completedAt = nil
                progress.steps[step.id] = state
                continue
            }
            if let checkpoint = step.checkpoint {
                let decision = final[CheckpointAttempt(checkpoint: checkpoint.id, attempt: state.attempt)]
                switch state.status {
                case .done where decision?.decision != .approved:
                    report(
                        .unapprovedProgress,
                        "claims step \(step.id) is done, but checkpoint \(checkpoint.id) (attempt \(state.attempt)) has no verified approval; treated as awaiting approval"
                    )
                    state.status = .awaitingApproval
                    state.completedAt = nil
                    progress.steps[step.id] = state
                case .awaitingApproval:
                    guard let decision else { break }
                    let event = decision.decision.event(
                        checkpoint: checkpoint.id, reviewer: decision.reviewer,
                        reason: decision.reason, returnTo: decision.returnedTo, at: decision.date)
                    switch StateMachine.apply(event, to: progress, formula: formula, now: decision.date) {
                    case .success(let next): progress = next
                    case .failure(let error): report(.formula, "decision cannot be applied: \(error.reason)")
                    }
                default:
                    break
                }
            } else if state.status == .awaitingApproval {
                report(
                    .formula, "claims step \(step.id) is awaiting approval, but it has no checkpoint; treated as active"
                )
                state.status = .active
                progress.steps[step.id] = state
            }
            if let gate = step.gate, gate.blocksCompletion,
                progress.steps[step.id]?.status == .done || progress.steps[step.id]?.status == .awaitingApproval,
                recorded[gate.id]?.passed != true
            {
                report(
                    .formula,
                    "claims step \(step.id) is finished, but mandatory gate \(gate.id) has no passing result; treated as blocked"
                )
                state = progress.steps[step.id]!
                state.status = .blocked
                state.completedAt = nil
                progress.steps[step.id] = state
            }
        }
        // A step being worked on is blocked exactly while its mandatory gate fails now (whatever the file says).
        for step in formula.steps {
            guard let gate = step.gate, gate.blocksCompletion, var state = progress.steps[step.id],
                state.status == .active || state.status == .blocked
            else { continue }
            state.status = progress.gateResults[gate.id].map { !$0.passed } == true ? .blocked : .active
            progress.steps[step.id] = state
        }
        progress.history = (history ?? decisions).map { record in
            CheckpointDecision(
                checkpointID: record.checkpoint, stepID: record.step,
                decision: record.decision == .approved ? .approved : .rejected,
                reviewer: record.reviewer, reason: record.reason, returnedTo: record.returnedTo,
                attempt: record.attempt, at: record.date)
        }
        return (progress, problems)
    }
}

/// One attempt at a checkpoint: what a deciding decision is kept under (no string made per key).
private struct CheckpointAttempt: Hashable {
    var checkpoint: String
    var attempt: Int
}
