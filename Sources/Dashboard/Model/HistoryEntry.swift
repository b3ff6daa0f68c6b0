import Foundation

/// One decision of the History view: the record and the molecule it belongs to.
public struct HistoryEntry: Sendable, Hashable {
    public var convoyID: String
    public var moleculeID: String
    public var decision: DecisionSnapshot
}

extension DashboardState {
    /// Every decision record in a scope, newest first (ties by molecule and checkpoint).
    public func history(_ scope: HistoryScope) -> [HistoryEntry] {
        historyIndex(scope).entries
    }

    func historyIndex(_ scope: HistoryScope) -> HistoryIndex {
        snapshot.cache.history(scope) {
            var molecules: [MoleculeSnapshot]
            switch scope {
            case .all: molecules = snapshot.convoys.flatMap(\.molecules)
            case .convoy(let id): molecules = convoy(id)?.molecules ?? []
            case .molecule(let convoy, let id): molecules = molecule(convoy: convoy, id: id).map { [$0] } ?? []
            }
            var entries: [HistoryEntry] = []
            for molecule in molecules {
                for decision in molecule.trail {
                    entries.append(
                        HistoryEntry(convoyID: molecule.convoyID, moleculeID: molecule.id, decision: decision))
                }
            }
            // Sorted by the time alone first, as plain numbers: 300,000 decisions compare strings only on ties.
            let times = entries.map(\.decision.at.timeIntervalSinceReferenceDate)
            let order = entries.indices.sorted { a, b in
                if times[a] != times[b] { return times[a] > times[b] }
                return (entries[a].moleculeID, entries[a].decision.checkpointID)
                    > (entries[b].moleculeID, entries[b].decision.checkpointID)
            }
            return HistoryIndex(order.map { entries[$0] })
        }
    }

    /// The History rows: filtered (`/`) by reviewer, checkpoint, molecule, convoy, reason, return step or mark.
    public func visibleHistory(_ scope: HistoryScope) -> HistoryRows {
        historyIndex(scope).filtered(filters[Route.history(scope).memoryKey] ?? "")
    }
}
