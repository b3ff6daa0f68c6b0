import DisplayText

/// Terminal text for mail: the list table and the full message. Everything is sanitized here, so a
/// message cannot move the cursor, change colours or reorder text; wide characters keep their columns.
public enum MailView {
    /// One line of `mail list`.
    public struct Row: Sendable, Hashable {
        public var message: MailMessage
        /// nil when the reader is unknown.
        public var unread: Bool?

        public init(message: MailMessage, unread: Bool?) {
            self.message = message
            self.unread = unread
        }
    }

    static let columns: [(title: String, width: Int)] = [
        ("", 2), ("ID", 0), ("DATE", 10), ("FROM", 18), ("TO", 22), ("PRIORITY", 8), ("RE", 60),
    ]

    /// A fixed-width table (column widths measured with `DisplayWidth`); flags: `*` unread, `!` broken.
    /// Ids are never cut (they are what `mail read` takes): their column is as wide as the longest.
    public static func table(_ rows: [Row]) -> String {
        var columns = Self.columns
        columns[1].width = max(
            2, rows.map { DisplayWidth.of(TerminalText.sanitizeLine($0.message.id)) }.max() ?? 0)
        var lines = [line(columns.map(\.title), columns)]
        for row in rows {
            let m = row.message
            let flag = (m.format == .broken ? "!" : "") + (row.unread == true ? "*" : "")
            lines.append(
                line(
                    [
                        flag, m.id, m.date.map(shortDate) ?? "-", m.from,
                        m.to.isEmpty ? "-" : m.to.joined(separator: ", "),
                        m.priority ?? "-", m.re,
                    ], columns))
        }
        if rows.isEmpty { lines.append("(no messages)") }
        return lines.joined(separator: "\n")
    }

    private static func line(_ cells: [String], _ columns: [(title: String, width: Int)]) -> String {
        var out = ""
        for (index, cell) in cells.enumerated() {
            let clean = TerminalText.sanitizeLine(cell)
            let isLast = index == cells.count - 1
            out +=
                isLast
                ? TextLayout.truncate(clean, to: columns[index].width)
                : TextLayout.pad(clean, to: columns[index].width) + " "
        }
        while out.hasSuffix(" ") { out.removeLast() }
        return out
    }

    /// `2026-01-22` for dates gastown understood, the original words (cut) otherwise.
    static func shortDate(_ date: MailDate) -> String {
        if let instant = date.instant { return String(Timestamps.iso8601(instant).prefix(10)) }
        return date.text
    }

    /// Headers, a rule, then the body, all terminal-safe.
    public static func full(_ message: MailMessage) -> String {
        var headers: [(String, String)] = [
            ("From", message.from), ("To", message.to.isEmpty ? "-" : message.to.joined(separator: ", ")),
            ("Date", message.date?.text ?? "-"), ("Re", message.re),
        ]
        if let status = message.status { headers.append(("Status", status)) }
        if let priority = message.priority { headers.append(("Priority", priority)) }
        if !message.molecules.isEmpty { headers.append(("Molecules", message.molecules.joined(separator: ", "))) }
        headers.append(("Id", message.id + (message.format == .frontMatter ? "" : " (\(message.format.rawValue))")))
        var lines = headers.map { TextLayout.pad($0.0 + ":", to: 11) + TerminalText.sanitizeLine($0.1) }
        lines.append(String(repeating: "─", count: 72))
        return lines.joined(separator: "\n") + "\n" + TerminalText.sanitize(message.body)
    }
}
