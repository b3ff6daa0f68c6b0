import Foundation

/// The dashboard's input: a plain, already-loaded picture of the workspace. Built by an adapter
/// from the store (or directly by tests and the demo); the view model never touches files.
public struct WorkspaceSnapshot: Sendable, Hashable {
    public var root: String
    public var convoys: [ConvoySnapshot]
    /// Files that did not load, each shown as an error row.
    public var errors: [LoadProblem]
    /// Every checkpoint awaiting a decision, oldest first.
    public private(set) var approvals: [ApprovalItem]
    /// Handoff documents, oldest first, with read marks for the dashboard's reviewer.
    public var mail: [MailSnapshot] = []
    /// The workspace does not require signatures (`gastown init --unsigned`): shown in the header.
    public var isUnsigned = false
    /// Who the dashboard decides as (shown in the header), when known.
    public var viewer: Viewer?

    public init(root: String, convoys: [ConvoySnapshot], errors: [LoadProblem] = []) {
        self.root = root
        self.convoys = convoys
        self.errors = errors
        approvals = Self.sorted(convoys.flatMap(Self.approvals(in:)))
    }

    /// With the approvals already collected convoy by convoy (`approvals(in:)`), in any order.
    init(root: String, convoys: [ConvoySnapshot], errors: [LoadProblem], unsortedApprovals: [ApprovalItem]) {
        self.root = root
        self.convoys = convoys
        self.errors = errors
        approvals = Self.sorted(unsortedApprovals)
    }

    public static let empty = WorkspaceSnapshot(root: "", convoys: [])

    /// Convoys whose molecules are still loading (0 once the load is complete).
    public var loadingCount: Int { convoys.reduce(0) { $0 + ($1.isLoading ? 1 : 0) } }

    /// The checkpoints of one convoy awaiting a decision, in convoy order.
    static func approvals(in convoy: ConvoySnapshot) -> [ApprovalItem] {
        var items: [ApprovalItem] = []
        for m in convoy.molecules.indices {
            let steps = convoy.molecules[m].steps
            for index in steps.indices where steps[index].state == .awaitingApproval {
                items.append(
                    ApprovalItem(
                        convoyID: convoy.id, convoyTitle: convoy.title, molecule: convoy.molecules[m],
                        stepIndex: index))
            }
        }
        return items
    }

    /// Oldest first; ties by molecule and checkpoint.
    private static func sorted(_ items: [ApprovalItem]) -> [ApprovalItem] {
        items.sorted { lhs, rhs in
            switch (lhs.since, rhs.since) {
            case (let l?, let r?) where l != r: return l < r
            case (nil, _?): return false
            case (_?, nil): return true
            default: return (lhs.moleculeID, lhs.checkpointID) < (rhs.moleculeID, rhs.checkpointID)
            }
        }
    }
}

/// The person the dashboard decides as, and where that name came from (`--reviewer`, `GASTOWN_REVIEWER`, git).
public struct Viewer: Sendable, Hashable {
    public var name: String
    public var source: String
    public init(name: String, source: String) {
        self.name = name
        self.source = source
    }
}

/// Whether the dashboard's reviewer may decide a convoy's checkpoints, by the store's own checks.
public enum DecisionRight: Sendable, Hashable {
    /// Not checked (yet): the store decides when asked.
    case unknown
    case may
    /// Why not, in one line.
    case mayNot(String)
}

/// A file that failed to load, with the loader's message ("file:line:column: ...").
public struct LoadProblem: Sendable, Hashable {
    public var file: String
    public var message: String
    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }
}

public struct ConvoySnapshot: Sendable, Hashable, Identifiable {
    public var id: String
    public var title: String
    public var teams: [String]
    public var molecules: [MoleculeSnapshot]
    /// Whether the dashboard's reviewer may decide here (checked before a decision form opens).
    public var right: DecisionRight = .unknown
    /// True while the convoy's molecules are still being loaded (the first frames of a large
    /// workspace show the convoy rows before their molecules).
    public var isLoading: Bool
    /// Grid columns: the steps of the convoy's formulas, in order of first appearance.
    public private(set) var stepColumns: [String]
    public private(set) var doneCount: Int
    public private(set) var awaitingCount: Int
    public private(set) var blockedCount: Int
    /// Planned time left, summed over unfinished steps of unfinished molecules.
    public private(set) var remaining: TimeInterval?
    public private(set) var lastActivity: Date?

    public init(id: String, title: String, teams: [String], molecules: [MoleculeSnapshot], isLoading: Bool = false) {
        self.id = id
        self.isLoading = isLoading
        self.title = title
        self.teams = teams
        self.molecules = molecules
        var columns: [String] = []
        var seen = Set<String>()
        var done = 0
        var blocked = 0
        var awaitingSteps = 0
        var remaining: TimeInterval = 0
        var anyPlan = false
        var last: Date?
        // Index loops: iterating the steps by value would copy every step (a dozen fields each).
        for m in molecules.indices {
            let steps = molecules[m].steps
            for s in steps.indices {
                if seen.insert(steps[s].id).inserted { columns.append(steps[s].id) }
                let state = steps[s].state
                if state == .awaitingApproval { awaitingSteps += 1 }
                if state != .done, let planned = steps[s].planned {
                    remaining += planned
                    anyPlan = true
                }
            }
            switch molecules[m].overall {
            case .done: done += 1
            case .blocked: blocked += 1
            default: break
            }
            if let activity = molecules[m].lastActivity, activity > (last ?? .distantPast) { last = activity }
        }
        stepColumns = columns
        doneCount = done
        awaitingCount = awaitingSteps
        blockedCount = blocked
        self.remaining = anyPlan ? remaining : nil
        lastActivity = last
    }
}

public enum StepState: String, Sendable, Hashable, CaseIterable {
    case pending, active
    case awaitingApproval = "awaiting-approval"
    case blocked, done
}

public struct MoleculeSnapshot: Sendable, Hashable, Identifiable {
    public var id: String
    public var title: String
    public var convoyID: String
    public var formula: String
    public var formulaVersion: String
    public var team: String
    public var steps: [StepSnapshot]
    public var history: [DecisionSnapshot]
    public var gates: [GateSnapshot]
    public var inputs: [String]
    public var lastActivity: Date?
    /// The ids of the steps the molecule is at (Core's `StateMachine.currentSteps`): being worked on or
    /// awaiting a decision, several at once in a convoy or a DAG; or, when `currentAreReady`, ready to start.
    public var current: [String]
    public var currentAreReady: Bool
    /// Rendered reports, oldest first (their text is filled in by the executable).
    public var reports: [ReportSnapshot] = []

    public init(
        id: String, title: String = "", convoyID: String, formula: String, formulaVersion: String = "",
        team: String = "", steps: [StepSnapshot], history: [DecisionSnapshot] = [],
        gates: [GateSnapshot] = [], inputs: [String] = [], lastActivity: Date? = nil,
        reports: [ReportSnapshot] = [], current: [String]? = nil, currentAreReady: Bool = false
    ) {
        // Without the formula's answer (a snapshot built by hand), the first step not done.
        self.current = current ?? steps.first { $0.state != .done }.map { [$0.id] } ?? []
        self.currentAreReady = currentAreReady
        self.reports = reports
        self.id = id
        self.title = title
        self.convoyID = convoyID
        self.formula = formula
        self.formulaVersion = formulaVersion
        self.team = team
        self.steps = steps
        self.history = history
        self.gates = gates
        self.inputs = inputs
        self.lastActivity = lastActivity
    }

    /// One state for the whole molecule, most urgent first.
    public var overall: StepState {
        var allDone = true
        var awaiting = false
        var blocked = false
        var active = false
        for index in steps.indices {
            switch steps[index].state {
            case .done: continue
            case .awaitingApproval: awaiting = true
            case .blocked: blocked = true
            case .active: active = true
            case .pending: break
            }
            allDone = false
        }
        if allDone { return .done }
        if awaiting { return .awaitingApproval }
        if blocked { return .blocked }
        return active ? .active : .pending
    }

    public var doneSteps: Int { steps.filter { $0.state == .done }.count }

    /// The positions of the `current` steps.
    public var currentStepIndices: [Int] { current.compactMap { id in steps.firstIndex { $0.id == id } } }
}

public struct StepSnapshot: Sendable, Hashable {
    public var id: String
    public var title: String
    public var state: StepState
    public var attempt: Int
    public var planned: TimeInterval?
    public var startedAt: Date?
    public var completedAt: Date?
    public var assignee: String?
    public var tasks: [String]
    /// What "done" means for the step (a formula's `acceptance`).
    public var acceptance: String?
    public var checkpoint: CheckpointInfo?
    public var gate: String?
    /// When the step started waiting for its checkpoint decision.
    public var awaitingSince: Date?

    public init(
        id: String, title: String = "", state: StepState, attempt: Int = 1, planned: TimeInterval? = nil,
        startedAt: Date? = nil, completedAt: Date? = nil, assignee: String? = nil, tasks: [String] = [],
        acceptance: String? = nil, checkpoint: CheckpointInfo? = nil, gate: String? = nil, awaitingSince: Date? = nil
    ) {
        self.id = id
        self.title = title
        self.state = state
        self.attempt = attempt
        self.planned = planned
        self.startedAt = startedAt
        self.completedAt = completedAt
        self.assignee = assignee
        self.tasks = tasks
        self.acceptance = acceptance
        self.checkpoint = checkpoint
        self.gate = gate
        self.awaitingSince = awaitingSince
    }
}

public struct CheckpointInfo: Sendable, Hashable {
    public var id: String
    public var prompt: String
    /// The step a rejection returns to by default.
    public var onReject: String
    public init(id: String, prompt: String = "", onReject: String) {
        self.id = id
        self.prompt = prompt
        self.onReject = onReject
    }
}

public struct DecisionSnapshot: Sendable, Hashable {
    public var checkpointID: String
    public var stepID: String
    public var approved: Bool
    public var reviewer: String
    public var reason: String?
    public var returnedTo: String?
    public var at: Date
    public init(
        checkpointID: String, stepID: String, approved: Bool, reviewer: String, reason: String? = nil,
        returnedTo: String? = nil, at: Date
    ) {
        self.checkpointID = checkpointID
        self.stepID = stepID
        self.approved = approved
        self.reviewer = reviewer
        self.reason = reason
        self.returnedTo = returnedTo
        self.at = at
    }
}

public struct GateSnapshot: Sendable, Hashable {
    public var stepID: String
    public var gateID: String
    public var passed: Bool
    public var summary: String
    public var at: Date?
    /// A failing mandatory gate stops its step from completing.
    public var mandatory: Bool = false
    public var blocking: Bool = false
    /// What the check found, one line each: counts, failing tests, anti-pattern hits.
    public var evidence: [String] = []
    public init(
        stepID: String, gateID: String, passed: Bool, summary: String, at: Date? = nil,
        mandatory: Bool = false, blocking: Bool = false, evidence: [String] = []
    ) {
        self.mandatory = mandatory
        self.blocking = blocking
        self.evidence = evidence
        self.stepID = stepID
        self.gateID = gateID
        self.passed = passed
        self.summary = summary
        self.at = at
    }
}

/// A checkpoint awaiting a decision, with what a reviewer needs to decide it.
public struct ApprovalItem: Sendable, Hashable {
    public var convoyID: String
    public var convoyTitle: String
    public var moleculeID: String
    public var team: String
    public var stepID: String
    public var stepTitle: String
    public var checkpointID: String
    public var prompt: String
    public var since: Date?
    public var onReject: String
    /// Steps a rejection may return to: this one and those before it.
    public var returnCandidates: [String]
    public var gates: [GateSnapshot]

    init(convoyID: String, convoyTitle: String, molecule: MoleculeSnapshot, stepIndex: Int) {
        let step = molecule.steps[stepIndex]
        self.convoyID = convoyID
        self.convoyTitle = convoyTitle
        moleculeID = molecule.id
        team = molecule.team
        stepID = step.id
        stepTitle = step.title
        checkpointID = step.checkpoint?.id ?? step.id
        prompt = step.checkpoint?.prompt ?? ""
        since = step.awaitingSince ?? step.startedAt
        onReject = step.checkpoint?.onReject ?? step.id
        returnCandidates = molecule.steps[...stepIndex].map(\.id)
        gates = molecule.gates.filter { $0.stepID == step.id }
    }
}

/// A rendered report of a molecule.
public struct ReportSnapshot: Sendable, Hashable {
    public var name: String
    /// Where the executable reads it from.
    public var path: String
    public var template: String
    public var text: String
    public init(name: String, path: String, template: String = "", text: String = "") {
        self.name = name
        self.path = path
        self.template = template
        self.text = text
    }
}
