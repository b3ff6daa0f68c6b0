import Dashboard
import Foundation
import Store

/// The dashboard's documents: the mailbox with the reviewer's read marks, and the text of reports.
extension StoreSource {
    /// The snapshot with its mail filled in; the mailbox is read again only when asked (a load or a reload), not
    /// for every snapshot built while molecules arrive.
    func withMail(_ snapshot: WorkspaceSnapshot, rereadMail: Bool) -> WorkspaceSnapshot {
        var snapshot = snapshot
        if rereadMail || mailCache == nil {
            let mailStore = MailStore(layout: store.layout)
            let readIDs = (try? readerName()).flatMap { try? mailStore.readMarks.readIDs(reader: $0) } ?? []
            mailCache = MailAdapter.snapshots(
                (try? mailStore.list()) ?? [], readIDs: readIDs, teams: store.teamDirectory())
        }
        snapshot.mail = mailCache ?? []
        return snapshot
    }

    /// A convoy row's report texts, filled in when the row is (re)built: a change to one convoy reads and copies
    /// that convoy's reports, not every report of the workspace.
    func fillReports(_ convoy: inout ConvoySnapshot) {
        for m in convoy.molecules.indices where !convoy.molecules[m].reports.isEmpty {
            for r in convoy.molecules[m].reports.indices {
                convoy.molecules[m].reports[r].text = reportTexts.text(at: convoy.molecules[m].reports[r].path)
            }
        }
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
