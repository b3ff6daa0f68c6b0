import Core
import Foundation
import Store

/// The mail verbs for an agent: the same composing, routing, caps and `--json` shapes as `gastown mail`
/// (docs/mail.md), answered as rendered JSON text (`MailJSON.render`).
extension AgentVerbs {
    /// Sends a Markdown document given as text (its own front matter or From:/To: lines, or the headers given).
    public func mailSend(_ document: String, headers: MailComposer.Options) throws -> String {
        let text = try MailSend.document(Array(document.utf8), file: "<document>")
        let sent = try MailSend.send(
            text, file: "<document>", headers: headers, store: MailStore(layout: store.layout),
            teams: { store.teamDirectory() })
        return MailJSON.render(["id": sent.id, "path": sent.path])
    }

    /// `{"messages": [...]}`: `mail list --json`'s messages, unread marked for `reader` (wrapped in an object,
    /// as a tool's structured result must be one).
    public func mailList(reader: String, team: String?, unreadOnly: Bool) throws -> String {
        let mail = MailStore(layout: store.layout)
        var all = try MailList.messages(
            mail, team: team, field: "team", teams: { store.teamDirectory() })
        let read: Set<String>
        do { read = try mail.readMarks.readIDs(reader: reader) } catch { throw MailFailure(error) }
        if unreadOnly { all = all.filter { !read.contains($0.message.id) } }
        return MailJSON.render([
            "messages": all.map { MailJSON(mail: $0, unread: !read.contains($0.message.id), includeBody: false) }
        ])
    }

    /// `mail read --json`, marking the message read for `reader`; a broken message carries `error` (and `broken`).
    public func mailRead(_ id: String, reader: String) throws -> (json: String, broken: Bool) {
        let stored: StoredMail
        do { stored = try MailStore(layout: store.layout).read(id: id, reader: reader) } catch {
            throw MailFailure(error)
        }
        return (MailJSON.render(MailRead.json(stored)), stored.isBroken)
    }

    /// The `error` object of a failed verb: `{"code", "kind", "message"}`, as under `--json`.
    public static func errorJSON(_ error: any Error) -> JSON {
        switch error {
        case let failure as MailFailure:
            Exit.errorJSON(code: failure.code, kind: failure.kind, message: failure.message)
        case let store as StoreError: Exit.errorJSON(store)
        default: Exit.errorJSON(code: Exit.failure, kind: "io", message: String(describing: error))
        }
    }
}
