import Core
import Store

/// The store's mail as the dashboard shows it. Pure: the caller lists the mailbox and the reader's marks. Teams
/// are shown by their display name, whatever spelling the message uses (`gateway`, `Gateway (GW) Team`), so
/// one team has one inbox.
public enum MailAdapter {
    public static func snapshots(_ mail: [StoredMail], readIDs: Set<String>, teams: TeamDirectory = .empty)
        -> [MailSnapshot]
    {
        mail.map { stored in
            let message = MailRouting.displayed(stored.message, teams: teams)
            return MailSnapshot(
                id: message.id, from: message.from, to: message.to,
                dateText: message.date?.text ?? "",
                date: message.date?.instant, re: message.re, status: message.status, priority: message.priority,
                molecules: message.molecules,
                body: message.body, broken: stored.isBroken,
                problems: stored.problems.filter { $0.severity == .error }.map(\.description),
                unread: !readIDs.contains(message.id))
        }
    }
}
