import Core
import DisplayText

/// Who a message is from and to, as teams: every name must be a team of some convoy (any spelling) or `all`, and
/// is stored as the team's slug, so `mail list --team`, the dashboard and every reader agree on who it concerns.
public enum MailRouting {
    /// The word that addresses every team.
    public static let everyone = "all"

    /// Replaces the message's `from` and `to` with team slugs. `fromDocument`/`toDocument` say the names came
    /// from the document's own headers (for the message). An unknown or ambiguous name is an error listing the
    /// known teams.
    public static func route(
        _ message: inout MailMessage, teams: TeamDirectory, file: String, fromDocument: Bool, toDocument: Bool
    ) throws(StoreError) {
        var problems: [String] = []
        func slug(_ name: String, field: String) -> String {
            let trimmed = name.trimmingWhitespaceAndNewlines()
            if trimmed.lowercased() == everyone { return everyone }
            do throws(StoreError) {
                return try teams.require(trimmed, as: field, of: "any convoy").slug
            } catch {
                problems.append(error.message)
                return trimmed
            }
        }
        message.from = slug(message.from, field: fromDocument ? "the document's From" : "--from")
        var recipients: [String] = []
        for name in message.to {
            let team = slug(name, field: toDocument ? "the document's To" : "--to")
            if !recipients.contains(team) { recipients.append(team) }
        }
        message.to = recipients
        guard problems.isEmpty else {
            let hint =
                teams.teams.isEmpty
                ? "\nno convoy lists any team yet: add them with `gastown convoy create C --team \"NAME\"` or `gastown convoy edit C --add-team \"NAME\"`"
                : ""
            throw StoreError(
                .invalidInput,
                problems.map { "\(TerminalText.sanitizeLine(file)): \($0)" }.joined(separator: "\n") + hint)
        }
    }

    /// Whether a stored message concerns `team` (a resolved team): its sender or a recipient names it, in any
    /// spelling, or the message is to `all`.
    public static func involves(_ message: MailMessage, team: Team, teams: TeamDirectory) -> Bool {
        func names(_ name: String) -> Bool {
            name == team.slug || teams.team(name)?.slug == team.slug
        }
        return names(message.from) || message.to.contains { names($0) || $0.lowercased() == everyone }
    }

    /// The message with its teams by their display names, as screens show them (`--json` keeps what is stored).
    public static func displayed(_ message: MailMessage, teams: TeamDirectory) -> MailMessage {
        var shown = message
        shown.from = teams.team(message.from)?.displayName ?? message.from
        shown.to = message.to.map { teams.team($0)?.displayName ?? $0 }
        return shown
    }
}
