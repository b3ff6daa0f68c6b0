import Foundation
import Screen

/// The Mail view: one line of inboxes (team and unread count), then the messages, newest first.
enum MailListView {
    /// The message rows: under the inboxes and the column heads.
    static func listRows(_ rows: Range<Int>) -> Range<Int> {
        (rows.lowerBound + 2)..<max(rows.lowerBound + 2, rows.upperBound)
    }

    static func draw(_ state: DashboardState, rows: Range<Int>, _ canvas: inout Canvas) {
        drawInboxes(state.snapshot.inboxes, row: rows.lowerBound, &canvas)
        let fromWidth = max(8, min(16, (canvas.width - 40) / 5))
        let toWidth = fromWidth + 2
        let reWidth = max(8, canvas.width - 2 - 2 - 11 - fromWidth - 1 - toWidth - 1 - 9 - 1)
        func row(_ cells: [String], style: Style = .plain) -> [Field] {
            [
                Field(text: cells[0], width: 10, style: style), Field(text: cells[1], width: fromWidth, style: style),
                Field(text: cells[2], width: toWidth, style: style), Field(text: cells[3], width: 8, style: style),
                Field(text: cells[4], width: reWidth, style: style),
            ]
        }
        canvas.fields(row(["DATE", "FROM", "TO", "PRIORITY", "RE"], style: .bold), row: rows.lowerBound + 1, column: 4)
        let listRows = self.listRows(rows)
        let messages = state.visibleMail
        if messages.isEmpty {
            let text =
                state.snapshot.mail.isEmpty
                ? "No mail in this workspace (gastown mail send)."
                : "No message matches the filter \"\(state.filter)\"."
            canvas.text(text, row: listRows.lowerBound + 1, column: 2, style: Style(role: .muted))
            return
        }
        let start = Dashboard.pageStart(cursor: state.cursor, visible: listRows.count)
        for (offset, screenRow) in listRows.enumerated() {
            let index = start + offset
            guard index < messages.count else { break }
            let message = messages[index]
            // Meaning survives NO_COLOR: ● unread (and bold), ! broken.
            if message.broken {
                canvas.text("!", row: screenRow, column: 2, style: Style(bold: true, role: .danger))
            } else if message.unread {
                canvas.text("●", row: screenRow, column: 2, style: Style(bold: true, role: .accent))
            }
            let style = message.unread ? Style.bold : .plain
            canvas.fields(
                row(
                    [
                        shortDate(message), message.from, message.to.isEmpty ? "-" : message.to.joined(separator: ", "),
                        message.priority ?? "-", message.re,
                    ], style: style), row: screenRow, column: 4)
            if index == state.cursor { canvas.select(row: screenRow) }
        }
    }

    static func drawInboxes(_ inboxes: [InboxSnapshot], row: Int, _ canvas: inout Canvas) {
        var segments = [Segment("Inboxes ", .bold)]
        if inboxes.isEmpty { segments.append(Segment("none", Style(role: .muted))) }
        for inbox in inboxes {
            segments.append(Segment(" " + inbox.team + " "))
            segments.append(
                inbox.unread > 0
                    ? Segment("\(inbox.unread)/\(inbox.total)", Style(bold: true, role: .accent))
                    : Segment("\(inbox.total)", Style(role: .muted)))
            segments.append(Segment(" ·", Style(role: .muted)))
        }
        if inboxes.count > 0 { segments.removeLast() }
        canvas.segments(segments, row: row, column: 1)
    }

    /// `2026-01-05` when the date was understood, the words as written otherwise.
    static func shortDate(_ message: MailSnapshot) -> String {
        if let date = message.date { return String(Format.timestamp(date).prefix(10)) }
        return message.dateText.isEmpty ? "-" : message.dateText
    }
}
