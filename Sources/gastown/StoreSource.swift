import Dashboard
import Foundation
import Store

/// The dashboard on a real `.beads/` tree: loads through the store, decides through the store
/// exactly as `gastown checkpoint approve/reject` do (same identity rules, same checks).
final class StoreSource: WorkspaceSource {
    let store: BeadsStore
    private let reviewer: String?
    private let environment: [String: String]

    init(store: BeadsStore, reviewer: String?, environment: [String: String]) {
        self.store = store
        self.reviewer = reviewer
        self.environment = environment
    }

    static func open(root: String?, reviewer: String?) throws(StoreError) -> StoreSource {
        let environment = ProcessInfo.processInfo.environment
        let layout = try StoreDiscovery.locate(explicitRoot: root, environment: environment,
                                               currentDirectory: FileManager.default.currentDirectoryPath)
        let store = BeadsStore(layout: layout, formulas: StoreFormulas.source(for: layout, environment: environment))
        return StoreSource(store: store, reviewer: reviewer, environment: environment)
    }

    var watchedDirectory: String? { store.layout.beads }

    func load(now: Date) -> WorkspaceSnapshot {
        StoreAdapter.snapshot(store.loadAll(), root: store.layout.workspace)
    }

    func decide(_ request: DecisionRequest, approve: Bool, now: Date) -> DecisionOutcome {
        do throws(StoreError) {
            let who = try ReviewerIdentity.resolve(explicit: reviewer, environment: environment,
                                                   gitUserName: SystemIdentity.gitUserName,
                                                   loginName: SystemIdentity.loginName)
            let written = try store.decide(molecule: request.moleculeID, checkpoint: request.checkpointID,
                                           decision: approve ? .approved : .rejected, reviewer: who.name,
                                           reason: request.reason, returnTo: approve ? nil : request.returnTo,
                                           isAgent: ReviewerIdentity.isAgent(environment: environment), now: now)
            if approve {
                return .accepted("Approved \(request.checkpointID) of \(request.moleculeID) (\(who.name))")
            }
            return .accepted("Rejected \(request.checkpointID) of \(request.moleculeID) → "
                             + (written.record.returnedTo ?? "?") + " (\(who.name))")
        } catch {
            return .refused(error.message)
        }
    }
}
