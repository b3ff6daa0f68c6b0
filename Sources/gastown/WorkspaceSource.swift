import Dashboard
import Foundation

/// Where the dashboard's data comes from and where its decisions go.
protocol WorkspaceSource: AnyObject {
    /// The directory to watch for changes (nil: nothing to watch).
    var watchedDirectory: String? { get }
    /// Everything, from scratch.
    func load(now: Date) -> WorkspaceSnapshot
    /// After a change: only what the changed paths touch (nil: everything; empty: what the
    /// source already knows, e.g. right after its own decision).
    func reload(changed: Set<String>?, now: Date) -> WorkspaceSnapshot
    /// Records that the reviewer read a message; the error message on failure.
    func markRead(_ id: String) -> String?
    func decide(_ request: DecisionRequest, approve: Bool, now: Date) -> DecisionOutcome
}
