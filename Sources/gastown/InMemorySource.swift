import Dashboard
import Foundation

/// The demo's workspace when it is not written through the store: decisions change the
/// snapshot in memory only.
final class InMemorySource: WorkspaceSource {
    private var snapshot: WorkspaceSnapshot
    let watchedDirectory: String? = nil

    init(snapshot: WorkspaceSnapshot) { self.snapshot = snapshot }

    func load(now: Date) -> WorkspaceSnapshot { snapshot }

    func reload(changed: Set<String>?, now: Date) -> WorkspaceSnapshot { snapshot }

    func decide(_ request: DecisionRequest, approve: Bool, now: Date) -> DecisionOutcome {
        var convoys = snapshot.convoys
        guard let c = convoys.firstIndex(where: { $0.id == request.convoyID }) else { return .refused("no such convoy") }
        var molecules = convoys[c].molecules
        guard let m = molecules.firstIndex(where: { $0.id == request.moleculeID }),
              let s = molecules[m].steps.firstIndex(where: { $0.id == request.stepID }),
              molecules[m].steps[s].state == .awaitingApproval
        else { return .refused("refused: \(request.checkpointID) no longer awaits a decision") }
        var molecule = molecules[m]
        molecule.history.append(DecisionSnapshot(checkpointID: request.checkpointID, stepID: request.stepID,
                                                 approved: approve, reviewer: "demo", reason: request.reason,
                                                 returnedTo: approve ? nil : request.returnTo, at: now))
        if approve {
            molecule.steps[s].state = .done
            molecule.steps[s].completedAt = now
            if s + 1 < molecule.steps.count {
                molecule.steps[s + 1].state = .active
                molecule.steps[s + 1].startedAt = now
            }
        } else if let target = molecule.steps.firstIndex(where: { $0.id == request.returnTo }) {
            for index in target...s { molecule.steps[index].state = .pending }
            molecule.steps[target].state = .active
            molecule.steps[target].attempt += 1
            molecule.steps[target].startedAt = now
        }
        molecule.lastActivity = now
        molecules[m] = molecule
        convoys[c] = ConvoySnapshot(id: convoys[c].id, title: convoys[c].title, teams: convoys[c].teams,
                                    molecules: molecules)
        snapshot = WorkspaceSnapshot(root: snapshot.root, convoys: convoys, errors: snapshot.errors)
        return .accepted((approve ? "Approved " : "Rejected ") + request.checkpointID + " of " + request.moleculeID)
    }
}
