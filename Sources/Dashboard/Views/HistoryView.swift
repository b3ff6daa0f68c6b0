import DisplayText
import Foundation
import Screen

/// The decision trail, newest first: when, its verification mark (signed and verified, unsigned, problem), who,
/// what, the molecule and the step a rejection returned to; the selected decision's reason and, for a record
/// that does not count, why, under the list.
enum HistoryView {
    static let detailRows = 4

    struct Columns {
        var reviewer: Int, checkpoint: Int, molecule: Int, returnStep: Int, reason: Int
        init(width: Int) {
            // Fixed: when 16, mark 10, decision 10; the rest shared, a reason column from 140 columns.
            let rest = max(28, width - 2 - 36 - 7)
            reason = width >= 140 ? rest * 2 / 5 : 0
            let shared = rest - reason - (reason > 0 ? 1 : 0)
            reviewer = shared * 5 / 20
            checkpoint = shared * 6 / 20
            molecule = shared * 6 / 20
            returnStep = shared - reviewer - checkpoint - molecule
        }
    }

    static func listRows(_ rows: Range<Int>) -> Range<Int> {
        (rows.lowerBound + 2)..<max(rows.lowerBound + 2, rows.upperBound - detailRows)
    }

    static func title(_ scope: HistoryScope) -> String {
        switch scope {
        case .all: return "History of every decision"
        case .convoy(let id): return "History of convoy " + id
        case .molecule(let convoy, let id): return "History of " + convoy + " › " + id
        }
    }

    static func draw(_ state: DashboardState, scope: HistoryScope, rows: Range<Int>, _ canvas: inout Canvas) {
        let entries = state.visibleHistory(scope)
        canvas.segments(
            [
                Segment(title(scope), .bold),
                Segment(
                    "  \(entries.count) decision\(entries.count == 1 ? "" : "s"), newest first", Style(role: .muted)),
            ], row: rows.lowerBound, column: 1)
        let columns = Columns(width: canvas.width)
        var head = [
            Field(text: "WHEN (UTC)", width: 16), Field(text: "MARK", width: 10),
            Field(text: "WHO", width: columns.reviewer),
            Field(text: "DECISION", width: 10), Field(text: "CHECKPOINT", width: columns.checkpoint),
            Field(text: "MOLECULE", width: columns.molecule), Field(text: "RETURN", width: columns.returnStep),
        ]
        if columns.reason > 0 { head.append(Field(text: "REASON", width: columns.reason)) }
        canvas.fields(
            head.map {
                var field = $0
                field.style = .bold
                return field
            }, row: rows.lowerBound + 1, column: 2)
        let list = listRows(rows)
        guard !entries.isEmpty else {
            let text =
                state.filter.isEmpty ? "No decisions yet." : "No decision matches the filter \"\(state.filter)\"."
            canvas.text(text, row: list.lowerBound + 1, column: 2, style: Style(role: .muted))
            return
        }
        let start = Dashboard.pageStart(cursor: state.cursor, visible: list.count)
        for (offset, row) in list.enumerated() {
            let index = start + offset
            guard index < entries.count else { break }
            let entry = entries[index]
            let decision = entry.decision
            var fields = [
                Field(text: Format.timestamp(decision.at), width: 16),
                Field(text: decision.mark.label, width: 10, style: markStyle(decision.mark)),
                Field(text: decision.reviewer, width: columns.reviewer, align: .middle),
                Field(
                    text: decision.approved ? "✓ approved" : "✗ rejected", width: 10,
                    style: Style(role: decision.approved ? .ok : .danger)),
                Field(text: decision.checkpointID, width: columns.checkpoint, align: .middle),
                Field(text: entry.moleculeID, width: columns.molecule, align: .middle, style: .bold),
                Field(text: decision.approved ? "" : "→ " + (decision.returnedTo ?? ""), width: columns.returnStep),
            ]
            if columns.reason > 0 { fields.append(Field(text: decision.reason ?? "", width: columns.reason)) }
            canvas.fields(fields, row: row, column: 2)
            if index == state.cursor { canvas.select(row: row) }
        }
        if state.cursor < entries.count { drawDetail(entries[state.cursor], rows: rows, &canvas) }
    }

    static func markStyle(_ mark: DecisionMark) -> Style {
        switch mark {
        case .signed: return Style(role: .ok)
        case .unsigned: return Style(role: .muted)
        case .problem: return Style(bold: true, role: .danger)
        }
    }

    /// The selected decision in full: its reason, where it belongs, and why it does not count when it does not.
    static func drawDetail(_ entry: HistoryEntry, rows: Range<Int>, _ canvas: inout Canvas) {
        let top = rows.upperBound - detailRows
        let decision = entry.decision
        canvas.text(
            "── decision " + String(repeating: "─", count: max(0, canvas.width - 13)), row: top, column: 0,
            style: Style(role: .muted))
        canvas.text("reason: " + (decision.reason.map { $0.isEmpty ? "—" : $0 } ?? "—"), row: top + 1, column: 2)
        var place = "convoy " + entry.convoyID + " · molecule " + entry.moleculeID + " · step " + decision.stepID
        if !decision.approved, let to = decision.returnedTo { place += " · returned to " + to }
        canvas.text(place, row: top + 2, column: 2, style: Style(role: .muted))
        switch decision.mark {
        case .signed:
            canvas.text("✓ signed and verified: it counts", row: top + 3, column: 2, style: Style(role: .ok))
        case .unsigned:
            canvas.text("· unsigned (an unsigned workspace): it counts", row: top + 3, column: 2, style: .plain)
        case .problem(let why):
            canvas.text("✗ does not count: " + why, row: top + 3, column: 2, style: Style(bold: true, role: .danger))
        }
    }
}
