import Foundation
import Screen
import Store

/// Where the reviewer is.
public enum Route: Sendable, Hashable {
    case convoys
    case approvals
    case convoy(String)
    case molecule(convoy: String, molecule: String)
    case mail
    case reader(DocumentRef)
    case help
    /// Teams × phases for one convoy (nil: every convoy).
    case board(convoy: String?)
    /// The molecules of one board cell.
    case boardCell(convoy: String?, team: String, phase: String)
    /// The decision trail, newest first.
    case history(HistoryScope)

    var context: KeyContext {
        switch self {
        case .convoys: return .convoys
        case .approvals: return .approvals
        case .convoy: return .convoy
        case .molecule: return .molecule
        case .mail: return .mail
        case .reader: return .reader
        case .help: return .help
        case .board: return .board
        case .boardCell: return .boardCell
        case .history: return .history
        }
    }

    /// Key for per-view cursor and filter memory.
    var memoryKey: String {
        switch self {
        case .convoys: return "convoys"
        case .approvals: return "approvals"
        case .convoy(let id): return "convoy/" + id
        case .molecule(let convoy, let molecule): return "molecule/" + convoy + "/" + molecule
        case .mail: return "mail"
        case .reader(.mail(let id)): return "mail/" + id
        case .reader(.report(let convoy, let molecule, let name)):
            return "report/" + convoy + "/" + molecule + "/" + name
        case .reader(.finding(let convoy, let molecule, let id)):
            return "finding/" + convoy + "/" + molecule + "/" + id
        case .reader(.tests(let convoy, let molecule, let gate)):
            return "tests/" + convoy + "/" + molecule + "/" + gate
        case .help: return "help"
        case .board(let convoy): return "board/" + (convoy ?? "")
        case .boardCell(let convoy, let team, let phase): return "cell/" + (convoy ?? "") + "/" + team + "/" + phase
        case .history(.all): return "history"
        case .history(.convoy(let id)): return "history/" + id
        case .history(.molecule(let convoy, let molecule)): return "history/" + convoy + "/" + molecule
        }
    }
}

/// Whose decisions the History view lists.
public enum HistoryScope: Sendable, Hashable {
    case all
    case convoy(String)
    case molecule(convoy: String, molecule: String)
}

/// The views Tab cycles through; each remembers where in it the reviewer was.
public enum Tab: String, Sendable, Hashable, CaseIterable {
    case convoys, approvals, board, history, mail

    var root: Route {
        switch self {
        case .convoys: return .convoys
        case .approvals: return .approvals
        case .board: return .board(convoy: nil)
        case .history: return .history(.all)
        case .mail: return .mail
        }
    }
}

/// A place visited: the tab, the view and how it was reached (Esc goes up that path). Ctrl-O / `[` and `]` move
/// through the places visited; each view keeps its selection and scroll (`cursors`) by its route.
public struct Place: Sendable, Hashable {
    public var tab: Tab
    public var route: Route
    public var backStack: [Route]
    public init(tab: Tab, route: Route, backStack: [Route] = []) {
        self.tab = tab
        self.route = route
        self.backStack = backStack
    }
}

/// A document the reader shows: a message; a report, a finding, or a gate's failing and skipped tests of a molecule.
public enum DocumentRef: Sendable, Hashable {
    case mail(String)
    case report(convoy: String, molecule: String, name: String)
    case finding(convoy: String, molecule: String, id: String)
    case tests(convoy: String, molecule: String, gate: String)
}

/// How the Convoy view orders its molecules.
public enum MoleculeSort: String, Sendable, Hashable, CaseIterable {
    case name, progress, state, activity

    var next: MoleculeSort {
        let all = Self.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }
}

/// A modal interaction that owns the keyboard until it ends.
public enum Modal: Sendable, Hashable {
    case filter(TextField)
    /// `/` in a long view (reader, molecule, help): finds text, `n`/`N` move between matches.
    case search(TextField)
    /// `acknowledged`: the reviewer already said yes once to a molecule whose audit trail does not verify; the
    /// second `y` approves.
    case confirmApprove(ApprovalItem, acknowledged: Bool = false)
    case reject(RejectForm)
}

public struct RejectForm: Sendable, Hashable {
    public enum Focus: Sendable, Hashable { case reason, step }
    public var item: ApprovalItem
    public var reason: TextField
    public var stepIndex: Int
    public var focus: Focus
    /// Esc with a reason typed asks "discard the reason? y/n" first.
    public var confirmingDiscard = false

    init(item: ApprovalItem) {
        self.item = item
        reason = TextField()
        stepIndex = item.returnCandidates.firstIndex(of: item.onReject) ?? max(0, item.returnCandidates.count - 1)
        confirmingDiscard = false
        focus = .reason
    }

    public var returnStep: String {
        item.returnCandidates.isEmpty ? item.onReject : item.returnCandidates[stepIndex]
    }
}

public struct StatusMessage: Sendable, Hashable {
    public var text: String
    public var isError: Bool
    public init(_ text: String, isError: Bool = false) {
        self.text = text
        self.isError = isError
    }
}

/// The whole dashboard, as a value. `Dashboard.update` changes it; `Dashboard.render` draws it.
public struct DashboardState: Sendable, Hashable {
    public var snapshot: WorkspaceSnapshot
    public var loadedAt: Date?
    public var route: Route
    public var backStack: [Route]
    /// The tab the route belongs to, and where each other tab was left.
    public var tab: Tab = .convoys
    public var tabPlaces: [Tab: Place] = [:]
    /// The places visited, for Ctrl-O / `[` (back) and `]` (forward), and where in them the reviewer is.
    public var jumps: [Place] = [Place(tab: .convoys, route: .convoys, backStack: [])]
    public var jumpIndex = 0
    /// The text searched for in each long view (reader, molecule, help), and the line of the current match.
    public var searches: [String: String] = [:]
    public var searchHits: [String: Int] = [:]
    /// The Board's selected column, per board.
    public var boardColumns: [String: Int] = [:]
    /// A rejection sent and not yet answered: a refusal reopens the form with its text.
    public var pendingReject: RejectForm?
    /// The Approvals view lists only the checkpoints the dashboard's reviewer may decide (`--approvals`, `m`).
    public var onlyMine = false
    /// The Approvals tab flashes until then: a checkpoint the reviewer may decide started awaiting.
    public var flashUntil: Date?
    /// Ring the terminal bell too (`--bell`).
    public var bell = false
    /// The awaiting checkpoints the reviewer may decide, as of the last load (to notice new ones).
    public var knownMine: Set<String>?
    public var cursors: [String: Int]
    public var filters: [String: String]
    /// Horizontal scroll of the readers, in columns, per document.
    public var columnOffsets: [String: Int]
    /// The link chosen with n/p in a molecule view (its line), per molecule.
    public var selectedLinks: [String: Int] = [:]
    public var sort: MoleculeSort
    public var modal: Modal?
    public var message: StatusMessage?
    /// Rows a page holds, from the last known terminal size (PgUp/PgDn move by it).
    public var pageRows: Int
    /// The last known terminal size (mouse clicks are hit-tested against the layout drawn at it).
    public var screenWidth = 80
    public var screenHeight = 24
    public var colors: Bool
    public var hasQuit: Bool

    public init(snapshot: WorkspaceSnapshot = .empty, loadedAt: Date? = nil, colors: Bool = true) {
        self.snapshot = snapshot
        self.loadedAt = loadedAt
        route = .convoys
        backStack = []
        cursors = [:]
        filters = [:]
        columnOffsets = [:]
        sort = .name
        modal = nil
        message = nil
        pageRows = 18
        self.colors = colors
        hasQuit = false
    }

    public var context: KeyContext {
        switch modal {
        case .filter?: return .filter
        case .search?: return .search
        case .confirmApprove?: return .confirm
        case .reject(let form)?:
            if form.confirmingDiscard { return .rejectDiscard }
            return form.focus == .reason ? .rejectReason : .rejectStep
        case nil: return route.context
        }
    }

    public var cursor: Int {
        get { cursors[route.memoryKey] ?? 0 }
        set { cursors[route.memoryKey] = newValue }
    }

    public var filter: String { filters[route.memoryKey] ?? "" }

    /// The text searched for in this view ("" when none).
    public var search: String { searches[route.memoryKey] ?? "" }

    public var place: Place {
        get { Place(tab: tab, route: route, backStack: backStack) }
        set {
            tab = newValue.tab
            route = newValue.route
            backStack = newValue.backStack
        }
    }

    public var columnOffset: Int {
        get { columnOffsets[route.memoryKey] ?? 0 }
        set { columnOffsets[route.memoryKey] = newValue }
    }

    /// The Mail view's rows: newest first, filtered by sender, recipients, subject or molecule.
    public var visibleMail: [MailSnapshot] {
        let needle = filters[Route.mail.memoryKey] ?? ""
        let newestFirst = Array(snapshot.mail.reversed())
        guard !needle.isEmpty else { return newestFirst }
        return newestFirst.filter { Self.matches(needle, [$0.id, $0.from, $0.re] + $0.to + $0.molecules) }
    }

    /// A document's title and lines for the reader; nil when it is gone.
    public func document(_ ref: DocumentRef) -> (title: String, lines: [String])? {
        switch ref {
        case .mail(let id):
            return snapshot.message(id).map { ($0.re.isEmpty ? $0.id : $0.re, $0.documentLines) }
        case .report(let convoy, let molecule, let name):
            guard let report = self.molecule(convoy: convoy, id: molecule)?.reports.first(where: { $0.name == name })
            else { return nil }
            return (report.name, DocumentText.lines(snapshot.text(of: report)))
        case .finding(let convoy, let molecule, let id):
            return self.molecule(convoy: convoy, id: molecule)?.findings.first { $0.id == id }.map {
                ($0.id + " " + $0.title, $0.documentLines)
            }
        case .tests(let convoy, let molecule, let gate):
            return self.molecule(convoy: convoy, id: molecule)?.gates.first { $0.gateID == gate }.map {
                ("failing and skipped tests of " + $0.gateID, $0.testDocumentLines)
            }
        }
    }

    // MARK: What each view lists (filtered and sorted), shared by update and render.

    public func convoy(_ id: String) -> ConvoySnapshot? {
        snapshot.convoys.first { $0.id == id }
    }

    public func molecule(convoy: String, id: String) -> MoleculeSnapshot? {
        self.convoy(convoy)?.molecules.first { $0.id == id }
    }

    public var visibleConvoys: [ConvoySnapshot] {
        let needle = filters[Route.convoys.memoryKey] ?? ""
        guard !needle.isEmpty else { return snapshot.convoys }
        return snapshot.convoys.filter {
            Self.matches(needle, [$0.id, $0.title] + $0.teams)
        }
    }

    public func visibleMolecules(in convoy: ConvoySnapshot) -> [MoleculeSnapshot] {
        let needle = filters[Route.convoy(convoy.id).memoryKey] ?? ""
        var molecules =
            needle.isEmpty
            ? convoy.molecules
            : convoy.molecules.filter { Self.matches(needle, [$0.id, $0.title, $0.team, $0.overall.label]) }
        switch sort {
        case .name:
            molecules.sort { $0.id < $1.id }
        case .progress:
            molecules.sort { ($0.doneSteps, $0.id) > ($1.doneSteps, $1.id) }
        case .state:
            molecules.sort { ($0.overall.urgency, $0.id) < ($1.overall.urgency, $1.id) }
        case .activity:
            molecules.sort {
                ($0.lastActivity ?? .distantPast, $1.id) > ($1.lastActivity ?? .distantPast, $0.id)
            }
        }
        return molecules
    }

    /// The awaiting checkpoints the dashboard's reviewer may decide (all of them where rights are unknown).
    public var myApprovals: [ApprovalItem] {
        snapshot.approvals.filter { item in
            if case .mayNot? = convoy(item.convoyID)?.right { return false }
            return true
        }
    }

    public var visibleApprovals: [ApprovalItem] {
        let needle = filters[Route.approvals.memoryKey] ?? ""
        let queue = onlyMine ? myApprovals : snapshot.approvals
        guard !needle.isEmpty else { return queue }
        return queue.filter {
            Self.matches(needle, [$0.convoyID, $0.convoyTitle, $0.moleculeID, $0.checkpointID, $0.team, $0.stepID])
        }
    }

    static func matches(_ needle: String, _ haystack: [String]) -> Bool {
        haystack.contains { $0.range(of: needle, options: [.caseInsensitive, .diacriticInsensitive]) != nil }
    }
}

extension StepState {
    public var label: String {
        switch self {
        case .pending: return "pending"
        case .active: return "active"
        case .awaitingApproval: return "awaiting"
        case .blocked: return "blocked"
        case .done: return "done"
        }
    }
}

extension MoleculeState.Summary {
    /// Most urgent first: what cannot be used, what needs a human, what is stuck, then work in progress.
    var urgency: Int {
        switch self {
        case .invalid: return 0
        case .awaitingApproval: return 1
        case .blocked: return 2
        case .active: return 3
        case .pending: return 4
        case .done: return 5
        }
    }

    public var label: String {
        switch self {
        case .invalid: return "invalid"
        case .pending: return "pending"
        case .active: return "active"
        case .awaitingApproval: return "awaiting"
        case .blocked: return "blocked"
        case .done: return "done"
        }
    }
}
