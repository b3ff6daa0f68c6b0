import Foundation

/// The step/checkpoint state machine. Pure: every function takes the formula and the time it needs.
///
/// pending → active (start, when every prerequisite is done)
/// active ⇄ blocked (a mandatory gate's recorded result fails / passes again)
/// active → done (complete, no checkpoint) or → awaiting-approval (complete, with a checkpoint)
/// awaiting-approval → done (approve) or → back to the `on_reject` step (reject; that step and its
/// descendants return to pending with their attempt counter raised)
public enum StateMachine {
    public static func initialProgress(for formula: Formula) -> MoleculeProgress {
        var steps: [String: StepProgress] = [:]
        steps.reserveCapacity(formula.steps.count)
        for step in formula.steps {
            steps[step.id] = StepProgress(assignee: step.assignee)
        }
        return MoleculeProgress(steps: steps, stepOrder: formula.steps.map(\.id))
    }

    public static func apply(
        _ event: MoleculeEvent, to progress: MoleculeProgress, formula: Formula, now: Date
    ) -> Result<MoleculeProgress, TransitionError> {
        var next = progress
        do {
            switch event {
            case .start(let stepID):
                try start(stepID, in: &next, formula: formula, now: now)
            case .complete(let stepID):
                try complete(stepID, in: &next, formula: formula, now: now)
            case .approve(let checkpointID, let reviewer, let at):
                try approve(checkpointID, reviewer: reviewer, in: &next, formula: formula, at: at)
            case .reject(let checkpointID, let reviewer, let reason, let target, let at):
                try reject(
                    checkpointID, reviewer: reviewer, reason: reason, to: target,
                    in: &next, formula: formula, at: at)
            case .recordGate(let stepID, let result):
                try recordGate(stepID, result: result, in: &next, formula: formula)
            case .assign(let stepID, let assignee):
                var step = try existing(stepID, in: next)
                step.assignee = assignee
                next.steps[stepID] = step
            }
        } catch let error as TransitionError {
            return .failure(error)
        } catch {
            return .failure(TransitionError("\(error)"))
        }
        return .success(next)
    }

    // MARK: - Queries

    /// A pending step whose prerequisites are all done.
    public static func isReady(_ stepID: String, in progress: MoleculeProgress, formula: Formula) -> Bool {
        progress.steps[stepID]?.status == .pending
            && unfinishedPrerequisites(of: stepID, in: progress, formula: formula).isEmpty
    }

    /// Steps that can be started now, in formula order.
    public static func readySteps(in progress: MoleculeProgress, formula: Formula) -> [String] {
        formula.steps.map(\.id).filter { isReady($0, in: progress, formula: formula) }
    }

    public static func isComplete(_ progress: MoleculeProgress, formula: Formula) -> Bool {
        formula.steps.allSatisfy { progress.steps[$0.id]?.status == .done }
    }

    /// Checkpoints waiting for a decision: (checkpoint, step id).
    public static func openCheckpoints(in progress: MoleculeProgress, formula: Formula) -> [(
        checkpoint: Checkpoint, stepID: String
    )] {
        formula.steps.compactMap { step in
            guard progress.steps[step.id]?.status == .awaitingApproval, let checkpoint = step.checkpoint else {
                return nil
            }
            return (checkpoint, step.id)
        }
    }

    /// Planned time left: the critical path through the unfinished steps (parallel legs and branches
    /// overlap, so it is the longest chain of planned durations, not their sum); an active step counts what
    /// is left of its duration (never below zero). Gives an ETA as `now + remaining`.
    public static func remainingPlannedTime(_ progress: MoleculeProgress, formula: Formula, now: Date) -> Duration {
        remainingPlannedRange(progress, formula: formula, now: now).minimum
    }

    public static func remainingPlannedRange(
        _ progress: MoleculeProgress, formula: Formula, now: Date
    ) -> (minimum: Duration, maximum: Duration) {
        let steps = formula.steps
        var own = [(Duration, Duration)](repeating: (.zero, .zero), count: steps.count)
        for (i, step) in steps.enumerated() {
            guard let state = progress.steps[step.id], state.status != .done else { continue }
            var a = step.duration ?? .zero
            var b = step.maximumDuration ?? a
            if state.status != .pending, let started = state.startedAt {
                let elapsed = Duration.milliseconds(Int64(max(0, now.timeIntervalSince(started)) * 1000))
                a = max(.zero, a - elapsed)
                b = max(.zero, b - elapsed)
            }
            own[i] = (a, b)
        }
        // When each step could finish: its own time after the latest of its prerequisites. Prerequisites
        // come first in a valid formula, so one pass settles it; the passes are bounded in case they do not.
        var finish = own
        for _ in 0..<max(1, steps.count) {
            var changed = false
            for i in steps.indices where progress.steps[steps[i].id]?.status != .done {
                var start = (Duration.zero, Duration.zero)
                for p in formula.prerequisiteIndexes[i] {
                    start = (max(start.0, finish[p].0), max(start.1, finish[p].1))
                }
                let next = (start.0 + own[i].0, start.1 + own[i].1)
                if next != finish[i] {
                    finish[i] = next
                    changed = true
                }
            }
            if !changed { break }
        }
        return finish.reduce((Duration.zero, Duration.zero)) { (max($0.0, $1.0), max($0.1, $1.1)) }
    }

    // MARK: - Transitions

    static func existing(_ stepID: String, in progress: MoleculeProgress) throws -> StepProgress {
        guard let step = progress.steps[stepID] else { throw TransitionError("no step \"\(stepID)\" in this molecule") }
        return step
    }

    static func unfinishedPrerequisites(of stepID: String, in progress: MoleculeProgress, formula: Formula) -> [String]
    {
        formula.prerequisites(of: stepID).filter { progress.steps[$0]?.status != .done }
    }

    static func start(_ stepID: String, in progress: inout MoleculeProgress, formula: Formula, now: Date) throws {
        var step = try existing(stepID, in: progress)
        guard step.status == .pending else {
            throw TransitionError("cannot start step \(stepID): it is \(step.status.rawValue), not pending")
        }
        let waiting = unfinishedPrerequisites(of: stepID, in: progress, formula: formula)
        guard waiting.isEmpty else {
            throw TransitionError("cannot start step \(stepID): it needs \(waiting.joined(separator: ", ")) done first")
        }
        step.status = failingMandatoryGate(of: stepID, in: progress, formula: formula) == nil ? .active : .blocked
        step.startedAt = now
        step.completedAt = nil
        progress.steps[stepID] = step
    }

    /// The gate blocking a step, with why: not checked yet, or its latest result fails.
    static func completionBlocker(of stepID: String, in progress: MoleculeProgress, formula: Formula) -> String? {
        guard let gate = formula.step(stepID)?.gate, gate.blocksCompletion else { return nil }
        guard let result = progress.gateResults[gate.id] else {
            return "mandatory gate \(gate.id) (\(gate.type.name)) has not been checked"
        }
        return result.passed ? nil : "mandatory gate \(gate.id) fails: \(result.summary)"
    }

    static func failingMandatoryGate(of stepID: String, in progress: MoleculeProgress, formula: Formula) -> Gate? {
        guard let gate = formula.step(stepID)?.gate, gate.blocksCompletion,
            let result = progress.gateResults[gate.id], !result.passed
        else { return nil }
        return gate
    }

    static func complete(_ stepID: String, in progress: inout MoleculeProgress, formula: Formula, now: Date) throws {
        var step = try existing(stepID, in: progress)
        switch step.status {
        case .active: break
        case .blocked:
            throw TransitionError(
                "cannot complete step \(stepID): "
                    + (completionBlocker(of: stepID, in: progress, formula: formula) ?? "it is blocked"))
        case .pending:
            throw TransitionError("cannot complete step \(stepID): it has not been started")
        case .awaitingApproval:
            throw TransitionError("cannot complete step \(stepID): it is already awaiting approval")
        case .done:
            throw TransitionError("cannot complete step \(stepID): it is already done")
        }
        let waiting = unfinishedPrerequisites(of: stepID, in: progress, formula: formula)
        guard waiting.isEmpty else {
            throw TransitionError(
                "cannot complete step \(stepID): it needs \(waiting.joined(separator: ", ")) done first")
        }
        if let blocker = completionBlocker(of: stepID, in: progress, formula: formula) {
            throw TransitionError("cannot complete step \(stepID): \(blocker)")
        }
        // When the work finished, whichever path completed it: for a step with a checkpoint, also
        // when the checkpoint started waiting ("awaiting since"); an approval later sets the final time.
        step.completedAt = now
        if let checkpoint = formula.step(stepID)?.checkpoint {
            step.status = .awaitingApproval
            progress.approvalRequests.append(
                ApprovalRequest(checkpointID: checkpoint.id, stepID: stepID, attempt: step.attempt, at: now))
        } else {
            step.status = .done
        }
        progress.steps[stepID] = step
    }

    static func awaitingStep(for checkpointID: String, verb: String, in progress: MoleculeProgress, formula: Formula)
        throws -> (FormulaStep, Checkpoint, StepProgress)
    {
        guard let owner = formula.stepOwning(checkpoint: checkpointID), let checkpoint = owner.checkpoint else {
            throw TransitionError("no checkpoint \"\(checkpointID)\" in formula \(formula.name)")
        }
        let state = try existing(owner.id, in: progress)
        guard state.status == .awaitingApproval else {
            throw TransitionError(
                "cannot \(verb) \(checkpointID): step \(owner.id) is \(state.status.rawValue), not awaiting approval")
        }
        return (owner, checkpoint, state)
    }

    static func approve(
        _ checkpointID: String, reviewer: String, in progress: inout MoleculeProgress, formula: Formula, at: Date
    ) throws {
        guard !reviewer.trimmingWhitespace().isEmpty else {
            throw TransitionError("cannot approve \(checkpointID): a reviewer is required")
        }
        var (owner, _, state) = try awaitingStep(for: checkpointID, verb: "approve", in: progress, formula: formula)
        state.status = .done
        state.completedAt = at
        progress.steps[owner.id] = state
        progress.history.append(
            CheckpointDecision(
                checkpointID: checkpointID, stepID: owner.id, decision: .approved, reviewer: reviewer,
                attempt: state.attempt, at: at))
    }

    static func reject(
        _ checkpointID: String, reviewer: String, reason: String, to requested: String?,
        in progress: inout MoleculeProgress, formula: Formula, at: Date
    ) throws {
        guard !reviewer.trimmingWhitespace().isEmpty else {
            throw TransitionError("cannot reject \(checkpointID): a reviewer is required")
        }
        guard !reason.trimmingWhitespace().isEmpty else {
            throw TransitionError("cannot reject \(checkpointID): a reason is required")
        }
        let (owner, checkpoint, state) = try awaitingStep(
            for: checkpointID, verb: "reject", in: progress, formula: formula)
        let target = requested ?? checkpoint.onReject
        guard formula.step(target) != nil else {
            throw TransitionError("cannot reject \(checkpointID): no step \"\(target)\" to return to")
        }
        guard target == owner.id || formula.dependsOn(owner.id, target) else {
            throw TransitionError(
                "cannot reject \(checkpointID) to \(target): it must return to \(owner.id) or a step it depends on")
        }
        for id in [target] + formula.descendants(of: target) {
            guard var s = progress.steps[id], s.status != .pending || id == target else { continue }
            // Attempts are stored as integers up to Int32.max: one past it would make the file unreadable.
            guard s.attempt < StoreCounter.maximum else {
                throw TransitionError(
                    "cannot reject \(checkpointID): step \(id) is at attempt \(s.attempt), the most there can be")
            }
            s.status = .pending
            s.attempt += 1
            s.startedAt = nil
            s.completedAt = nil
            progress.steps[id] = s
            // Evidence for a step sent back is stale: its gate must be checked again.
            if let gate = formula.step(id)?.gate { progress.gateResults[gate.id] = nil }
        }
        progress.history.append(
            CheckpointDecision(
                checkpointID: checkpointID, stepID: owner.id, decision: .rejected, reviewer: reviewer,
                reason: reason, returnedTo: target, attempt: state.attempt, at: at))
    }

    static func recordGate(_ stepID: String, result: GateResult, in progress: inout MoleculeProgress, formula: Formula)
        throws
    {
        var state = try existing(stepID, in: progress)
        guard let gate = formula.step(stepID)?.gate else {
            throw TransitionError("step \(stepID) has no gate")
        }
        guard gate.id == result.gateID else {
            throw TransitionError("step \(stepID)'s gate is \(gate.id), not \(result.gateID)")
        }
        guard state.status != .done, state.status != .awaitingApproval else {
            throw TransitionError("cannot record gate \(gate.id): step \(stepID) is already \(state.status.rawValue)")
        }
        progress.gateResults[gate.id] = result
        if gate.blocksCompletion {
            if state.status == .active && !result.passed { state.status = .blocked }
            if state.status == .blocked && result.passed { state.status = .active }
        }
        progress.steps[stepID] = state
    }
}
