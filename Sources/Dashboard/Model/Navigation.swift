import Foundation

/// Keep-your-place navigation: tabs that remember where they were left, and the list of places visited that
/// Ctrl-O / `[` and `]` walk (as vim's jump list). Selection and scroll are kept per view in `cursors`.
extension Dashboard {
    /// How many places the list keeps.
    static let jumpLimit = 100

    /// Adds the current place after the one the reviewer is at (dropping the places ahead, as vim does).
    static func recordPlace(_ state: inout DashboardState) {
        let place = state.place
        if state.jumpIndex < state.jumps.count, state.jumps[state.jumpIndex] == place { return }
        state.jumps = Array(state.jumps.prefix(state.jumpIndex + 1)) + [place]
        if state.jumps.count > jumpLimit { state.jumps.removeFirst(state.jumps.count - jumpLimit) }
        state.jumpIndex = state.jumps.count - 1
    }

    /// Back (-1) or forward (+1) through the places visited, skipping places that are gone.
    static func jump(by step: Int, _ state: inout DashboardState) {
        var index = state.jumpIndex + step
        while index >= 0, index < state.jumps.count, !exists(state.jumps[index].route, in: state) {
            index += step
        }
        guard index >= 0, index < state.jumps.count else {
            state.message = StatusMessage(step < 0 ? "No earlier place" : "No later place")
            return
        }
        state.tabPlaces[state.tab] = state.place
        state.jumpIndex = index
        state.place = state.jumps[index]
    }

    /// Leaves the current tab (remembering where) for another, at the place it was left.
    static func switchTab(to tab: Tab, _ state: inout DashboardState) {
        guard tab != state.tab else { return }
        state.tabPlaces[state.tab] = state.place
        if let saved = state.tabPlaces[tab], exists(saved.route, in: state) {
            state.place = saved
        } else {
            state.place = Place(tab: tab, route: tab.root, backStack: [])
        }
    }

    /// Opens a view in another tab (Board, History), where Esc comes back up the same way.
    static func open(_ route: Route, inTab tab: Tab, _ state: inout DashboardState) {
        if tab == state.tab {
            push(route, &state)
            return
        }
        state.tabPlaces[state.tab] = state.place
        state.place = Place(tab: tab, route: route, backStack: [])
    }

    /// Whether a route still shows something (a molecule or convoy may be gone since).
    static func exists(_ route: Route, in state: DashboardState) -> Bool {
        switch route {
        case .convoy(let id), .board(let id?), .history(.convoy(let id)): return state.convoy(id) != nil
        case .boardCell(let id?, _, _): return state.convoy(id) != nil
        case .molecule(let convoy, let id), .history(.molecule(let convoy, let id)):
            return state.molecule(convoy: convoy, id: id) != nil
        case .reader(let ref): return state.document(ref) != nil
        default: return true
        }
    }

    /// `b`: the Board of the convoy being looked at, else of every convoy.
    static func openBoard(_ state: inout DashboardState) {
        switch state.route {
        case .convoy(let id), .molecule(let id, _): open(.board(convoy: id), inTab: .board, &state)
        default: open(.board(convoy: nil), inTab: .board, &state)
        }
    }

    /// `H`: the decisions of the molecule or convoy being looked at, else of everything.
    static func openHistory(_ state: inout DashboardState) {
        switch state.route {
        case .molecule(let convoy, let id):
            open(.history(.molecule(convoy: convoy, molecule: id)), inTab: .history, &state)
        case .convoy(let id): open(.history(.convoy(id)), inTab: .history, &state)
        default: open(.history(.all), inTab: .history, &state)
        }
    }

    static func moveBoardColumn(by delta: Int, _ state: inout DashboardState) {
        guard case .board(let convoy) = state.route else { return }
        let count = BoardModel(state, convoy: convoy).phases.count
        state.boardColumn = max(0, min(count - 1, state.boardColumn + delta))
    }

    /// The id `y` copies: the selected convoy, molecule, checkpoint (as `MOLECULE CHECKPOINT`, what
    /// `gastown checkpoint approve` takes) or message.
    static func selectedID(_ state: DashboardState) -> String? {
        switch state.route {
        case .convoys:
            let convoys = state.visibleConvoys
            return state.cursor < convoys.count ? convoys[state.cursor].id : nil
        case .approvals:
            let items = state.visibleApprovals
            return state.cursor < items.count
                ? items[state.cursor].moleculeID + " " + items[state.cursor].checkpointID : nil
        case .mail:
            let messages = state.visibleMail
            return state.cursor < messages.count ? messages[state.cursor].id : nil
        default:
            return selectedMolecule(state)?.molecule
        }
    }

    /// The molecule the view is about or has selected.
    static func selectedMolecule(_ state: DashboardState) -> (convoy: String, molecule: String)? {
        switch state.route {
        case .molecule(let convoy, let id): return (convoy, id)
        case .convoy(let id):
            guard let convoy = state.convoy(id) else { return nil }
            let molecules = state.visibleMolecules(in: convoy)
            return state.cursor < molecules.count ? (id, molecules[state.cursor].id) : nil
        case .boardCell(let convoy, let team, let phase):
            let molecules = BoardModel(state, convoy: convoy).molecules(team: team, phase: phase)
            return state.cursor < molecules.count ? (molecules[state.cursor].convoyID, molecules[state.cursor].id) : nil
        case .history(let scope):
            let entries = state.visibleHistory(scope)
            return state.cursor < entries.count
                ? (entries[state.cursor].convoyID, entries[state.cursor].moleculeID) : nil
        case .approvals:
            let items = state.visibleApprovals
            return state.cursor < items.count ? (items[state.cursor].convoyID, items[state.cursor].moleculeID) : nil
        default: return nil
        }
    }

    /// `o`: the document being read, or the one › marks in a molecule, for `$PAGER`.
    static func pagerEffect(_ state: inout DashboardState) -> [Effect] {
        var ref: DocumentRef?
        switch state.route {
        case .reader(let shown): ref = shown
        case .molecule(let convoy, let id):
            ref = state.molecule(convoy: convoy, id: id).flatMap { MoleculeView.marked($0, state: state)?.ref }
        default: break
        }
        guard let ref, let document = state.document(ref) else {
            state.message = StatusMessage(
                "Nothing to open on this page (}: the next finding, mail or report)", isError: true)
            return []
        }
        return [.page(title: document.title, lines: document.lines)]
    }

    /// Flashes the Approvals tab (and rings with `--bell`) when a checkpoint the reviewer may decide starts
    /// awaiting. Nothing during the first load: everything is new then.
    static func noticeNewApprovals(at: Date, _ state: inout DashboardState) -> [Effect] {
        guard state.snapshot.loadingCount == 0 else { return [] }
        let mine = Set(state.myApprovals.map { $0.convoyID + "/" + $0.moleculeID + "/" + $0.checkpointID })
        defer { state.knownMine = mine }
        guard let known = state.knownMine, !mine.subtracting(known).isEmpty else { return [] }
        state.flashUntil = at.addingTimeInterval(flashSeconds)
        return state.bell ? [.bell] : []
    }

    static let flashSeconds: TimeInterval = 5
}

extension DashboardState {
    /// The Board's selected column.
    public var boardColumn: Int {
        get { boardColumns[route.memoryKey] ?? 0 }
        set { boardColumns[route.memoryKey] = newValue }
    }

    /// The window title: `gastown (N awaiting)`, N the checkpoints the reviewer may decide.
    public var windowTitle: String { "gastown (\(myApprovals.count) awaiting)" }
}
