import DisplayText
import Foundation
import Screen

/// Teams × phases: each cell counts the molecules of a team at a phase, `◆n` awaiting and `✗n` blocked among
/// them; the selected cell is in reverse video and named under the grid, so it reads without colour.
enum BoardView {
    static let teamWidth = 20

    /// Each phase column's width: its name or widest cell, and room around it.
    static func columnWidth(_ board: BoardModel, phase: String) -> Int {
        let widest = board.teams.map { DisplayWidth.of(BoardModel.text(board.cell(team: $0, phase: phase))) }.max() ?? 1
        return max(8, DisplayWidth.of(phase), widest) + 2
    }

    /// The first phase column shown: the selected one always fits.
    static func firstColumn(_ board: BoardModel, selected: Int, room: Int) -> Int {
        var first = 0
        while first < selected {
            let used = board.phases[first...selected].reduce(0) { $0 + columnWidth(board, phase: $1) }
            if used <= room { break }
            first += 1
        }
        return first
    }

    /// The rows of the team list (under the scope line and the column heads, above the cell summary).
    static func listRows(_ rows: Range<Int>) -> Range<Int> {
        (rows.lowerBound + 2)..<max(rows.lowerBound + 2, rows.upperBound - 3)
    }

    /// Where each phase column is drawn, for the render and for mouse clicks.
    static func columns(_ board: BoardModel, selected: Int, width: Int) -> [(index: Int, columns: Range<Int>)] {
        let room = width - 2 - teamWidth - 1
        let first = firstColumn(board, selected: selected, room: room)
        var x = 2 + teamWidth + 1
        var result: [(index: Int, columns: Range<Int>)] = []
        for index in first..<board.phases.count {
            let w = columnWidth(board, phase: board.phases[index])
            if x + w > width { break }
            result.append((index, x..<(x + w)))
            x += w
        }
        return result
    }

    static func draw(_ state: DashboardState, convoy: String?, rows: Range<Int>, _ canvas: inout Canvas) {
        let board = BoardModel(state, convoy: convoy)
        let scope =
            convoy.map { id in "Board of " + (state.convoy(id).map { $0.title.isEmpty ? id : $0.title } ?? id) }
            ?? "Board of every convoy"
        let total = board.teams.reduce(0) { sum, team in
            sum + board.phases.reduce(0) { $0 + board.cell(team: team, phase: $1).count }
        }
        canvas.segments(
            [Segment(scope, .bold), Segment("  \(total) molecules · teams × phases", Style(role: .muted))],
            row: rows.lowerBound, column: 1)
        guard !board.teams.isEmpty else {
            canvas.text("No molecules yet.", row: rows.lowerBound + 2, column: 2, style: Style(role: .muted))
            return
        }
        let selectedColumn = min(state.boardColumn, board.phases.count - 1)
        let shown = columns(board, selected: selectedColumn, width: canvas.width)
        canvas.text("TEAM", row: rows.lowerBound + 1, column: 2, style: .bold)
        for (index, columns) in shown {
            canvas.text(board.phases[index], row: rows.lowerBound + 1, column: columns.lowerBound, style: .bold)
        }
        if let last = shown.last, last.index < board.phases.count - 1 {
            canvas.text("…", row: rows.lowerBound + 1, column: canvas.width - 1, style: .bold)
        }
        let list = listRows(rows)
        let start = Dashboard.pageStart(cursor: state.cursor, visible: list.count)
        for (offset, row) in list.enumerated() {
            let index = start + offset
            guard index < board.teams.count else { break }
            let team = board.teams[index]
            canvas.text(TextLayout.truncateMiddle(team, to: teamWidth), row: row, column: 2, style: .bold)
            for (phaseIndex, columns) in shown {
                let cell = board.cell(team: team, phase: board.phases[phaseIndex])
                let style: Style =
                    cell.blocked > 0
                    ? Style(bold: true, role: .danger)
                    : cell.awaiting > 0
                        ? Style(bold: true, role: .warning) : cell.count == 0 ? Style(role: .muted) : .plain
                let selected = index == state.cursor && phaseIndex == selectedColumn
                canvas.text(
                    BoardModel.text(cell), row: row, column: columns.lowerBound,
                    style: selected ? style.reversed() : style,
                    limit: columns.count - 1)
            }
            if index == state.cursor { canvas.text("›", row: row, column: 0, style: .bold) }
        }
        if let (team, phase) = board.cell(row: state.cursor, column: selectedColumn) {
            let cell = board.cell(team: team, phase: phase)
            canvas.text(
                "── " + team + " × " + phase + ": \(cell.count) molecule\(cell.count == 1 ? "" : "s"), "
                    + "\(cell.awaiting) awaiting, \(cell.blocked) blocked"
                    + (cell.count > 0 ? " · Enter lists them" : ""),
                row: rows.upperBound - 2, column: 0, style: .bold)
        }
        canvas.text(
            "n molecules at the phase · ◆n awaiting a decision · ✗n blocked · phase: the step's kind, else its id",
            row: rows.upperBound - 1, column: 2, style: Style(role: .muted))
    }
}

/// The molecules of one Board cell, whichever convoy they are in.
enum BoardCellView {
    static func listRows(_ rows: Range<Int>) -> Range<Int> {
        (rows.lowerBound + 2)..<max(rows.lowerBound + 2, rows.upperBound)
    }

    static func draw(
        _ state: DashboardState, convoy: String?, team: String, phase: String, now: Date, rows: Range<Int>,
        _ canvas: inout Canvas
    ) {
        let molecules = BoardModel(state, convoy: convoy).molecules(team: team, phase: phase)
        canvas.segments(
            [
                Segment(team + " × " + phase, .bold),
                Segment("  \(molecules.count) molecule\(molecules.count == 1 ? "" : "s")", Style(role: .muted)),
            ], row: rows.lowerBound, column: 1)
        let convoyWidth = max(10, (canvas.width - 40) * 2 / 5)
        let moleculeWidth = max(10, canvas.width - 40 - convoyWidth)
        canvas.fields(
            [
                Field(text: "CONVOY", width: convoyWidth, style: .bold),
                Field(text: "MOLECULE", width: moleculeWidth, style: .bold),
                Field(text: "STATE", width: 9, style: .bold), Field(text: "STEP", width: 16, style: .bold),
                Field(text: "LAST", width: 8, align: .right, style: .bold),
            ], row: rows.lowerBound + 1, column: 2)
        let list = listRows(rows)
        let start = Dashboard.pageStart(cursor: state.cursor, visible: list.count)
        for (offset, row) in list.enumerated() {
            let index = start + offset
            guard index < molecules.count else { break }
            let molecule = molecules[index]
            let step = molecule.currentStepIndices.first.map { molecule.steps[$0].id } ?? ""
            canvas.fields(
                [
                    Field(text: molecule.convoyID, width: convoyWidth, align: .middle),
                    Field(text: molecule.id, width: moleculeWidth, align: .middle, style: .bold),
                    Field(text: molecule.overall.label, width: 9, style: Style(role: Glyph.role(molecule.overall))),
                    Field(text: step, width: 16, align: .middle),
                    Field(text: Format.ago(molecule.lastActivity, now: now), width: 8, align: .right),
                ], row: row, column: 2)
            if index == state.cursor { canvas.select(row: row) }
        }
    }
}
