import Foundation

/// Writes a message as `+++` TOML front matter followed by its Markdown body; `MailParser` reads it back.
public enum MailRenderer {
    public static func render(_ message: MailMessage) -> String {
        var lines = [MailParser.delimiter]
        lines.append("id = " + MailTOML.quoted(message.id))
        lines.append("from = " + MailTOML.quoted(message.from))
        lines.append("to = " + MailTOML.quotedArray(message.to))
        if let date = message.date {
            // A bare TOML date-time when the instant is known; the original words otherwise.
            lines.append("date = " + (date.instant.map(Timestamps.iso8601) ?? MailTOML.quoted(date.text)))
        }
        lines.append("re = " + MailTOML.quoted(message.re))
        if let status = message.status { lines.append("status = " + MailTOML.quoted(status)) }
        if let priority = message.priority { lines.append("priority = " + MailTOML.quoted(priority)) }
        if !message.molecules.isEmpty { lines.append("molecules = " + MailTOML.quotedArray(message.molecules)) }
        lines.append(MailParser.delimiter)
        return lines.joined(separator: "\n") + "\n" + message.body
    }
}
