import Screen

/// Mouse events (ncurses decodes them; the terminal reports SGR 1006): a click selects, a double click opens, the
/// wheel scrolls, a click on a tab switches to it. Hit-testing uses the same geometry the views draw with, so it is
/// pure and tested in-process.
extension Dashboard {
    static let wheelStep = 3

    static func handleMouse(_ event: MouseEvent, in state: inout DashboardState) -> [Effect] {
        guard state.modal == nil, state.route != .help || event.kind != .click else { return [] }
        let before = state.place
        var effects: [Effect] = []
        switch event.kind {
        case .wheelUp: move(by: -wheelStep, &state)
        case .wheelDown: move(by: wheelStep, &state)
        case .click, .doubleClick:
            state.message = nil
            effects = click(event, &state)
        }
        if state.place != before { recordPlace(&state) }
        return effects
    }

    private static func click(_ event: MouseEvent, _ state: inout DashboardState) -> [Effect] {
        if event.row == 0 {
            if let tab = tabs(state, now: .distantPast).first(where: { $0.columns.contains(event.column) })?.tab {
                switchTab(to: tab, &state)
            }
            return []
        }
        let body = 1..<max(1, state.screenHeight - 2)
        guard body.contains(event.row) else { return [] }
        let panes = PaneLayout.panes(state, width: state.screenWidth)
        guard let pane = panes.first(where: { $0.columns.contains(event.column) }) else { return [] }
        if !pane.focused { focus(pane.route, &state) }
        let column = event.column - pane.columns.lowerBound
        guard select(row: event.row, column: column, width: pane.columns.count, rows: body, &state) else { return [] }
        return event.kind == .doubleClick ? open(&state) : []
    }

    /// Makes a side pane the focused one: the Approvals pane switches tabs, a pane up the path goes back to it,
    /// the detail pane opens.
    private static func focus(_ route: Route, _ state: inout DashboardState) {
        if route == .approvals {
            switchTab(to: .approvals, &state)
        } else if let index = state.backStack.lastIndex(of: route) {
            state.backStack.removeSubrange(index...)
            state.route = route
        } else {
            push(route, &state)
        }
    }

    /// Selects what is drawn at a row (and, on the Board, a column) of the current view; false when nothing is.
    static func select(row: Int, column: Int, width: Int, rows: Range<Int>, _ state: inout DashboardState) -> Bool {
        let list: Range<Int>
        switch state.route {
        case .convoys: list = ConvoysView.listRows(state, rows: rows)
        case .convoy: list = ConvoyView.listRows(rows)
        case .approvals: list = ApprovalsView.listRows(state, rows: rows)
        case .mail: list = MailListView.listRows(rows)
        case .board: list = BoardView.listRows(rows)
        case .boardCell: list = BoardCellView.listRows(rows)
        case .history: list = HistoryView.listRows(rows)
        case .molecule(let convoy, let id):
            // A click on a finding, test list, mail or report marks it (a double click opens it).
            let line = state.cursor + row - (rows.lowerBound + 1)
            guard row > rows.lowerBound, let molecule = state.molecule(convoy: convoy, id: id),
                MoleculeView.linkLines(molecule, state: state).contains(line)
            else { return false }
            state.selectedLinks[state.route.memoryKey] = line
            return true
        case .reader, .help: return false
        }
        guard list.contains(row) else { return false }
        let index = pageStart(cursor: state.cursor, visible: list.count) + row - list.lowerBound
        guard index < rowCount(state) else { return false }
        state.cursor = index
        if case .board(let convoy) = state.route {
            let board = BoardModel(state, convoy: convoy)
            let columns = BoardView.columns(
                board, selected: min(state.boardColumn, max(0, board.phases.count - 1)), width: width)
            if let hit = columns.first(where: { $0.columns.contains(column) }) { state.boardColumn = hit.index }
        }
        return true
    }
}
