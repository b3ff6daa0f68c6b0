import Dashboard
import Foundation
import Screen

/// Where the dashboard's data comes from and where its decisions go.
public protocol WorkspaceSource: AnyObject {
    /// The directory to watch for changes (nil: nothing to watch).
    var watchedDirectory: String? { get }
    /// Everything, from scratch.
    func load(now: Date) -> WorkspaceSnapshot
    /// What can be shown at once (the convoys, marked as loading).
    func beginLoad(now: Date) -> WorkspaceSnapshot
    /// Once the watcher is set up: the convoys again, and the molecules start loading in the
    /// background, arriving through `takeLoaded` when `loadDescriptor` is readable.
    func continueLoad(now: Date) -> WorkspaceSnapshot
    /// Folders under `watchedDirectory` (one per convoy, from `beginLoad`) to leave out of the
    /// first watch and add one by one once `continueLoad` has started the background load, which
    /// reads a convoy only after `watchStarted(convoy:)` (nil: every one) was called for it.
    var lateWatches: [(convoy: String, directory: String)] { get }
    func watchStarted(convoy: String?)
    /// Readable while a background load has news; nil when no load is running.
    var loadDescriptor: Int32? { get }
    /// The snapshot with what the background load has delivered so far (nil: nothing new).
    func takeLoaded() -> WorkspaceSnapshot?
    /// After a change: only what the changed paths touch (nil: everything; empty: what the
    /// source already knows, e.g. right after its own decision).
    func reload(changed: Set<String>?, now: Date) -> WorkspaceSnapshot
    /// Records that the reviewer read a message; the error message on failure.
    func markRead(_ id: String) -> String?
    /// Records a decision. A signature may need the terminal (ssh-keygen asking for a passphrase): the source
    /// lends it through `terminal` (suspend, then resume) only while signing.
    func decide(_ request: DecisionRequest, approve: Bool, now: Date, terminal: (any TerminalPort)?) -> DecisionOutcome
    /// A molecule's file as it is now and its revision, for `$EDITOR`.
    func moleculeFileForEditing(convoy: String, molecule: String) throws(SourceError) -> (bytes: [UInt8], revision: Int)
    /// Writes a hand-edited molecule file back if its revision is unchanged and it is valid (then reloads it).
    func writeHandEdit(convoy: String, molecule: String, edited: [UInt8], revision: Int, now: Date) throws(SourceError)
}

/// Why the source could not do what was asked, in one message for the status line.
public struct SourceError: Error, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
}

extension WorkspaceSource {
    public func moleculeFileForEditing(convoy: String, molecule: String) throws(SourceError) -> (
        bytes: [UInt8], revision: Int
    ) {
        throw SourceError("this workspace cannot be edited from the dashboard")
    }

    public func writeHandEdit(convoy: String, molecule: String, edited: [UInt8], revision: Int, now: Date)
        throws(SourceError)
    {
        throw SourceError("this workspace cannot be edited from the dashboard")
    }
}
