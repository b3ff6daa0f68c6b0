import Foundation
import Screen

/// One row per convoy: title, teams, done/total with a bar, awaiting, blocked, invalid, ETA, last activity; a ✓
/// before the title where the dashboard's reviewer may decide.
enum ConvoysView {
    static let barWidth = 10

    struct Columns {
        var title: Int
        var teams: Int
        init(width: Int) {
            // Fixed columns: marker 2, done 7, bar 10, wait 4, blk 3, inv 3, eta 6, last 8, and separators.
            let rest = max(10, width - 52)
            title = rest * 3 / 5
            teams = rest - title
        }
    }

    /// The convoy rows: under the column heads, above the rows of files that did not load.
    static func listRows(_ state: DashboardState, rows: Range<Int>) -> Range<Int> {
        let errors = state.snapshot.errors
        let listRows = (rows.lowerBound + 1)..<rows.upperBound
        let errorRows = errors.isEmpty ? 0 : min(errors.count + 1, max(2, listRows.count / 3))
        return listRows.lowerBound..<(listRows.upperBound - errorRows)
    }

    static func draw(_ state: DashboardState, now: Date, rows: Range<Int>, _ canvas: inout Canvas) {
        let columns = Columns(width: canvas.width)
        canvas.fields(
            [
                Field(text: "CONVOY", width: columns.title), Field(text: "TEAMS", width: columns.teams),
                Field(text: "DONE", width: 7, align: .right), Field(text: "PROGRESS", width: barWidth),
                Field(text: "WAIT", width: 4, align: .right), Field(text: "BLK", width: 3, align: .right),
                Field(text: "INV", width: 3, align: .right), Field(text: "ETA", width: 6, align: .right),
                Field(text: "LAST", width: 8, align: .right),
            ].map {
                var f = $0
                f.style = .bold
                return f
            }, row: rows.lowerBound, column: 2)

        let errors = state.snapshot.errors
        let listRows = (rows.lowerBound + 1)..<rows.upperBound
        let convoyRows = self.listRows(state, rows: rows)
        let errorRows = listRows.count - convoyRows.count
        let convoys = state.visibleConvoys

        if convoys.isEmpty {
            let text =
                state.loadedAt == nil
                ? ["Loading the workspace…"]
                : state.snapshot.convoys.isEmpty
                    ? ["No convoys in this workspace yet.", "`gastown demo` opens a sample workspace."]
                    : ["No convoy matches the filter \"\(state.filter)\"."]
            for (offset, line) in text.enumerated() where convoyRows.lowerBound + 1 + offset < convoyRows.upperBound {
                canvas.text(line, row: convoyRows.lowerBound + 1 + offset, column: 2, style: Style(role: .muted))
            }
        } else {
            let start = Dashboard.pageStart(cursor: state.cursor, visible: convoyRows.count)
            for (offset, row) in convoyRows.enumerated() {
                let index = start + offset
                guard index < convoys.count else { break }
                drawRow(convoys[index], columns: columns, now: now, row: row, &canvas)
                // ✓: the dashboard's reviewer may decide this convoy's checkpoints.
                if convoys[index].right == .may { canvas.text("✓", row: row, column: 1, style: Style(role: .ok)) }
                if index == state.cursor { canvas.select(row: row) }
            }
        }
        drawErrors(errors, rows: (listRows.upperBound - errorRows)..<listRows.upperBound, &canvas)
    }

    static func drawRow(_ convoy: ConvoySnapshot, columns: Columns, now: Date, row: Int, _ canvas: inout Canvas) {
        if convoy.isLoading { return drawLoadingRow(convoy, columns: columns, row: row, &canvas) }
        let total = convoy.molecules.count
        let filled = total == 0 ? 0 : convoy.doneCount * barWidth / total
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: barWidth - filled)
        let finished = total > 0 && convoy.doneCount == total
        canvas.fields(
            [
                Field(text: convoy.title.isEmpty ? convoy.id : convoy.title, width: columns.title, style: .bold),
                Field(text: convoy.teams.joined(separator: ", "), width: columns.teams),
                Field(text: "\(convoy.doneCount)/\(total)", width: 7, align: .right),
                Field(text: bar, width: barWidth, style: Style(role: finished ? .ok : .info)),
                Field(
                    text: "\(convoy.awaitingCount)", width: 4, align: .right,
                    style: convoy.awaitingCount > 0 ? Style(bold: true, role: .warning) : Style(role: .muted)),
                Field(
                    text: "\(convoy.blockedCount)", width: 3, align: .right,
                    style: convoy.blockedCount > 0 ? Style(bold: true, role: .danger) : Style(role: .muted)),
                Field(
                    text: "\(convoy.invalidCount)", width: 3, align: .right,
                    style: convoy.invalidCount > 0 ? Style(bold: true, role: .danger) : Style(role: .muted)),
                Field(text: finished ? "done" : convoy.remaining.map(Format.duration) ?? "—", width: 6, align: .right),
                Field(text: Format.ago(convoy.lastActivity, now: now), width: 8, align: .right),
            ], row: row, column: 2)
    }

    /// A convoy whose molecules are still loading: its title and teams, a marker for the counts.
    static func drawLoadingRow(_ convoy: ConvoySnapshot, columns: Columns, row: Int, _ canvas: inout Canvas) {
        let muted = Style(role: .muted)
        canvas.fields(
            [
                Field(text: convoy.title.isEmpty ? convoy.id : convoy.title, width: columns.title, style: .bold),
                Field(text: convoy.teams.joined(separator: ", "), width: columns.teams),
                Field(text: "…", width: 7, align: .right, style: muted),
                Field(text: "loading…", width: barWidth, style: muted),
                Field(text: "…", width: 4, align: .right, style: muted),
                Field(text: "…", width: 3, align: .right, style: muted),
                Field(text: "…", width: 3, align: .right, style: muted),
                Field(text: "…", width: 6, align: .right, style: muted),
                Field(text: "…", width: 8, align: .right, style: muted),
            ], row: row, column: 2)
    }

    /// Files that failed to load, one row each with the loader's message.
    static func drawErrors(_ errors: [LoadProblem], rows: Range<Int>, _ canvas: inout Canvas) {
        guard !errors.isEmpty, rows.count > 0 else { return }
        let style = Style(role: .danger)
        canvas.text(
            "\(errors.count) file\(errors.count == 1 ? "" : "s") did not load:", row: rows.lowerBound,
            column: 0, style: style.bolded())
        let shown = rows.count - 1
        for (offset, error) in errors.prefix(shown).enumerated() {
            let last = offset == shown - 1 && errors.count > shown
            let text =
                last
                ? "… and \(errors.count - shown + 1) more"
                : error.message.hasPrefix(error.file) ? error.message : error.file + ": " + error.message
            canvas.text("✗ " + text, row: rows.lowerBound + 1 + offset, column: 2, style: style)
        }
    }
}
