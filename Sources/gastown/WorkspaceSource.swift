import Dashboard
import Foundation

/// Where the dashboard's data comes from and where its decisions go.
protocol WorkspaceSource: AnyObject {
    /// The directory to watch for changes (nil: nothing to watch).
    var watchedDirectory: String? { get }
    func load(now: Date) -> WorkspaceSnapshot
    func decide(_ request: DecisionRequest, approve: Bool, now: Date) -> DecisionOutcome
}
