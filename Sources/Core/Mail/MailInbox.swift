import Foundation

/// Per-team inboxes for views such as the dashboard: which teams have mail, and how much is unread.
public struct MailInbox: Sendable, Hashable {
    /// The team as first spelled in a `to` header (teams compare case-insensitively).
    public var team: String
    public var messageIDs: [String]
    public var unread: Int

    public init(team: String, messageIDs: [String], unread: Int) {
        self.team = team
        self.messageIDs = messageIDs
        self.unread = unread
    }

    /// One inbox per recipient team, sorted by team name (case-insensitive); messages keep the given order.
    /// `readIDs` are the ids the current reader has read.
    public static func inboxes(_ messages: [MailMessage], readIDs: Set<String>) -> [MailInbox] {
        var order: [String] = []
        var byTeam: [String: MailInbox] = [:]
        for message in messages {
            var seen: Set<String> = []
            for team in message.to {
                let key = MailMessage.normalizedTeam(team)
                guard !key.isEmpty, seen.insert(key).inserted else { continue }
                if byTeam[key] == nil {
                    order.append(key)
                    byTeam[key] = MailInbox(team: team.trimmingCharacters(in: .whitespaces), messageIDs: [], unread: 0)
                }
                byTeam[key]!.messageIDs.append(message.id)
                if !readIDs.contains(message.id) { byTeam[key]!.unread += 1 }
            }
        }
        return order.sorted().compactMap { byTeam[$0] }
    }

    /// The messages linked to a molecule (its `molecules` front matter key).
    public static func messages(_ messages: [MailMessage], linkedTo molecule: String) -> [MailMessage] {
        messages.filter { $0.molecules.contains(molecule) }
    }
}
