import Foundation

/// Where one step of a molecule stands.
public enum StepStatus: String, Sendable, Hashable, CaseIterable {
    case pending
    case active
    /// Work finished; the step's checkpoint waits for a human decision.
    case awaitingApproval = "awaiting-approval"
    /// Work is active but a mandatory gate fails.
    case blocked
    case done
}

public struct StepProgress: Sendable, Hashable {
    public var status: StepStatus
    /// 1 for the first run; rises each time a rejection sends the step back.
    public var attempt: Int
    public var startedAt: Date?
    public var completedAt: Date?
    public var assignee: String?

    public init(
        status: StepStatus = .pending, attempt: Int = 1, startedAt: Date? = nil, completedAt: Date? = nil,
        assignee: String? = nil
    ) {
        self.status = status
        self.attempt = attempt
        self.startedAt = startedAt
        self.completedAt = completedAt
        self.assignee = assignee
    }
}

/// A reviewer's decision on a checkpoint, as kept in the history.
public struct CheckpointDecision: Sendable, Hashable {
    public enum Decision: String, Sendable, Hashable, CaseIterable {
        case approved, rejected
    }

    public var checkpointID: String
    public var stepID: String
    public var decision: Decision
    public var reviewer: String
    public var reason: String?
    /// For a rejection: the step the molecule went back to.
    public var returnedTo: String?
    /// The step's attempt the decision was about.
    public var attempt: Int
    public var at: Date

    public init(
        checkpointID: String, stepID: String, decision: Decision, reviewer: String, reason: String? = nil,
        returnedTo: String? = nil, attempt: Int = 1, at: Date
    ) {
        self.checkpointID = checkpointID
        self.stepID = stepID
        self.decision = decision
        self.reviewer = reviewer
        self.reason = reason
        self.returnedTo = returnedTo
        self.attempt = attempt
        self.at = at
    }
}

/// A checkpoint opened for a decision (the step's work was completed).
public struct ApprovalRequest: Sendable, Hashable {
    public var checkpointID: String
    public var stepID: String
    public var attempt: Int
    public var at: Date

    public init(checkpointID: String, stepID: String, attempt: Int, at: Date) {
        self.checkpointID = checkpointID
        self.stepID = stepID
        self.attempt = attempt
        self.at = at
    }
}

/// A molecule's progress through its formula.
public struct MoleculeProgress: Sendable, Hashable {
    /// Per step id.
    public var steps: [String: StepProgress]
    /// Step ids in formula order.
    public var stepOrder: [String]
    /// Every checkpoint decision, oldest first.
    public var history: [CheckpointDecision]
    /// Every opened checkpoint, oldest first.
    public var approvalRequests: [ApprovalRequest]
    /// The latest result per gate id.
    public var gateResults: [String: GateResult]

    public init(
        steps: [String: StepProgress], stepOrder: [String], history: [CheckpointDecision] = [],
        approvalRequests: [ApprovalRequest] = [], gateResults: [String: GateResult] = [:]
    ) {
        self.steps = steps
        self.stepOrder = stepOrder
        self.history = history
        self.approvalRequests = approvalRequests
        self.gateResults = gateResults
    }

    /// (id, progress) in formula order.
    public var orderedSteps: [(id: String, progress: StepProgress)] {
        stepOrder.compactMap { id in steps[id].map { (id, $0) } }
    }

    public func status(of stepID: String) -> StepStatus? { steps[stepID]?.status }
}
