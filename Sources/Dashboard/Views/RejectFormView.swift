import DisplayText
import Screen

/// The reject dialog drawn over the view: the reason field, then every step a rejection may return to as a
/// list (the checkpoint's step and those before it), the formula's `on_reject` marked.
enum RejectFormView {
    /// Border, molecule line, reason, the "Return to" label, border: the list goes between.
    static let frameRows = 5

    /// The rows the step list takes: every candidate when the screen allows, else a scrolling window.
    static func listRows(_ form: RejectForm, available: Int) -> Int {
        max(1, min(max(1, form.item.returnCandidates.count), available - frameRows))
    }

    static func height(_ form: RejectForm, available: Int) -> Int { frameRows + listRows(form, available: available) }

    /// Centred in `rows`, or at their top (right under a report's box).
    static func draw(_ form: RejectForm, rows: Range<Int>, centred: Bool = true, _ canvas: inout Canvas) {
        let height = min(rows.count, self.height(form, available: rows.count))
        let width = min(canvas.width - 4, 72)
        let left = (canvas.width - width) / 2
        let top = centred ? max(rows.lowerBound, rows.lowerBound + (rows.count - height) / 2) : rows.lowerBound
        for row in top..<min(top + height, rows.upperBound) {
            canvas.screen.fill(row: row, from: left, to: left + width, style: .plain)
        }
        let title = " Reject " + form.item.checkpointID + " "
        let border = Style(bold: true, role: .danger)
        canvas.text("┌" + String(repeating: "─", count: width - 2) + "┐", row: top, column: left, style: border)
        canvas.text(title, row: top, column: left + 2, style: border, limit: width - 4)
        for row in (top + 1)..<(top + height - 1) {
            canvas.text("│", row: row, column: left, style: border)
            canvas.text("│", row: row, column: left + width - 1, style: border)
        }
        canvas.text(
            "└" + String(repeating: "─", count: width - 2) + "┘", row: top + height - 1, column: left,
            style: border)
        let inner = left + 2
        let innerWidth = width - 4
        canvas.text(
            form.item.moleculeID + " · step " + form.item.stepID, row: top + 1, column: inner,
            style: Style(role: .muted), limit: innerWidth)
        canvas.text(
            "Reason:    ", row: top + 2, column: inner, style: Style(bold: form.focus == .reason), limit: innerWidth)
        if form.focus == .reason && !form.confirmingDiscard {
            FieldView.draw(form.reason, row: top + 2, column: inner + 11, width: innerWidth - 11, &canvas)
        } else {
            canvas.text(form.reason.text, row: top + 2, column: inner + 11, limit: innerWidth - 11)
        }
        canvas.text(
            "Return to: " + (form.focus == .step ? "(↑/↓ pick, Enter sends)" : "(Tab to pick)"), row: top + 3,
            column: inner, style: Style(bold: form.focus == .step), limit: innerWidth)
        drawSteps(form, rows: (top + 4)..<(top + height - 1), column: inner + 2, width: innerWidth - 2, &canvas)
    }

    /// The candidates, `›` before the chosen one (in reverse video while the list has the focus).
    static func drawSteps(_ form: RejectForm, rows: Range<Int>, column: Int, width: Int, _ canvas: inout Canvas) {
        let steps = form.item.returnCandidates.isEmpty ? [form.item.onReject] : form.item.returnCandidates
        let start = Dashboard.pageStart(cursor: form.stepIndex, visible: rows.count)
        for (offset, row) in rows.enumerated() {
            let index = start + offset
            guard index < steps.count else { break }
            let chosen = index == form.stepIndex
            var text = (chosen ? "› " : "  ") + steps[index]
            if steps[index] == form.item.onReject { text += "  (on_reject: the formula's default)" }
            if steps[index] == form.item.stepID { text += "  (this checkpoint's step)" }
            canvas.text(
                text, row: row, column: column,
                style: chosen && form.focus == .step ? .reverse : chosen ? .bold : .plain,
                limit: width)
        }
        if start > 0 { canvas.text("↑", row: rows.lowerBound, column: column + width - 1, style: .dim) }
        if start + rows.count < steps.count {
            canvas.text("↓", row: rows.upperBound - 1, column: column + width - 1, style: .dim)
        }
    }
}
