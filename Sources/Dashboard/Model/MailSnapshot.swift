import Foundation

/// One handoff document as the dashboard shows it. Built by the adapter from the store's mail;
/// every string is untrusted and is sanitized when drawn.
public struct MailSnapshot: Sendable, Hashable, Identifiable {
    public var id: String
    public var from: String
    public var to: [String]
    /// The date as written, and the instant when it was understood.
    public var dateText: String
    public var date: Date?
    public var re: String
    public var status: String?
    public var priority: String?
    public var molecules: [String]
    public var body: String
    /// The file could not be read or its front matter did not parse; `problems` say why.
    public var broken: Bool
    public var problems: [String]
    /// Unread for the dashboard's reviewer.
    public var unread: Bool

    public init(
        id: String, from: String, to: [String], dateText: String = "", date: Date? = nil, re: String,
        status: String? = nil, priority: String? = nil, molecules: [String] = [], body: String, broken: Bool = false,
        problems: [String] = [], unread: Bool = true
    ) {
        self.id = id
        self.from = from
        self.to = to
        self.dateText = dateText
        self.date = date
        self.re = re
        self.status = status
        self.priority = priority
        self.molecules = molecules
        self.body = body
        self.broken = broken
        self.problems = problems
        self.unread = unread
    }

    /// The reader's text: headers, a rule, the problems of a broken file, then the body as written.
    public var documentLines: [String] {
        var lines = [
            "From:      " + from, "To:        " + (to.isEmpty ? "-" : to.joined(separator: ", ")),
            "Date:      " + (dateText.isEmpty ? "-" : dateText), "Re:        " + re,
        ]
        if let status { lines.append("Status:    " + status) }
        if let priority { lines.append("Priority:  " + priority) }
        if !molecules.isEmpty { lines.append("Molecules: " + molecules.joined(separator: ", ")) }
        lines.append("Id:        " + id + (broken ? " (broken)" : ""))
        lines += problems.map { "✗ " + $0 }
        lines.append(String(repeating: "─", count: 72))
        return lines + DocumentText.lines(body)
    }
}

/// Per-team inbox: the messages addressed to the team and how many are unread.
public struct InboxSnapshot: Sendable, Hashable {
    public var team: String
    public var total: Int
    public var unread: Int
}

/// Splitting documents into lines for the readers: "\r\n" and "\n" both end a line.
enum DocumentText {
    static func lines(_ text: String) -> [String] {
        var lines: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                if current.last == "\r" { current.removeLast() }
                lines.append(String(current))
                current = String.UnicodeScalarView()
            } else {
                current.append(scalar)
            }
        }
        if current.last == "\r" { current.removeLast() }
        if !current.isEmpty || lines.isEmpty { lines.append(String(current)) }
        return lines
    }
}

extension WorkspaceSnapshot {
    /// One inbox per recipient team (case-insensitive), by team name.
    public var inboxes: [InboxSnapshot] {
        var order: [String] = []
        var byTeam: [String: InboxSnapshot] = [:]
        for message in mail {
            var seen = Set<String>()
            for team in message.to {
                let name = team.trimmingCharacters(in: .whitespaces)
                let key = name.lowercased()
                guard !key.isEmpty, seen.insert(key).inserted else { continue }
                if byTeam[key] == nil {
                    order.append(key)
                    byTeam[key] = InboxSnapshot(team: name, total: 0, unread: 0)
                }
                byTeam[key]!.total += 1
                if message.unread { byTeam[key]!.unread += 1 }
            }
        }
        return order.sorted().compactMap { byTeam[$0] }
    }

    public var unreadMail: Int { mail.filter(\.unread).count }

    public func message(_ id: String) -> MailSnapshot? { mail.first { $0.id == id } }

    /// The messages that name a molecule in their links.
    public func mail(linkedTo molecule: String) -> [MailSnapshot] {
        mail.filter { $0.molecules.contains(molecule) }
    }
}
