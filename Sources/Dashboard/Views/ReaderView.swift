import Core
import DisplayText
import Foundation
import Screen

/// A scrolling reader for messages and reports. Lines are cut at the screen edge, never wrapped,
/// so tables and box drawing keep their shape; h/l scroll sideways.
enum ReaderView {
    static let horizontalStep = 8

    /// The widest line less one page width: how far h/l can go (without the width, a generous bound).
    static func maxOffset(_ state: DashboardState) -> Int {
        guard case .reader(let ref) = state.route, let document = state.document(ref) else { return 0 }
        let widest = document.lines.map { DisplayWidth.of(TerminalText.sanitizeLine($0)) }.max() ?? 0
        return max(0, widest - 20)
    }

    static func draw(_ state: DashboardState, ref: DocumentRef, rows: Range<Int>, _ canvas: inout Canvas) {
        guard let document = state.document(ref) else { return }
        let total = document.lines.count
        var info = "  \(total) lines"
        if state.columnOffset > 0 { info += " · from column \(state.columnOffset + 1)" }
        canvas.segments(
            [Segment(document.title, .bold), Segment(info, Style(role: .muted))], row: rows.lowerBound, column: 1)
        let body = (rows.lowerBound + 1)..<rows.upperBound
        let first = min(state.cursor, max(0, total - 1))
        for (offset, row) in body.enumerated() {
            let index = first + offset
            guard index < total else { break }
            let line = dropColumns(TerminalText.sanitizeLine(document.lines[index]), state.columnOffset)
            canvas.text(line, row: row, column: 1, limit: canvas.width - 2)
        }
        if first > 0 { canvas.text("↑", row: body.lowerBound, column: canvas.width - 1, style: .dim) }
        if first + body.count < total {
            canvas.text("↓", row: body.upperBound - 1, column: canvas.width - 1, style: .dim)
        }
    }

    /// The line without its first `columns` columns; a wide character cut in half becomes a space.
    static func dropColumns(_ line: String, _ columns: Int) -> String {
        guard columns > 0 else { return line }
        var used = 0
        var index = line.startIndex
        while index < line.endIndex, used < columns {
            used += DisplayWidth.of(line[index])
            index = line.index(after: index)
        }
        return String(repeating: " ", count: max(0, used - columns)) + line[index...]
    }
}
