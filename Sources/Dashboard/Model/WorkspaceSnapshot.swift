import Core
import Foundation
import Store

/// The dashboard's input: a plain, already-loaded picture of the workspace. Built by an adapter
/// from the store (or directly by tests and the demo); the view model never touches files.
public struct WorkspaceSnapshot: Sendable, Hashable {
    public var root: String
    public var convoys: [ConvoySnapshot] {
        didSet { cache = SnapshotCache(parts: cache.parts) }
    }
    /// The Board's and History's views of these convoys, computed once from parts kept per convoy (see
    /// `SnapshotCache`).
    var cache = SnapshotCache()
    /// Files that did not load, each shown as an error row.
    public var errors: [LoadProblem]
    /// Every checkpoint awaiting a decision, oldest first.
    public private(set) var approvals: [ApprovalItem]
    /// Handoff documents, oldest first, with read marks for the dashboard's reviewer.
    public var mail: [MailSnapshot] = []
    /// The workspace does not require signatures (`gastown init --unsigned`): shown in the header.
    public var isUnsigned = false
    /// Reads a report's text when it is shown; nil when every report carries its text (tests, the demo).
    public var reportTexts: (any ReportTextSource)? {
        get { reportTextSource?.source }
        set { reportTextSource = newValue.map(ReportTextSourceBox.init) }
    }
    private var reportTextSource: ReportTextSourceBox?
    /// Who the dashboard decides as (shown in the header), when known.
    public var viewer: Viewer?
    /// How far the clone is ahead of and behind its upstream (shown in the header), when it is a git clone
    /// with one.
    public var remote: RemoteStatus?

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

    /// Commits this clone has that its upstream lacks (`ahead`), and the reverse (`behind`), as the refs last
    /// fetched say.
    public struct RemoteStatus: Sendable, Hashable {
        public var ahead: Int
        public var behind: Int

        public init(ahead: Int, behind: Int) {
            self.ahead = ahead
            self.behind = behind
        }
    }

    /// The report's text: the one it carries, else the file's as it is now.
    public func text(of report: ReportSnapshot) -> String {
        report.text ?? reportTexts?.text(at: report.path) ?? ""
    }

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
    /// Molecules whose file or formula cannot be used (as `convoy list` counts INVALID).
    public private(set) var invalidCount: Int
    /// Planned time left: the longest of the unfinished molecules' (molecules move in parallel; each one's
    /// is the critical path through its formula).
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
        var invalid = 0
        var awaitingSteps = 0
        var remaining: TimeInterval?
        var last: Date?
        // Index loops: iterating the steps by value would copy every step (a dozen fields each).
        for m in molecules.indices {
            let steps = molecules[m].steps
            for s in steps.indices {
                if seen.insert(steps[s].id).inserted { columns.append(steps[s].id) }
                if steps[s].state == .awaitingApproval { awaitingSteps += 1 }
            }
            switch molecules[m].overall {
            case .done: done += 1
            case .blocked: blocked += 1
            case .invalid: invalid += 1
            default: break
            }
            if molecules[m].overall != .done, let left = molecules[m].remaining {
                remaining = max(remaining ?? 0, left)
            }
            if let activity = molecules[m].lastActivity, activity > (last ?? .distantPast) { last = activity }
        }
        stepColumns = columns
        doneCount = done
        awaitingCount = awaitingSteps
        blockedCount = blocked
        invalidCount = invalid
        self.remaining = remaining
        lastActivity = last
    }
}

/// A step's state: Core's `StepStatus`, the same words on every screen.
public typealias StepState = StepStatus

public struct MoleculeSnapshot: Sendable, Hashable, Identifiable {
    public var id: String
    public var title: String
    public var convoyID: String
    public var formula: String
    public var formulaVersion: String
    public var team: String
    public var steps: [StepSnapshot]
    /// The decisions that count (the Molecule view's CHECKPOINTS).
    public var history: [DecisionSnapshot]
    /// Every decision record of the audit trail, counted or not, each with its verification mark (History view).
    public var trail: [DecisionSnapshot]
    public var gates: [GateSnapshot]
    public var inputs: [String]
    public var lastActivity: Date?
    /// The ids of the steps the molecule is at (Core's `StateMachine.currentSteps`): being worked on or
    /// awaiting a decision, several at once in a convoy or a DAG; or, when `currentAreReady`, ready to start.
    public var current: [String]
    public var currentAreReady: Bool
    /// Rendered reports, oldest first (their text is filled in by the executable).
    public var reports: [ReportSnapshot] = []
    /// The molecule's state word, from the store's `MoleculeSummary` (the same as `molecule status`).
    public var overall: MoleculeState.Summary
    /// Planned time left on the critical path (nil when done or unknown).
    public var remaining: TimeInterval?
    /// Every problem with the molecule (`file:line:column: error: message`): an invalid file, unapproved
    /// progress, a gate claim, a decision that does not count.
    public var problems: [String] = []
    /// What is worth knowing but wrong with nothing (`file: warning: …`): a formula version other than the one pinned.
    public var warnings: [String] = []
    /// Why its audit trail does not verify (empty when it verifies): shown in red wherever the molecule is.
    public var trailProblems: [String] = []
    /// Its compliance findings, oldest first.
    public var findings: [FindingSnapshot] = []

    public init(
        id: String, title: String = "", convoyID: String, formula: String, formulaVersion: String = "",
        team: String = "", steps: [StepSnapshot], history: [DecisionSnapshot] = [],
        gates: [GateSnapshot] = [], inputs: [String] = [], lastActivity: Date? = nil,
        reports: [ReportSnapshot] = [], current: [String]? = nil, currentAreReady: Bool = false,
        state: MoleculeState.Summary? = nil, remaining: TimeInterval? = nil
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
        trail = history
        self.gates = gates
        self.inputs = inputs
        self.lastActivity = lastActivity
        // Built by hand (tests): the store's rule (`Summary.of`) on its steps, and their planned time.
        overall = state ?? MoleculeState.Summary.of(steps.map(\.state))
        let planned = steps.filter { $0.state != .done }.compactMap(\.planned)
        self.remaining = remaining ?? (overall == .done || planned.isEmpty ? nil : planned.reduce(0, +))
    }

    /// A molecule whose file or formula cannot be used: shown as an error row with its problems.
    public static func invalid(id: String, convoyID: String, formula: String, team: String, problems: [String])
        -> MoleculeSnapshot
    {
        var snapshot = MoleculeSnapshot(
            id: id, convoyID: convoyID, formula: formula, team: team, steps: [], state: .invalid)
        snapshot.problems = problems
        return snapshot
    }

    public var doneSteps: Int { steps.filter { $0.state == .done }.count }

    /// The positions of the `current` steps.
    public var currentStepIndices: [Int] { current.compactMap { id in steps.firstIndex { $0.id == id } } }
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

/// Whether a decision record counts, as the signed-decisions rules say: signed by a reviewer and verified, made
/// in an unsigned workspace (counts, but nobody's key vouches for it), or a problem (it does not count: why).
public enum DecisionMark: Sendable, Hashable {
    case signed
    case unsigned
    case problem(String)

    /// Readable without colour.
    public var label: String {
        switch self {
        case .signed: return "✓ signed"
        case .unsigned: return "· unsigned"
        case .problem: return "✗ problem"
        }
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
    public var mark: DecisionMark
    public init(
        checkpointID: String, stepID: String, approved: Bool, reviewer: String, reason: String? = nil,
        returnedTo: String? = nil, at: Date, mark: DecisionMark = .signed
    ) {
        self.mark = mark
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
    /// What the check found, one line each: counts, anti-pattern hits, what the scan missed.
    public var evidence: [String] = []
    /// The failing and skipped tests by name (`failed: NAME — message`, `skipped: NAME`), every one kept.
    public var tests: [String] = []
    /// Test cases the evidence counted but did not list (beyond its cap).
    public var unlistedTests = 0
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
    /// Why the store would refuse an approval now (a stale report, open blocking findings).
    public var blockers: [String]
    /// Why the molecule's audit trail does not verify: approving asks a second time, naming it.
    public var trailProblems: [String]

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
        blockers = step.approvalBlockers
        trailProblems = molecule.trailProblems
    }
}

/// A rendered report of a molecule.
public struct ReportSnapshot: Sendable, Hashable {
    public var name: String
    /// Where the executable reads it from.
    public var path: String
    public var template: String
    /// The text when given (tests, the demo); nil when it is read from `path` as it is shown
    /// (`WorkspaceSnapshot.text(of:)`).
    public var text: String?
    /// Whether it is the current report a step needs (its inputs digest matches the molecule's): nil when the
    /// store did not judge it (not the latest report a step needs).
    public var isCurrent: Bool?
    public init(name: String, path: String, template: String = "", text: String? = nil, isCurrent: Bool? = nil) {
        self.name = name
        self.path = path
        self.template = template
        self.text = text
        self.isCurrent = isCurrent
    }
}

/// A compliance finding, for the molecule view and its reader.
public struct FindingSnapshot: Sendable, Hashable {
    public var id: String
    public var severity: String
    public var category: String
    public var title: String
    public var detail: String?
    public var location: String?
    public var blocking: Bool
    public var isOpen: Bool
    public var recordedBy: String
    public var recorded: Date
    public var resolvedBy: String?
    public var resolvedAt: Date?
    public var resolutionNote: String?
    /// Workspace-relative path of its file.
    public var path: String

    public init(
        id: String, severity: String, category: String, title: String, detail: String? = nil, location: String? = nil,
        blocking: Bool = false, isOpen: Bool = true, recordedBy: String = "", recorded: Date, resolvedBy: String? = nil,
        resolvedAt: Date? = nil, resolutionNote: String? = nil, path: String = ""
    ) {
        self.id = id
        self.severity = severity
        self.category = category
        self.title = title
        self.detail = detail
        self.location = location
        self.blocking = blocking
        self.isOpen = isOpen
        self.recordedBy = recordedBy
        self.recorded = recorded
        self.resolvedBy = resolvedBy
        self.resolvedAt = resolvedAt
        self.resolutionNote = resolutionNote
        self.path = path
    }
}

extension FindingSnapshot {
    /// The finding in full, for the reader: its fields, then its detail line for line.
    var documentLines: [String] {
        var lines = [
            "Id:        " + id,
            "Severity:  " + severity + (blocking ? " (blocks sign-off)" : ""),
            "Status:    " + (isOpen ? "open" : "resolved"),
            "Category:  " + category,
            "Title:     " + title,
        ]
        if let location { lines.append("Location:  " + location) }
        lines.append("Recorded:  by " + recordedBy + " at " + Timestamps.iso8601(recorded))
        if let resolvedBy {
            lines.append("Resolved:  by " + resolvedBy + (resolvedAt.map { " at " + Timestamps.iso8601($0) } ?? ""))
            if let resolutionNote { lines.append("Note:      " + resolutionNote) }
        }
        lines.append("File:      " + path)
        lines.append(String(repeating: "─", count: 40))
        return lines + (detail.map(DocumentText.lines) ?? ["(no detail)"])
    }
}

extension GateSnapshot {
    /// Every failing and skipped test the evidence names, for the reader.
    var testDocumentLines: [String] {
        var lines = [summary, String(repeating: "─", count: 40)] + tests
        if unlistedTests > 0 {
            lines.append("… and \(unlistedTests) more test cases the evidence counted but did not list")
        }
        return lines
    }
}
