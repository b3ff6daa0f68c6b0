import Foundation
import Screen

/// Every checkpoint awaiting a decision across convoys, oldest first, with the selected one's context.
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

    static let contextRows = 5

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
        let listRows = (rows.lowerBound + 1)..<(rows.upperBound - contextRows)
        let items = state.visibleApprovals
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
            canvas.fields(
                [
                    Field(
                        text: Format.age(item.since, now: now), width: 7, align: .right, style: Style(role: .warning)),
                    Field(text: item.convoyID, width: columns.convoy),
                    Field(text: item.moleculeID, width: columns.molecule, style: .bold),
                    Field(text: item.checkpointID, width: columns.checkpoint),
                    Field(text: item.team, width: 12),
                ], row: row, column: 2)
            if index == state.cursor { canvas.select(row: row) }
        }
        if state.cursor < items.count {
            drawContext(items[state.cursor], rows: (rows.upperBound - contextRows)..<rows.upperBound, &canvas)
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
    }
}
