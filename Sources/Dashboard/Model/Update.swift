import Foundation
import Screen

/// What happens to the dashboard: a key, new data, the result of a decision, a new size.
public enum DashboardEvent: Sendable, Hashable {
    case key(Key)
    /// A click, double click or wheel turn (ncurses mouse events), at a cell of the screen.
    case mouse(MouseEvent)
    case loaded(WorkspaceSnapshot, at: Date)
    case decided(DecisionOutcome)
    /// What came of an `$EDITOR` session.
    case edited(EditOutcome)
    /// A message for the status line (a pager that failed).
    case notice(String, isError: Bool)
    case resized(width: Int, height: Int)
}

/// A checkpoint decision for the executable to carry out through the store.
public struct DecisionRequest: Sendable, Hashable {
    public var convoyID: String
    public var moleculeID: String
    public var stepID: String
    public var checkpointID: String
    /// Nil for an approval.
    public var reason: String?
    public var returnTo: String?
}

public enum DecisionOutcome: Sendable, Hashable {
    case accepted(String)
    case refused(String)
}

/// What an `$EDITOR` session came to, for the status line.
public enum EditOutcome: Sendable, Hashable {
    case written(String)
    case unchanged(String)
    case kept(String)
}

/// Work only the executable can do (I/O); the model asks for it and gets the answer back as an event.
public enum Effect: Sendable, Hashable {
    case quit
    case reload
    case approve(DecisionRequest)
    case reject(DecisionRequest)
    /// Record that the dashboard's reviewer read a message (as `gastown mail read` does).
    case markRead(String)
    /// Put our own id text on the terminal's clipboard (OSC 52).
    case copy(String)
    /// Show a document in `$PAGER` (the runtime sanitizes every line first).
    case page(title: String, lines: [String])
    /// Open a copy of a molecule's file in `$EDITOR`, written back only if unchanged meanwhile and valid.
    case edit(convoy: String, molecule: String)
    /// Ctrl-Z: give the terminal to the shell until `fg`.
    case suspendToShell
    /// A checkpoint the reviewer may decide started awaiting (`--bell`).
    case bell
}

public enum Dashboard {
    /// The pure update: the new state and the effects to run.
    public static func update(_ state: DashboardState, _ event: DashboardEvent) -> (DashboardState, [Effect]) {
        var state = state
        let effects = apply(event, to: &state)
        return (state, effects)
    }

    static func apply(_ event: DashboardEvent, to state: inout DashboardState) -> [Effect] {
        switch event {
        case .loaded(var snapshot, let at):
            // What the Board and History computed per convoy carries over: a write rebuilds only its convoys'.
            let parts = state.snapshot.cache.parts
            parts.keep(matching: snapshot.convoys)
            snapshot.cache = SnapshotCache(parts: parts)
            state.snapshot = snapshot
            state.loadedAt = at
            clampCursor(&state)
            return noticeNewApprovals(at: at, &state)
        case .decided(.accepted(let text)):
            state.message = StatusMessage(text)
            state.pendingReject = nil
            return [.reload]
        case .decided(.refused(let text)):
            state.message = StatusMessage(text, isError: true)
            // A refused rejection reopens its form with the reason as typed.
            if let form = state.pendingReject { state.modal = .reject(form) }
            state.pendingReject = nil
            return [.reload]
        case .mouse(let event):
            return handleMouse(event, in: &state)
        case .edited(.written(let text)), .edited(.unchanged(let text)):
            state.message = StatusMessage(text)
            return []
        case .edited(.kept(let text)):
            state.message = StatusMessage(text.hasPrefix("✗ ") ? String(text.dropFirst(2)) : text, isError: true)
            return []
        case .notice(let text, let isError):
            state.message = StatusMessage(text, isError: isError)
            return []
        case .resized(let width, let height):
            state.pageRows = max(1, height - 4)
            state.screenWidth = width
            state.screenHeight = height
            return []
        case .key(let key):
            return handle(key, in: &state)
        }
    }

    static func handle(_ key: Key, in state: inout DashboardState) -> [Effect] {
        let before = state.place
        let effects = dispatch(key, in: &state)
        // Every place reached (but by moving through the places themselves) joins the list Ctrl-O and ] walk.
        if state.place != before, !isJump(key, state: state) { recordPlace(&state) }
        return effects
    }

    static func isJump(_ key: Key, state: DashboardState) -> Bool {
        guard state.modal == nil else { return false }
        let action = KeyTable.action(for: key, in: state.route.context)
        return action == .jumpBack || action == .jumpForward
    }

    static func dispatch(_ key: Key, in state: inout DashboardState) -> [Effect] {
        let context = state.context
        guard let action = KeyTable.action(for: key, in: context) else {
            // Printable characters type into text fields.
            if case .character(let character) = key { typeCharacter(character, into: &state) }
            return []
        }
        if state.modal == nil { state.message = nil }
        switch state.modal {
        case .filter(var field)?:
            return handleFilter(action, field: &field, state: &state)
        case .search(var field)?:
            handleSearch(action, field: &field, state: &state)
            return []
        case .confirmApprove(let item, let acknowledged)?:
            state.modal = nil
            if action == .viewReport {
                openDecisionReport(item, &state)
                return []
            }
            // A molecule whose trail does not verify: the first yes only leads to a second question naming why.
            if action == .confirm, !item.trailProblems.isEmpty, !acknowledged {
                state.modal = .confirmApprove(item, acknowledged: true)
                return []
            }
            if action == .confirm {
                return [
                    .approve(
                        DecisionRequest(
                            convoyID: item.convoyID, moleculeID: item.moleculeID,
                            stepID: item.stepID, checkpointID: item.checkpointID))
                ]
            }
            state.message = StatusMessage("Approval cancelled")
            return []
        case .reject(var form)?:
            return handleReject(action, form: &form, state: &state)
        case nil:
            return perform(action, in: &state)
        }
    }

    static func perform(_ action: Action, in state: inout DashboardState) -> [Effect] {
        switch action {
        case .moveDown: move(by: 1, &state)
        case .moveUp: move(by: -1, &state)
        case .pageDown: move(by: state.pageRows, &state)
        case .pageUp: move(by: -state.pageRows, &state)
        case .top: state.cursor = 0
        case .bottom: state.cursor = lastCursor(state)
        case .open: return open(&state)
        case .back: goBack(&state)
        case .nextView, .previousView:
            let tabs = Tab.allCases
            let here = tabs.firstIndex(of: state.tab) ?? 0
            let step = action == .nextView ? 1 : tabs.count - 1
            switchTab(to: tabs[(here + step) % tabs.count], &state)
        case .jumpBack: jump(by: -1, &state)
        case .jumpForward: jump(by: 1, &state)
        case .board: openBoard(&state)
        case .history: openHistory(&state)
        case .cellLeft: moveBoardColumn(by: -1, &state)
        case .cellRight: moveBoardColumn(by: 1, &state)
        case .startSearch: state.modal = .search(TextField(state.search))
        case .nextMatch: findMatch(forward: true, from: nil, &state)
        case .previousMatch: findMatch(forward: false, from: nil, &state)
        case .copyID:
            guard let id = selectedID(state) else {
                state.message = StatusMessage("Nothing selected to copy", isError: true)
                break
            }
            state.message = StatusMessage("Copied " + id)
            return [.copy(id)]
        case .openInPager: return pagerEffect(&state)
        case .editMolecule:
            guard let (convoy, molecule) = selectedMolecule(state) else {
                state.message = StatusMessage("No molecule selected to edit", isError: true)
                break
            }
            return [.edit(convoy: convoy, molecule: molecule)]
        case .suspendToShell: return [.suspendToShell]
        case .toggleMine:
            state.onlyMine.toggle()
            state.cursor = 0
            state.message = StatusMessage(
                state.onlyMine
                    ? "Your queue: the checkpoints you may decide (m: all of them)"
                    : "Every checkpoint awaiting a decision (m: only yours)")
        case .scrollLeft: state.columnOffset = max(0, state.columnOffset - ReaderView.horizontalStep)
        case .scrollRight:
            state.columnOffset = min(ReaderView.maxOffset(state), state.columnOffset + ReaderView.horizontalStep)
        case .viewReport:
            if case .molecule(let convoy, let id) = state.route {
                openLatestReport(convoy: convoy, molecule: id, &state)
            }
        case .nextLink, .previousLink:
            moveLink(forward: action == .nextLink, &state)
        case .startFilter: state.modal = .filter(TextField(state.filter))
        case .cycleSort:
            state.sort = state.sort.next
            state.message = StatusMessage("Sorted by " + state.sort.rawValue)
        case .approve, .reject:
            // Rights are checked before a form opens, so a typed reason is never lost to a refusal.
            guard let item = selectedApproval(state) else {
                state.message = StatusMessage("Nothing here awaits a decision", isError: true)
                break
            }
            if case .mayNot(let reason)? = state.convoy(item.convoyID)?.right {
                state.message = StatusMessage(reason, isError: true)
            } else {
                state.modal = action == .approve ? .confirmApprove(item) : .reject(RejectForm(item: item))
            }
        case .reload:
            state.message = StatusMessage("Reloading…")
            return [.reload]
        case .help:
            push(.help, &state)
        case .quit:
            state.hasQuit = true
            return [.quit]
        default: break
        }
        return []
    }

    // MARK: Navigation

    static func rowCount(_ state: DashboardState) -> Int {
        switch state.route {
        case .convoys: return state.visibleConvoys.count
        case .approvals: return state.visibleApprovals.count
        case .convoy(let id): return state.convoy(id).map { state.visibleMolecules(in: $0).count } ?? 0
        case .molecule(let convoy, let id):
            return state.molecule(convoy: convoy, id: id).map { MoleculeView.contentLineCount($0, state: state) } ?? 0
        case .mail: return state.visibleMail.count
        case .reader(let ref): return state.document(ref)?.lines.count ?? 0
        case .help: return HelpView.lineCount
        case .board(let convoy): return BoardModel(state, convoy: convoy).teams.count
        case .boardCell(let convoy, let team, let phase):
            return BoardModel(state, convoy: convoy).molecules(team: team, phase: phase).count
        case .history(let scope): return state.visibleHistory(scope).count
        }
    }

    static func move(by delta: Int, _ state: inout DashboardState) {
        state.cursor = max(0, min(lastCursor(state), state.cursor + delta))
    }

    /// The last cursor position: the last row of a list; for the scrolling views (molecule,
    /// help), the top line that shows their last page.
    static func lastCursor(_ state: DashboardState) -> Int {
        let count = rowCount(state)
        switch state.route {
        case .molecule, .help, .reader: return max(0, count - state.pageRows)
        default: return max(0, count - 1)
        }
    }

    static func clampCursor(_ state: inout DashboardState) {
        if case .convoy(let id) = state.route, state.convoy(id) == nil { goToTop(&state) }
        if case .molecule(let convoy, let id) = state.route, state.molecule(convoy: convoy, id: id) == nil {
            goToTop(&state)
        }
        if case .reader(let ref) = state.route, state.document(ref) == nil { goToTop(&state) }
        let count = rowCount(state)
        if state.cursor >= count { state.cursor = max(0, count - 1) }
    }

    private static func goToTop(_ state: inout DashboardState) {
        state.place = Place(tab: .convoys, route: .convoys, backStack: [])
        state.message = StatusMessage("The item shown is gone from the workspace", isError: true)
    }

    static func open(_ state: inout DashboardState) -> [Effect] {
        switch state.route {
        case .convoys:
            let convoys = state.visibleConvoys
            guard state.cursor < convoys.count else { return [] }
            push(.convoy(convoys[state.cursor].id), &state)
        case .convoy(let id):
            guard let convoy = state.convoy(id) else { return [] }
            let molecules = state.visibleMolecules(in: convoy)
            guard state.cursor < molecules.count else { return [] }
            push(.molecule(convoy: id, molecule: molecules[state.cursor].id), &state)
        case .approvals:
            let items = state.visibleApprovals
            guard state.cursor < items.count else { return [] }
            push(.molecule(convoy: items[state.cursor].convoyID, molecule: items[state.cursor].moleculeID), &state)
        case .mail:
            let messages = state.visibleMail
            guard state.cursor < messages.count else { return [] }
            return openMessage(messages[state.cursor].id, &state)
        case .board(let convoy):
            let board = BoardModel(state, convoy: convoy)
            guard let (team, phase) = board.cell(row: state.cursor, column: state.boardColumn) else { return [] }
            push(.boardCell(convoy: convoy, team: team, phase: phase), &state)
        case .boardCell(let convoy, let team, let phase):
            let molecules = BoardModel(state, convoy: convoy).molecules(team: team, phase: phase)
            guard state.cursor < molecules.count else { return [] }
            push(.molecule(convoy: molecules[state.cursor].convoyID, molecule: molecules[state.cursor].id), &state)
        case .history(let scope):
            let entries = state.visibleHistory(scope)
            guard state.cursor < entries.count else { return [] }
            push(.molecule(convoy: entries[state.cursor].convoyID, molecule: entries[state.cursor].moleculeID), &state)
        case .molecule(let convoy, let id):
            guard let molecule = state.molecule(convoy: convoy, id: id),
                let ref = MoleculeView.marked(molecule, state: state).map(\.ref)
            else {
                state.message = StatusMessage(
                    "Nothing to open on this page (}: the next finding, mail or report)", isError: true)
                return []
            }
            if case .mail(let messageID) = ref { return openMessage(messageID, &state) }
            push(.reader(ref), &state)
        default: break
        }
        return []
    }

    /// Opens a message in the reader and marks it read at once; the store records it through the effect.
    static func openMessage(_ id: String, _ state: inout DashboardState) -> [Effect] {
        guard let index = state.snapshot.mail.firstIndex(where: { $0.id == id }) else { return [] }
        push(.reader(.mail(id)), &state)
        state.cursor = 0
        guard state.snapshot.mail[index].unread else { return [] }
        state.snapshot.mail[index].unread = false
        return [.markRead(id)]
    }

    /// n/p in a molecule: mark the next (previous) link after (before) the marked one, scrolling it into view.
    static func moveLink(forward: Bool, _ state: inout DashboardState) {
        guard case .molecule(let convoy, let id) = state.route, let molecule = state.molecule(convoy: convoy, id: id)
        else { return }
        let links = MoleculeView.linkLines(molecule, state: state)
        guard !links.isEmpty else {
            state.message = StatusMessage("No finding, mail or report on this molecule", isError: true)
            return
        }
        let here = MoleculeView.marked(molecule, state: state)?.line
        let target: Int
        if let here {
            target = forward ? (links.first { $0 > here } ?? here) : (links.last { $0 < here } ?? here)
        } else {
            target = forward ? (links.first { $0 >= state.cursor } ?? links[links.count - 1]) : links[0]
        }
        state.selectedLinks[state.route.memoryKey] = target
        let page = max(1, state.pageRows)
        if target < state.cursor { state.cursor = target }
        if target >= state.cursor + page { state.cursor = min(lastCursor(state), target - page + 1) }
    }

    /// The report the approve box shows (the one the store judges the approval by), else the latest.
    static func openDecisionReport(_ item: ApprovalItem, _ state: inout DashboardState) {
        guard let report = ReportPreviewView.report(for: item, in: state) else {
            openLatestReport(convoy: item.convoyID, molecule: item.moleculeID, &state)
            return
        }
        push(.reader(.report(convoy: item.convoyID, molecule: item.moleculeID, name: report.name)), &state)
        state.cursor = 0
    }

    static func openLatestReport(convoy: String, molecule: String, _ state: inout DashboardState) {
        guard let report = state.molecule(convoy: convoy, id: molecule)?.reports.last else {
            state.message = StatusMessage("No report rendered for \(molecule) (gastown report render)", isError: true)
            return
        }
        push(.reader(.report(convoy: convoy, molecule: molecule, name: report.name)), &state)
        state.cursor = 0
    }

    static func push(_ route: Route, _ state: inout DashboardState) {
        guard route != state.route else { return }
        state.backStack.append(state.route)
        state.route = route
    }

    static func goBack(_ state: inout DashboardState) {
        if let previous = state.backStack.popLast() { state.route = previous }
    }

    /// The checkpoint the a/r keys act on in the current view.
    static func selectedApproval(_ state: DashboardState) -> ApprovalItem? {
        switch state.route {
        case .approvals:
            let items = state.visibleApprovals
            return state.cursor < items.count ? items[state.cursor] : nil
        case .convoy(let id):
            guard let convoy = state.convoy(id) else { return nil }
            let molecules = state.visibleMolecules(in: convoy)
            guard state.cursor < molecules.count else { return nil }
            let molecule = molecules[state.cursor]
            return state.snapshot.approvals.first { $0.convoyID == id && $0.moleculeID == molecule.id }
        case .molecule(let convoy, let id):
            return state.snapshot.approvals.first { $0.convoyID == convoy && $0.moleculeID == id }
        default:
            return nil
        }
    }

    // MARK: Modals

    static func typeCharacter(_ character: Character, into state: inout DashboardState) {
        switch state.modal {
        case .filter(var field)?:
            field.insert(character)
            setFilter(field, &state)
        case .search(var field)?:
            field.insert(character)
            setSearch(field, &state)
        case .reject(var form)? where form.focus == .reason && !form.confirmingDiscard:
            form.reason.insert(character)
            state.modal = .reject(form)
        default: break
        }
    }

    private static func setFilter(_ field: TextField, _ state: inout DashboardState) {
        state.modal = .filter(field)
        state.filters[state.route.memoryKey] = field.text
        state.cursor = 0
    }

    static func handleFilter(_ action: Action, field: inout TextField, state: inout DashboardState) -> [Effect] {
        switch action {
        case .submit:
            state.modal = nil
        case .cancel:
            state.modal = nil
            state.filters[state.route.memoryKey] = nil
            state.cursor = 0
        default:
            if field.apply(action) { setFilter(field, &state) }
        }
        return []
    }

    static func handleReject(_ action: Action, form: inout RejectForm, state: inout DashboardState) -> [Effect] {
        switch action {
        case .cancel where form.confirmingDiscard:
            form.confirmingDiscard = false
        case .confirm where form.confirmingDiscard:
            state.modal = nil
            state.message = StatusMessage("Rejection cancelled; the reason was discarded")
            return []
        case _ where form.confirmingDiscard:
            break
        case .cancel:
            // A typed reason is not thrown away without asking.
            if !form.reason.text.trimmingCharacters(in: .whitespaces).isEmpty {
                form.confirmingDiscard = true
                break
            }
            state.modal = nil
            state.message = StatusMessage("Rejection cancelled")
            return []
        case .switchField:
            form.focus = form.focus == .reason ? .step : .reason
        case .pickPrevious:
            form.stepIndex = max(0, form.stepIndex - 1)
        case .viewReport:
            state.modal = nil
            openDecisionReport(form.item, &state)
            return []
        case .pickNext:
            form.stepIndex = min(max(0, form.item.returnCandidates.count - 1), form.stepIndex + 1)
        case .submit:
            let reason = form.reason.text.trimmingCharacters(in: .whitespaces)
            guard !reason.isEmpty else {
                form.focus = .reason
                state.modal = .reject(form)
                state.message = StatusMessage("A reason is required to reject", isError: true)
                return []
            }
            state.modal = nil
            state.pendingReject = form
            let item = form.item
            return [
                .reject(
                    DecisionRequest(
                        convoyID: item.convoyID, moleculeID: item.moleculeID, stepID: item.stepID,
                        checkpointID: item.checkpointID, reason: reason,
                        returnTo: form.returnStep))
            ]
        default:
            form.reason.apply(action)
        }
        state.modal = .reject(form)
        return []
    }
}
