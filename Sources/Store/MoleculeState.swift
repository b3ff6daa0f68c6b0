import Core
import Foundation

/// One molecule as loaded: the file's claims, its formula, its verified trail, and the
/// effective progress derived from them. Problems never stop the rest of the store loading.
public struct MoleculeState: Sendable {
    public var convoy: String
    public var name: String
    /// Workspace-relative path of molecule.toml.
    public var path: String
    /// The file as claimed; nil when it does not parse or misses required fields.
    public var file: MoleculeFile?
    public var formula: Formula?
    /// The effective progress; nil when the file or its formula is unusable.
    public var progress: MoleculeProgress?
    public var trail: AuditTrail
    /// Parse, schema, formula and unapproved-progress problems (audit problems are in `trail`).
    public var problems: [StoreProblem]
    /// Gate evidence (`M/gates/`), manual confirmations and rendered reports: see GateRecords.swift.
    public var gateRecords = GateRecords()
    /// The molecule's compliance findings (`M/findings/`), oldest first; a blocking finding whose resolution
    /// does not count is open here. Unreadable finding files are in `problems`.
    public var findings: [FindingRecord] = []
    /// The steps that need a report (and have been reached): their latest report and whether it is current.
    public var reportStatuses: [ReportStatus] = []
    /// Finding files that could not be read (each is also a problem): one might hide a blocking finding.
    public var unreadableFindings: [String] = []
    /// What is wrong with the molecule's convoy as a whole (its reviewer trail, a genesis or policy this user has
    /// not accepted, convoy.toml's reviewers against the trail): shown with the molecule too.
    public var convoyProblems: [StoreProblem] = []
    /// The signing policy in force for the molecule's workspace.
    public var signing: WorkspaceConfig.SigningPolicy = .required
    /// The load's clock: what "now" was when it was derived (records dated after it do not count).
    public var loadedAt = Date(timeIntervalSince1970: 0)
    /// The team the molecule belongs to, resolved through its convoy's teams (`MoleculeTeam.of`).
    public var team: Team?
    /// Values a merge of clones set aside (`[conflicts]`): shown as warnings until settled.
    public var conflicts: [MergeConflict] = []

    /// The molecule's state word: `invalid`, `pending`, `active`, `blocked`, `awaiting-approval`, `done`.
    /// Derived in one place (`Summary.of`), for every screen: see `MoleculeSummary`.
    public enum Summary: String, Sendable, CaseIterable {
        case invalid, pending, active, blocked, done
        case awaitingApproval = "awaiting-approval"
    }

    public var summary: Summary {
        // The step order and states only: copying the progress or the formula of every molecule shows up in a
        // 10,000-molecule load.
        guard case .some = formula, let order = progress?.stepOrder, let steps = progress?.steps else {
            return .invalid
        }
        return Summary.of(order.compactMap { steps[$0]?.status })
    }

    /// Every problem, including the audit trail's.
    public var allProblems: [StoreProblem] { problems + trail.problems + convoyProblems }

    /// The latest time anything happened: a step started or finished, a gate checked, a decision.
    public var lastActivity: Date? {
        var dates: [Date] = []
        if let updated = file?.updated { dates.append(updated) }
        if let created = file?.created { dates.append(created) }
        if let progress {
            for (_, step) in progress.steps {
                if let d = step.startedAt { dates.append(d) }
                if let d = step.completedAt { dates.append(d) }
            }
        }
        if let last = trail.entries.last { dates.append(last.record.date) }
        return dates.max()
    }

    /// Checkpoints awaiting a decision.
    public var openCheckpoints: [(checkpoint: Checkpoint, stepID: String, attempt: Int)] {
        guard let progress, let formula else { return [] }
        return StateMachine.openCheckpoints(in: progress, formula: formula).map {
            ($0.checkpoint, $0.stepID, progress.steps[$0.stepID]?.attempt ?? 1)
        }
    }

    /// Since when a step's checkpoint has awaited a decision: when its work was completed (the state
    /// machine records it), approximated by the molecule's last update when the file does not say
    /// (written by hand or by an older gastown). Nil for a step not awaiting approval.
    public func awaitingSince(step: String) -> Date? {
        guard let state = progress?.steps[step], state.status == .awaitingApproval else { return nil }
        let opened = progress?.approvalRequests.last { $0.stepID == step && $0.attempt == state.attempt }
        return opened?.at ?? state.completedAt ?? file?.updated
    }
}

/// A convoy as loaded.
public struct ConvoyState: Sendable {
    public var name: String
    public var path: String
    public var file: ConvoyFile?
    public var problems: [StoreProblem]
    /// Who may decide the convoy (set by full loads).
    public var authority: ConvoyAuthority?

    public init(name: String, path: String, file: ConvoyFile?, problems: [StoreProblem]) {
        self.name = name
        self.path = path
        self.file = file
        self.problems = problems
    }

    /// The convoy file's problems and the convoy's trust and reviewer-trail problems.
    public var allProblems: [StoreProblem] { problems + (authority?.problems ?? []) }
}

/// The whole store as loaded at one moment.
public struct StoreSnapshot: Sendable {
    public var convoys: [ConvoyState]
    public var molecules: [MoleculeState]
    /// Formula lookup failures and other problems not tied to one molecule (the workspace's signing policy).
    public var problems: [StoreProblem]
    /// The signing policy in force.
    public var signing: WorkspaceConfig.SigningPolicy = .required

    public init(
        convoys: [ConvoyState], molecules: [MoleculeState], problems: [StoreProblem],
        signing: WorkspaceConfig.SigningPolicy = .required
    ) {
        self.convoys = convoys
        self.molecules = molecules
        self.problems = problems
        self.signing = signing
    }

    /// Every problem once: the workspace's, each convoy's, each molecule's own.
    public var allProblems: [StoreProblem] {
        var seen = Set<StoreProblem>()
        return (problems + convoys.flatMap(\.allProblems) + molecules.flatMap(\.allProblems)).filter {
            seen.insert($0).inserted
        }
    }
}

extension StoreSnapshot {
    /// Per convoy, how many molecules it has and how many show each summary: `convoy list`'s columns. The
    /// summaries are worked out on every core, each molecule read in place (10,000 of them in a large store).
    public func moleculeCounts() -> [String: (all: Int, bySummary: [MoleculeState.Summary: Int])] {
        var counts: [String: (all: Int, bySummary: [MoleculeState.Summary: Int])] = [:]
        molecules.withUnsafeBufferPointer { molecules in
            let summaries = ParallelArray.make(count: molecules.count, batch: 256) { molecules[$0].summary }
            for index in molecules.indices {
                counts[molecules[index].convoy, default: (0, [:])].all += 1
                counts[molecules[index].convoy, default: (0, [:])].bySummary[summaries[index], default: 0] += 1
            }
        }
        return counts
    }
}
