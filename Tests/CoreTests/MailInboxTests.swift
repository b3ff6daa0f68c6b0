import Core
import Testing

@Suite struct MailInboxTests {
    func message(_ id: String, to: [String], molecules: [String] = []) -> MailMessage {
        MailMessage(id: id, from: "hapi", to: to, re: id, molecules: molecules, body: "")
    }

    @Test func inboxesCountUnreadPerTeamCaseInsensitively() {
        let messages = [
            message("a", to: ["Gateway", "WE Team"]),
            message("b", to: ["gateway "]),
            message("c", to: ["RO", "ro"]),
        ]
        let inboxes = MailInbox.inboxes(messages, readIDs: ["a"])
        #expect(
            inboxes == [
                MailInbox(team: "Gateway", messageIDs: ["a", "b"], unread: 1),
                MailInbox(team: "RO", messageIDs: ["c"], unread: 1),
                MailInbox(team: "WE Team", messageIDs: ["a"], unread: 0),
            ])
    }

    @Test func moleculeLinksSelectMessages() {
        let messages = [
            message("a", to: ["x"], molecules: ["m1"]), message("b", to: ["x"], molecules: ["m2", "m1"]),
            message("c", to: ["x"]),
        ]
        #expect(MailInbox.messages(messages, linkedTo: "m1").map(\.id) == ["a", "b"])
        #expect(MailInbox.messages(messages, linkedTo: "zz").isEmpty)
    }
}
