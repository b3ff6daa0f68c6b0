import DisplayText
import Foundation

/// Derives mail headers from handoff documents written before gastown: a `# Title`, then header lines such as
/// `**From**: Team`, `**Date:** 2026-01-22`, `> **Session Date**: ...` or `From: Team`.
///
/// Only the header block is read: the lines before the first `## ` section (at most 60 lines), so a
/// `**Status**:` deep in the body is not taken for the message's status. Missing headers fall back:
/// from "unknown", to none, re the title (or the first non-empty line, or the id).
public enum LegacyHandoff {
    public static let headerLineLimit = 60

    public static func message(from text: String, id: String, format: MailFormat) -> MailMessage {
        let headers = self.headers(in: text)
        let date = (headers["date"] ?? headers["session date"]).map(MailDate.parse)
        let to = headers["to"].map(splitTeams) ?? []
        let subject = headers["re"] ?? headers["subject"] ?? title(of: text) ?? firstLine(of: text) ?? id
        return MailMessage(
            id: id, from: headers["from"] ?? "unknown", to: to, date: date, re: subject,
            status: headers["status"], priority: headers["priority"], molecules: [], body: text,
            format: format, bodyStartLine: 1)
    }

    /// Header names (lowercased) to their values, markdown emphasis removed. The first occurrence wins.
    public static func headers(in text: String) -> [String: String] {
        var found: [String: String] = [:]
        for rawLine in TextLines.lines(of: text, limit: headerLineLimit) {
            if rawLine.hasPrefix("## ") { break }
            guard let (key, value) = header(in: String(rawLine)) else { continue }
            if found[key] == nil, !value.isEmpty { found[key] = value }
        }
        return found
    }

    /// Keys accepted in the plain `Key: value` form (the bold form accepts any key).
    static let plainKeys: Set<String> = ["from", "to", "date", "re", "subject", "status", "priority", "cc"]

    static func header(in line: String) -> (String, String)? {
        var rest = Substring(line).drop { $0 == " " }
        if rest.hasPrefix(">") { rest = rest.dropFirst().drop { $0 == " " } }
        if rest.hasPrefix("- ") || rest.hasPrefix("* ") { rest = rest.dropFirst(2) }
        let key: Substring
        if rest.hasPrefix("**") {
            // **Key**: value   or   **Key:** value
            let inner = rest.dropFirst(2)
            guard let close = inner.range(of: "**") else { return nil }
            var name = inner[..<close.lowerBound]
            var after = inner[close.upperBound...]
            if name.hasSuffix(":") {
                name = name.dropLast()
            } else if after.hasPrefix(":") {
                after = after.dropFirst()
            } else {
                return nil
            }
            key = name
            rest = after
        } else {
            guard let colon = rest.firstIndex(of: ":") else { return nil }
            key = rest[..<colon]
            guard plainKeys.contains(key.lowercased()) else { return nil }
            rest = rest[rest.index(after: colon)...]
        }
        let name = key.trimmingCharacters(in: .whitespaces).lowercased()
        guard !name.isEmpty, name.count <= 40 else { return nil }
        let value = rest.replacingOccurrences(of: "**", with: "").trimmingCharacters(in: .whitespaces)
        return (name, value)
    }

    /// Splits "A Team, B Team / C Team" into teams.
    static func splitTeams(_ text: String) -> [String] {
        text.replacingOccurrences(of: " / ", with: ",")
            .split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }

    /// The first `# ` heading's text.
    public static func title(of text: String) -> String? {
        for line in TextLines.lines(of: text, limit: headerLineLimit) where line.hasPrefix("# ") {
            let title = line.dropFirst(2).trimmingCharacters(in: .whitespaces)
            if !title.isEmpty { return title }
        }
        return nil
    }

    static func firstLine(of text: String) -> String? {
        TextLines.lines(of: text, limit: headerLineLimit).lazy.map { $0.trimmingCharacters(in: .whitespaces) }.first {
            !$0.isEmpty
        }
    }
}
