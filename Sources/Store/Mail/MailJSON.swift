import Core
import DisplayText
import Foundation

/// The `--json` shape of a message for `mail list` and `mail read` (docs/mail.md).
public struct MailJSON: Encodable, Sendable {
    public struct Problem: Encodable, Sendable {
        public var severity: String
        public var file: String
        public var line: Int
        public var column: Int
        public var message: String
    }

    public var id: String
    public var from: String
    public var to: [String]
    /// The date as written; `dateISO` is the instant in RFC 3339 UTC when understood.
    public var date: String?
    public var dateISO: String?
    public var re: String
    public var status: String?
    public var priority: String?
    public var molecules: [String]
    /// `front-matter`, `legacy` or `broken`.
    public var format: String
    /// nil when the reader is unknown.
    public var unread: Bool?
    public var problems: [Problem]
    /// The Markdown body (`mail read` only).
    public var body: String?
    /// `mail read` of a broken message (exit 1): the same `error` member as every `--json` failure.
    public var error: Failure?

    public struct Failure: Encodable, Sendable {
        public var code: Int
        public var kind: String
        public var message: String
        public init(code: Int, kind: String, message: String) {
            self.code = code
            self.kind = kind
            self.message = message
        }
    }

    public init(mail: StoredMail, unread: Bool?, includeBody: Bool) {
        let m = mail.message
        id = m.id
        from = m.from
        to = m.to
        date = m.date?.text
        dateISO = m.date?.instant.map(Timestamps.iso8601)
        re = m.re
        status = m.status
        priority = m.priority
        molecules = m.molecules
        format = m.format.rawValue
        self.unread = unread
        problems = mail.problems.map {
            Problem(
                severity: $0.severity.rawValue, file: $0.file, line: $0.position.line, column: $0.position.column,
                message: $0.message)
        }
        body = includeBody ? m.body : nil
    }

    /// Pretty JSON, keys sorted. JSON escapes C0 controls itself; DEL, C1 controls and bidirectional
    /// overrides are escaped too (`\u009b`...), so printing the JSON on a terminal is safe.
    public static func render<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("null".utf8)
        var out = ""
        for scalar in String(decoding: data, as: UTF8.self).unicodeScalars {
            // JSONEncoder has escaped C0 controls in strings (the newlines left are pretty-printing);
            // this catches DEL, C1 and the bidi overrides.
            if scalar.value >= 0x7F, TerminalText.isUnsafe(scalar) {
                out += TerminalText.jsonEscape(scalar)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
