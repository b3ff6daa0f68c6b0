import DisplayText
import Foundation
import TOML

/// Reads a message file: `+++` TOML front matter then Markdown, or a legacy handoff document.
///
/// Never throws: a front matter that does not parse yields a `.broken` message (headers guessed as for a
/// legacy document) plus an error naming the line and column, so the message is still listed.
public enum MailParser {
    /// The front matter delimiter, alone on its line.
    public static let delimiter = "+++"

    public static let knownKeys: Set<String> = ["id", "from", "to", "date", "re", "status", "priority", "molecules"]

    public static func parse(_ text: String, id: String, file: String) -> ParsedMail {
        var text = text
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        guard let first = TextLines.ranges(of: text, limit: 1).first, isDelimiter(text[first]) else {
            return ParsedMail(message: LegacyHandoff.message(from: text, id: id, format: .legacy), problems: [])
        }
        // Lines up to the closing delimiter (or all of them when it is missing).
        let ranges = TextLines.ranges(of: text, until: isDelimiter)
        let lines = ranges.map { text[$0] }
        guard let close = lines.dropFirst().firstIndex(where: isDelimiter) else {
            return broken(
                text, id: id,
                problem: Diagnostic(
                    severity: .error, file: file, position: SourcePosition(line: 1, column: 1),
                    message: "front matter opened with +++ is never closed (expected a line with +++ only)"))
        }
        let frontMatter = lines[1..<close].map(TextLines.trimmingCR).joined(separator: "\n")
        // The body is the rest of the file exactly as written (line ends included).
        let closeEnd = ranges[close].upperBound  // The closing line's "\n", or the end of the text.
        let body = closeEnd == text.endIndex ? "" : String(text[text.unicodeScalars.index(after: closeEnd)...])
        let table: TOMLTable
        do {
            // A first empty line, so positions are the file's (the front matter starts on its second line).
            table = try MailTOML.parse("\n" + frontMatter, file: file)
        } catch {
            // The front matter's "end of file" is the closing +++.
            let message = error.message.replacingOccurrences(
                of: "end of file", with: "the closing +++ on line \(close + 1)")
            return broken(
                text, id: id,
                problem: Diagnostic(
                    severity: .error, file: file, position: error.position, message: "front matter: " + message))
        }
        return decode(table, body: body, bodyStartLine: close + 2, id: id, file: file)
    }

    static func isDelimiter(_ line: Substring) -> Bool {
        line.trimmingCharacters(in: .whitespacesAndNewlines) == delimiter
    }

    private static func broken(_ text: String, id: String, problem: Diagnostic) -> ParsedMail {
        ParsedMail(message: LegacyHandoff.message(from: text, id: id, format: .broken), problems: [problem])
    }

    private static func decode(_ table: TOMLTable, body: String, bodyStartLine: Int, id: String, file: String)
        -> ParsedMail
    {
        let reader = FieldReader(table, file: file)
        let from = reader.string("from", required: true)
        let to = reader.stringValues("to", allowSingle: true, required: true)
        let re = reader.string("re")
        let status = reader.string("status")
        let priority = reader.string("priority")
        let molecules = reader.stringValues("molecules", allowSingle: true) ?? []
        var date: MailDate?
        if let entry = reader.entry("date") {
            switch entry.value {
            case .offsetDateTime(let d): date = MailDate(text: d.description, instant: instant(d))
            case .localDate(let d): date = MailDate.parse(d.description)
            case .string(let s): date = MailDate.parse(s)
            default:
                reader.wrongType(
                    "date", expected: "a date-time (2026-01-22T10:15:00Z)", found: entry.value, at: entry.valuePosition)
            }
        }
        if let declared = reader.string("id"), declared != id {
            reader.warning(
                "id \"\(TerminalText.sanitizeLine(declared))\" differs from the file name; the file name (\(id)) is used",
                at: reader.position("id"))
        }
        _ = reader.unknownKeys(note: "ignored (known: \(knownKeys.sorted().joined(separator: ", ")))")
        let problems = reader.diagnostics.map { d in
            Diagnostic(severity: d.severity, file: d.file, position: d.position, message: "front matter: " + d.message)
        }
        let hasErrors = problems.contains { $0.severity == .error }
        let message = MailMessage(
            id: id, from: from ?? "unknown", to: to ?? [], date: date,
            re: re ?? LegacyHandoff.title(of: body) ?? id, status: status, priority: priority,
            molecules: molecules, body: body, format: hasErrors ? .broken : .frontMatter, bodyStartLine: bodyStartLine)
        return ParsedMail(message: message, problems: problems)
    }

    static func instant(_ d: OffsetDateTime) -> Date? {
        Date(timeIntervalSince1970: Double(d.unixSeconds) + Double(d.time.nanosecond) / 1e9)
    }
}
