import Core
import Foundation

/// Everything every screen says about a molecule, derived in one place from its loaded state: the state word,
/// each step's status (with its attempt, whether work was sent back to it, the last rejection that concerns
/// it), the checkpoints awaiting a decision (and what would stop an approval), each gate's verdict, the time
/// left, and the problems. `molecule status` (text and `--json`), `molecule list`, `convoy list/show` and the
/// dashboard all show this; none of them works a state out on its own.
public struct MoleculeSummary: Sendable {
    /// A reviewer's rejection, as an agent sent back needs it.
    public struct Rejection: Sendable, Hashable {
        public var checkpoint: String
        /// The step whose checkpoint was rejected.
        public var step: String
        public var reviewer: String
        public var reason: String?
        public var returnedTo: String?
        public var at: Date
    }

    public struct Step: Sendable, Hashable {
        public var id: String
        public var title: String
        public var status: StepStatus
        public var attempt: Int
        /// Work to do again after a rejection (`isSentBack`).
        public var sentBack: Bool
        public var startedAt: Date?
        public var completedAt: Date?
        public var assignee: String?
        public var checkpoint: Checkpoint?
        public var gate: String?
        /// When its checkpoint started awaiting a decision (awaiting-approval only).
        public var awaitingSince: Date?
        /// The latest verified rejection of this step's checkpoint, or that sent work back to this step.
        public var lastRejection: Rejection?
        /// A step that needs a report: its latest report and whether it is current.
        public var report: ReportStatus?
    }

    public struct OpenCheckpoint: Sendable, Hashable {
        public var checkpoint: Checkpoint
        public var step: String
        public var attempt: Int
        public var since: Date?
        /// Why an approval would be refused now (a stale report, open blocking findings); empty when none.
        public var approvalBlockers: [String]
    }

    public var state: MoleculeState.Summary
    public var steps: [Step]
    public var openCheckpoints: [OpenCheckpoint]
    public var gates: [GateStatus]
    /// The steps being worked on or awaiting a decision, else (`currentAreReady`) the ones ready to start.
    public var current: [String]
    public var currentAreReady: Bool
    /// Planned time left (the critical path) and the ETA it gives; nil when complete or unusable.
    public var remaining: Duration?
    public var eta: Date?
    public var lastActivity: Date?
    /// The audit trail verifies: no decision record edited, removed, forged or not counting.
    public var auditVerified: Bool
    /// What makes the trail fail to verify (empty when it verifies).
    public var trailProblems: [StoreProblem]
    /// Every problem: the file's, the formula's, unapproved progress, gate claims, the trail's, the convoy's.
    public var problems: [StoreProblem]
    /// Values a merge of clones set aside (also among `problems`, as warnings).
    public var conflicts: [MergeConflict] = []
}

extension MoleculeState.Summary {
    /// The one rule: `awaiting-approval` if a step awaits a decision, else `blocked` if one is blocked, else
    /// `active` if one is active or some but not all are done, `done` if all are, `pending` if none started.
    public static func of(_ statuses: [StepStatus]) -> Self {
        if statuses.contains(.awaitingApproval) { return .awaitingApproval }
        if statuses.contains(.blocked) { return .blocked }
        if statuses.contains(.active) { return .active }
        if !statuses.isEmpty && statuses.allSatisfy({ $0 == .done }) { return .done }
        if statuses.contains(.done) { return .active }
        return .pending
    }
}

extension MoleculeSummary.Step {
    /// The one rule for "sent back" (`↺`): a later attempt (a rejection sent the work back) being worked on, or
    /// the step a rejection returned the work to, not started again yet. Steps after it that wait their turn
    /// again are plain pending.
    public static func isSentBack(status: StepStatus, attempt: Int, returnedTo: Bool) -> Bool {
        attempt > 1 && (status == .active || (status == .pending && returnedTo))
    }
}

extension MoleculeState {
    /// The molecule as every screen shows it (see `MoleculeSummary`).
    public func summarize(now: Date) -> MoleculeSummary {
        var summary = MoleculeSummary(
            state: summary, steps: [], openCheckpoints: [], gates: gateStatuses, current: [],
            currentAreReady: false, lastActivity: lastActivity, auditVerified: trail.isVerified,
            trailProblems: trail.problems, problems: allProblems)
        summary.conflicts = conflicts
        guard let formula, let progress else { return summary }
        let rejections = progress.history.filter { $0.decision == .rejected }
        summary.steps = formula.steps.map { step in
            let p = progress.steps[step.id] ?? StepProgress()
            let rejection = rejections.last { $0.stepID == step.id || $0.returnedTo == step.id }.map {
                MoleculeSummary.Rejection(
                    checkpoint: $0.checkpointID, step: $0.stepID, reviewer: $0.reviewer, reason: $0.reason,
                    returnedTo: $0.returnedTo, at: $0.at)
            }
            return MoleculeSummary.Step(
                id: step.id, title: step.title, status: p.status, attempt: p.attempt,
                sentBack: MoleculeSummary.Step.isSentBack(
                    status: p.status, attempt: p.attempt, returnedTo: rejection?.returnedTo == step.id),
                startedAt: p.startedAt, completedAt: p.completedAt, assignee: p.assignee, checkpoint: step.checkpoint,
                gate: step.gate?.id, awaitingSince: awaitingSince(step: step.id), lastRejection: rejection,
                report: reportStatus(forStep: step.id))
        }
        summary.openCheckpoints = openCheckpoints.map {
            MoleculeSummary.OpenCheckpoint(
                checkpoint: $0.checkpoint, step: $0.stepID, attempt: $0.attempt, since: awaitingSince(step: $0.stepID),
                approvalBlockers: approvalBlockers(forStep: $0.stepID))
        }
        (summary.current, summary.currentAreReady) = StateMachine.currentSteps(in: progress, formula: formula)
        if !StateMachine.isComplete(progress, formula: formula) {
            let remaining = StateMachine.remainingPlannedTime(progress, formula: formula, now: now)
            summary.remaining = remaining
            summary.eta = now.addingTimeInterval(Double(remaining.components.seconds))
        }
        return summary
    }

    /// Why approving the checkpoint of `step` would be refused now: the report it needs is missing or stale, or
    /// a finding at a blocking severity of its compliance gate is open (derived from the findings, never from a
    /// report's text). `gastown checkpoint approve --override-report` records a reviewer's reason to go ahead.
    public func approvalBlockers(forStep step: String) -> [String] {
        var blockers: [String] = []
        if let problem = reportStatus(forStep: step)?.problem { blockers.append(problem) }
        if case .compliance(let blocking)? = formula?.step(step)?.gate?.type, !blocking.isEmpty {
            let open = findings.filter { $0.isOpen && blocking.contains($0.finding.severity) }
            if !open.isEmpty {
                blockers.append(
                    "\(open.count) open blocking finding\(open.count == 1 ? "" : "s"): "
                        + open.prefix(5).map { "\($0.id) \($0.finding.severity.rawValue) \"\($0.finding.title)\"" }
                        .joined(separator: ", ") + (open.count > 5 ? " and \(open.count - 5) more" : ""))
            }
            if !unreadableFindings.isEmpty {
                blockers.append("finding files that cannot be read: " + unreadableFindings.joined(separator: ", "))
            }
        }
        return blockers
    }
}
