import Foundation
import Screen

/// Every checkpoint awaiting a decision across convoys, oldest first, with the selected one's context. A
/// molecule whose audit trail does not verify is marked `!` in red, and its context names the problem.
enum ApprovalsView {
    struct Columns {
        var convoy: Int, molecule: Int, checkpoint: Int
        init(width: Int) {
            let rest = max(12, width - 25)
            convoy = rest / 4
            molecule = rest * 2 / 5
            checkpoint = rest - convoy - molecule
        }
    }

    /// The context under the list: 5 rows, and one more naming what is wrong when something is.
    static func contextRows(_ item: ApprovalItem?) -> Int {
        guard let item else { return 5 }
        return item.trailProblems.isEmpty && item.blockers.isEmpty ? 5 : 6
    }

    /// The checkpoint rows: under the column heads, above the selected one's context.
    static func listRows(_ state: DashboardState, rows: Range<Int>) -> Range<Int> {
        let items = state.visibleApprovals
        let selected = state.cursor < items.count ? items[state.cursor] : nil
        return (rows.lowerBound + 1)..<max(rows.lowerBound + 1, rows.upperBound - contextRows(selected))
    }

    static func draw(_ state: DashboardState, now: Date, rows: Range<Int>, _ canvas: inout Canvas) {
        let columns = Columns(width: canvas.width)
        canvas.fields(
            [
                Field(text: "WAITING", width: 7, align: .right), Field(text: "CONVOY", width: columns.convoy),
                Field(text: "MOLECULE", width: columns.molecule), Field(text: "CHECKPOINT", width: columns.checkpoint),
                Field(text: "TEAM", width: 12),
            ].map {
                var f = $0
                f.style = .bold
                return f
            }, row: rows.lowerBound, column: 2)
        let items = state.visibleApprovals
        let selected = state.cursor < items.count ? items[state.cursor] : nil
        let contextRows = contextRows(selected)
        let listRows = self.listRows(state, rows: rows)
        if items.isEmpty {
            let text =
                state.snapshot.approvals.isEmpty
                ? "No checkpoint awaits a decision."
                : "No checkpoint matches the filter \"\(state.filter)\"."
            canvas.text(text, row: listRows.lowerBound + 1, column: 2, style: Style(role: .muted))
            return
        }
        let start = Dashboard.pageStart(cursor: state.cursor, visible: listRows.count)
        for (offset, row) in listRows.enumerated() {
            let index = start + offset
            guard index < items.count else { break }
            let item = items[index]
            let untrusted = !item.trailProblems.isEmpty
            canvas.fields(
                [
                    Field(
                        text: Format.age(item.since, now: now), width: 7, align: .right, style: Style(role: .warning)),
                    Field(text: item.convoyID, width: columns.convoy, align: .middle),
                    Field(
                        text: item.moleculeID, width: columns.molecule, align: .middle,
                        style: untrusted ? Style(bold: true, role: .danger) : .bold),
                    Field(text: item.checkpointID, width: columns.checkpoint, align: .middle),
                    Field(text: item.team, width: 12),
                ], row: row, column: 2)
            if untrusted { canvas.text("!", row: row, column: 1, style: Style(bold: true, role: .danger)) }
            if index == state.cursor { canvas.select(row: row) }
        }
        if let selected {
            drawContext(selected, rows: (rows.upperBound - contextRows)..<rows.upperBound, &canvas)
        }
    }

    static func drawContext(_ item: ApprovalItem, rows: Range<Int>, _ canvas: inout Canvas) {
        let ruleWidth = max(0, canvas.width - 12)
        canvas.text(
            "── context " + String(repeating: "─", count: ruleWidth), row: rows.lowerBound, column: 0,
            style: Style(role: .muted))
        let step =
            "step " + item.stepID + (item.stepTitle.isEmpty ? "" : " — " + item.stepTitle)
            + " · on reject → " + item.onReject
        canvas.text(step, row: rows.lowerBound + 1, column: 2)
        canvas.text(
            item.prompt.isEmpty ? "(no prompt)" : "“" + item.prompt + "”", row: rows.lowerBound + 2, column: 2,
            style: .bold)
        let gates =
            item.gates.isEmpty
            ? "gates: none recorded for this step"
            : "gates: "
                + item.gates.map { ($0.passed ? "✓ " : "✗ ") + $0.gateID + " " + $0.summary }
                .joined(separator: " · ")
        canvas.text(gates, row: rows.lowerBound + 3, column: 2)
        canvas.text(
            "convoy " + item.convoyTitle + " · since " + (item.since.map(Format.timestamp) ?? "—") + " UTC",
            row: rows.lowerBound + 4, column: 2, style: Style(role: .muted))
        if let problem = item.trailProblems.first {
            canvas.text(
                "✗ audit trail does not verify: " + problem, row: rows.lowerBound + 5, column: 2,
                style: Style(bold: true, role: .danger))
        } else if !item.blockers.isEmpty {
            canvas.text(
                "✗ an approval is refused: " + item.blockers.joined(separator: "; "), row: rows.lowerBound + 5,
                column: 2, style: Style(bold: true, role: .danger))
        }
    }
}
