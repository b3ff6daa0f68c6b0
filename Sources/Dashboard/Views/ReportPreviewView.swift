import Core
/// Beside a compliance checkpoint's decision (approve confirmation, reject form): the first lines of
/// the molecule's latest report, so the reviewer decides with it in view.
enum ReportPreviewView {
    static let previewLines = 5

    /// The latest report when the item is a compliance checkpoint and a report exists.
    static func report(for item: ApprovalItem, in state: DashboardState) -> ReportSnapshot? {
        guard isCompliance(item) else { return nil }
        return state.molecule(convoy: item.convoyID, id: item.moleculeID)?.reports.last
    }

    static func isCompliance(_ item: ApprovalItem) -> Bool {
        item.checkpointID.localizedCaseInsensitiveContains("compliance")
            || item.stepID.localizedCaseInsensitiveContains("compliance")
    }

    /// Drawn at the top of the body, above the dialog or the confirmation line.
    static func draw(_ report: ReportSnapshot, rows: Range<Int>, _ canvas: inout Canvas) {
        let text = DocumentText.lines(report.text).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        let height = min(previewLines + 2, rows.count)
        guard height >= 3 else { return }
        for row in rows.lowerBound..<(rows.lowerBound + height) { canvas.screen.fill(row: row, from: 0, to: canvas.width, style: .plain) }
        let border = Style(bold: true, role: .info)
        let top = "┌ latest report: " + TerminalText.sanitizeLine(report.name) + " "
        canvas.text(top + String(repeating: "─", count: max(0, canvas.width - DisplayWidth.of(top))), row: rows.lowerBound,
                    column: 0, style: border)
        for (offset, line) in text.prefix(height - 2).enumerated() {
            canvas.text("│ " + line, row: rows.lowerBound + 1 + offset, column: 0, limit: canvas.width)
        }
        canvas.text("└ v view report " + String(repeating: "─", count: max(0, canvas.width - 16)),
                    row: rows.lowerBound + height - 1, column: 0, style: border)
    }
}
