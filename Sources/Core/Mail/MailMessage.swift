import Foundation

/// One handoff document between teams: headers plus a Markdown body.
public struct MailMessage: Sendable, Hashable {
    /// The file-name-safe id (the file is `<id>.md`); see `MailID`.
    public var id: String
    public var from: String
    /// Recipient teams (a `to` string in a legacy header is split on "," and " / ").
    public var to: [String]
    public var date: MailDate?
    /// The subject.
    public var re: String
    public var status: String?
    public var priority: String?
    /// Ids of the molecules this message is about.
    public var molecules: [String]
    /// The Markdown text after the front matter (the whole text for legacy and broken messages).
    public var body: String
    public var format: MailFormat
    /// The 1-based line of the source file where `body` starts (for error positions in the body).
    public var bodyStartLine: Int

    public init(
        id: String, from: String, to: [String], date: MailDate? = nil, re: String, status: String? = nil,
        priority: String? = nil, molecules: [String] = [], body: String, format: MailFormat = .frontMatter,
        bodyStartLine: Int = 1
    ) {
        self.id = id
        self.from = from
        self.to = to
        self.date = date
        self.re = re
        self.status = status
        self.priority = priority
        self.molecules = molecules
        self.body = body
        self.format = format
        self.bodyStartLine = bodyStartLine
    }

    /// True when `team` is the sender or one of the recipients (case-insensitive, spaces trimmed).
    public func involves(team: String) -> Bool {
        let wanted = MailMessage.normalizedTeam(team)
        return MailMessage.normalizedTeam(from) == wanted || to.contains { MailMessage.normalizedTeam($0) == wanted }
    }

    static func normalizedTeam(_ team: String) -> String {
        team.trimmingCharacters(in: .whitespaces).lowercased()
    }
}

/// How a message file was understood.
public enum MailFormat: String, Sendable, Hashable, Codable {
    /// `+++` TOML front matter, parsed.
    case frontMatter = "front-matter"
    /// No front matter: headers derived from `**From**:`-style lines, as in older handoff documents.
    case legacy
    /// The front matter (or the file) could not be read: listed with its problems, headers best-effort.
    case broken
}

/// A message date: the text as written, and the instant when it could be understood.
public struct MailDate: Sendable, Hashable {
    public var text: String
    public var instant: Date?

    public init(text: String, instant: Date?) {
        self.text = text
        self.instant = instant
    }

    public init(_ instant: Date) {
        self.text = Timestamps.iso8601(instant)
        self.instant = instant
    }

    /// Understands the dates seen in handoff documents: RFC 3339, `2026-01-22`, `2026-01-22 10:15`,
    /// `December 23, 2025`, `Dec 23, 2025`, `23 December 2025`. Anything else keeps its text with no instant.
    public static func parse(_ text: String) -> MailDate {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return MailDate(text: trimmed, instant: MailDateParsing.instant(trimmed))
    }
}

/// A parsed message and what was wrong with it (errors make it `.broken`; warnings do not).
public struct ParsedMail: Sendable, Hashable {
    public var message: MailMessage
    public var problems: [Diagnostic]

    public init(message: MailMessage, problems: [Diagnostic]) {
        self.message = message
        self.problems = problems
    }

    public var isBroken: Bool { message.format == .broken }
}
