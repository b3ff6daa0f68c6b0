import Core
import DisplayText
import Screen

/// Beside a compliance checkpoint's decision (approve confirmation, reject form): what the molecule's
/// latest report says to decide with (`ReportDigest`: status, recommendation, open findings, the
/// blocking issues), in a box at the top of the body that ends with the key to read it all.
enum ReportPreviewView {
    /// When the item is a compliance checkpoint: the report the store judges its approval by (the latest of the
    /// template its step needs, marked current or stale), else the latest report.
    static func report(for item: ApprovalItem, in state: DashboardState) -> ReportSnapshot? {
        guard isCompliance(item), let reports = state.molecule(convoy: item.convoyID, id: item.moleculeID)?.reports
        else { return nil }
        return reports.last { $0.isCurrent != nil } ?? reports.last
    }

    static func isCompliance(_ item: ApprovalItem) -> Bool {
        item.checkpointID.localizedCaseInsensitiveContains("compliance")
            || item.stepID.localizedCaseInsensitiveContains("compliance")
    }

    /// Content rows: the box leaves room under it for the reject form (at least 6 rows), so
    /// 5 rows at 80×24, 13 at 120×40.
    static func contentRows(body: Range<Int>) -> Int {
        (body.count - RejectFormView.frameRows - 1) / 2 - 2
    }

    /// Drawn at the top of the body, above the dialog or the confirmation line; returns the rows it took.
    @discardableResult
    static func draw(_ report: ReportSnapshot, text: String, rows: Range<Int>, _ canvas: inout Canvas) -> Int {
        let available = contentRows(body: rows)
        guard available >= 1 else { return 0 }
        let lines = ReportDigest(text).lines(width: canvas.width - 2, count: available)
        let height = lines.count + 2
        for row in rows.lowerBound..<(rows.lowerBound + height) {
            canvas.screen.fill(row: row, from: 0, to: canvas.width, style: .plain)
        }
        let stale = report.isCurrent == false
        let border = Style(bold: true, role: stale ? .danger : .info)
        let top =
            "┌ latest report: " + TerminalText.sanitizeLine(report.name)
            + (stale ? " — STALE: findings, evidence or decisions changed after it " : " ")
        canvas.text(
            top + String(repeating: "─", count: max(0, canvas.width - DisplayWidth.of(top))), row: rows.lowerBound,
            column: 0, style: border)
        for (offset, line) in lines.enumerated() {
            let row = rows.lowerBound + 1 + offset
            canvas.text("│ ", row: row, column: 0, style: border)
            canvas.text(line.text, row: row, column: 2, style: style(line.kind), limit: canvas.width - 2)
        }
        canvas.text(
            "└ v view report " + String(repeating: "─", count: max(0, canvas.width - 16)),
            row: rows.lowerBound + height - 1, column: 0, style: border)
        return height
    }

    private static func style(_ kind: ReportDigest.Kind) -> Style {
        switch kind {
        case .summary: return .bold
        case .heading: return Style(bold: true, role: .danger)
        case .blocking: return Style(role: .danger)
        case .plain: return .plain
        }
    }
}
