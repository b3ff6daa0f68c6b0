import DisplayText
import Screen

/// The reject dialog drawn over the view: the reason field and the step picker.
enum RejectFormView {
    static let height = 6

    static func draw(_ form: RejectForm, rows: Range<Int>, _ canvas: inout Canvas) {
        let width = min(canvas.width - 4, 72)
        let left = (canvas.width - width) / 2
        let top = max(rows.lowerBound, rows.lowerBound + (rows.count - height) / 2)
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
        let reasonLabel = "Reason:    "
        canvas.text(
            reasonLabel, row: top + 2, column: inner, style: Style(bold: form.focus == .reason), limit: innerWidth)
        if form.focus == .reason {
            FieldView.draw(form.reason, row: top + 2, column: inner + 11, width: innerWidth - 11, &canvas)
        } else {
            canvas.text(form.reason.text, row: top + 2, column: inner + 11, limit: innerWidth - 11)
        }
        canvas.text(
            "Return to: ", row: top + 3, column: inner, style: Style(bold: form.focus == .step), limit: innerWidth)
        let picker = "‹ " + form.returnStep + " ›"
        canvas.text(
            picker, row: top + 3, column: inner + 11,
            style: form.focus == .step ? .reverse : .plain, limit: innerWidth - 11)
        if form.returnStep == form.item.onReject {
            canvas.text(
                " (formula default)", row: top + 3, column: inner + 11 + DisplayWidth.of(picker),
                style: Style(role: .muted), limit: max(0, innerWidth - 11 - DisplayWidth.of(picker)))
        }
    }
}
