import Dashboard
import Foundation
import Store

/// The dashboard's documents: the mailbox with the reviewer's read marks, and where report texts are read when shown.
extension StoreSource {
    /// The snapshot with its mail and the report text source filled in; the mailbox is read again only when asked (a load or a reload), not
    /// for every snapshot built while molecules arrive.
    func withMail(_ snapshot: WorkspaceSnapshot, rereadMail: Bool) -> WorkspaceSnapshot {
        var snapshot = snapshot
        if rereadMail || mailCache == nil {
            let mailStore = MailStore(layout: store.layout)
            // The viewer as resolved once: asking git again would cost a process at every load.
            let readIDs = viewer.who.flatMap { try? mailStore.readMarks.readIDs(reader: $0.name) } ?? []
            mailCache = MailAdapter.snapshots(
                (try? mailStore.list()) ?? [], readIDs: readIDs, teams: store.teamDirectory())
        }
        snapshot.mail = mailCache ?? []
        snapshot.reportTexts = reportTexts
        return snapshot
    }

    /// Marks a message read for the reviewer, as `gastown mail read` does; the error message on failure.
    public func markRead(_ id: String) -> String? {
        do throws(StoreError) {
            try MailStore(layout: store.layout).readMarks.markRead([id], reader: try readerName())
            return nil
        } catch {
            return error.message
        }
    }

    private func readerName() throws(StoreError) -> String {
        try ReviewerIdentity.resolve(explicit: reviewer, environment: environment).name
    }
}
