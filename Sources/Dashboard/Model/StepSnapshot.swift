import Core
import Foundation
import Store

/// What a formula says of one of its steps: the same in every molecule of the formula.
public struct StepDefinition: Sendable, Hashable {
    public var id: String
    public var title: String
    /// The formula's `kind` for the step (analysis, plan, do, check, document), when it gives one.
    public var kind: String?
    public var planned: TimeInterval?
    public var tasks: [String]
    /// What "done" means for the step (a formula's `acceptance`).
    public var acceptance: String?
    public var checkpoint: CheckpointInfo?
    public var gate: String?

    public init(
        id: String, title: String = "", kind: String? = nil, planned: TimeInterval? = nil, tasks: [String] = [],
        acceptance: String? = nil, checkpoint: CheckpointInfo? = nil, gate: String? = nil
    ) {
        self.id = id
        self.title = title
        self.kind = kind
        self.planned = planned
        self.tasks = tasks
        self.acceptance = acceptance
        self.checkpoint = checkpoint
        self.gate = gate
    }
}

/// One `StepDefinition` held once and referred to by every molecule of its formula (see `StepDefinitions`): at
/// 100,000 molecules of nine steps each, a copy in every step snapshot cost some 130 MB.
final class SharedStepDefinition: Sendable, Hashable {
    let value: StepDefinition

    init(_ value: StepDefinition) { self.value = value }

    static func == (lhs: SharedStepDefinition, rhs: SharedStepDefinition) -> Bool {
        lhs === rhs || lhs.value == rhs.value
    }

    func hash(into hasher: inout Hasher) { hasher.combine(value) }
}

/// A step of one molecule: the formula's definition (shared) and the molecule's own state of it.
@dynamicMemberLookup
public struct StepSnapshot: Sendable, Hashable {
    private var shared: SharedStepDefinition
    // Each optional date leaves seven bytes of padding: the one-byte fields sit in the first's.
    public var startedAt: Date?
    public var state: StepState
    /// Work sent back here by a rejection (the store's `MoleculeSummary.Step.isSentBack`): drawn `↺`.
    public var sentBack: Bool
    public var completedAt: Date?
    /// When the step started waiting for its checkpoint decision.
    public var awaitingSince: Date?
    public var attempt: Int
    public var assignee: String?
    /// Why approving its checkpoint would be refused now (the store's `approvalBlockers`).
    public var approvalBlockers: [String] = []

    public init(
        id: String, title: String = "", state: StepState, attempt: Int = 1, planned: TimeInterval? = nil,
        startedAt: Date? = nil, completedAt: Date? = nil, assignee: String? = nil, tasks: [String] = [],
        acceptance: String? = nil, checkpoint: CheckpointInfo? = nil, gate: String? = nil, awaitingSince: Date? = nil,
        sentBack: Bool? = nil, kind: String? = nil
    ) {
        self.init(
            SharedStepDefinition(
                StepDefinition(
                    id: id, title: title, kind: kind, planned: planned, tasks: tasks, acceptance: acceptance,
                    checkpoint: checkpoint, gate: gate)),
            state: state, attempt: attempt, startedAt: startedAt, completedAt: completedAt, assignee: assignee,
            awaitingSince: awaitingSince, sentBack: sentBack)
    }

    init(
        _ shared: SharedStepDefinition, state: StepState, attempt: Int, startedAt: Date?, completedAt: Date?,
        assignee: String?, awaitingSince: Date?, sentBack: Bool?
    ) {
        self.shared = shared
        self.state = state
        self.attempt = attempt
        // Built by hand, without the molecule's rejections: a later attempt being worked on.
        self.sentBack = sentBack ?? MoleculeSummary.Step.isSentBack(status: state, attempt: attempt, returnedTo: false)
        self.startedAt = startedAt
        self.completedAt = completedAt
        self.assignee = assignee
        self.awaitingSince = awaitingSince
    }

    /// What the formula says of the step. Changing it (tests do) gives this step a definition of its own.
    public var definition: StepDefinition {
        get { shared.value }
        set { shared = SharedStepDefinition(newValue) }
    }

    /// Whether two steps refer to one shared definition (not merely equal ones).
    func sharesDefinition(with other: StepSnapshot) -> Bool { shared === other.shared }

    /// What the formula says, read and written as the step's own fields (`step.title`, `step.checkpoint`).
    public subscript<Value>(dynamicMember field: WritableKeyPath<StepDefinition, Value>) -> Value {
        get { shared.value[keyPath: field] }
        set { definition[keyPath: field] = newValue }
    }
}
