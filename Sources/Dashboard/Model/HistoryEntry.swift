import Foundation

/// One decision of the History view: the record and the molecule it belongs to.
public struct HistoryEntry: Sendable, Hashable {
    public var convoyID: String
    public var moleculeID: String
    public var decision: DecisionSnapshot
}

/// The decisions of some convoys, newest first (ties by molecule and checkpoint), kept as where each is in the
/// convoys — its convoy, molecule and place in the molecule's trail, 12 bytes — rather than as copies: at 100,000
/// molecules a copy of each of the 300,000 decisions with its ids took some 45 MB (and as much again while sorting).
/// A row's `HistoryEntry` is made when it is drawn or searched.
struct DecisionTrails: Sendable {
    private struct Position: Sendable {
        var convoy: UInt32
        var molecule: UInt32
        var decision: UInt32
    }

    /// The snapshot's convoys (their arrays are shared, not copied).
    private let convoys: [ConvoySnapshot]
    private let positions: [Position]

    init(_ convoys: [ConvoySnapshot]) {
        self.convoys = convoys
        var positions: [Position] = []
        var times: [Double] = []
        for c in convoys.indices {
            let molecules = convoys[c].molecules
            for m in molecules.indices {
                let trail = molecules[m].trail
                for d in trail.indices {
                    positions.append(Position(convoy: UInt32(c), molecule: UInt32(m), decision: UInt32(d)))
                    times.append(trail[d].at.timeIntervalSinceReferenceDate)
                }
            }
        }
        // Sorted by the time alone first, as plain numbers: 300,000 decisions compare strings only on ties.
        let order = positions.indices.sorted { a, b in
            if times[a] != times[b] { return times[a] > times[b] }
            let (x, y) = (positions[a], positions[b])
            let lhs = convoys[Int(x.convoy)].molecules[Int(x.molecule)]
            let rhs = convoys[Int(y.convoy)].molecules[Int(y.molecule)]
            return (lhs.id, lhs.trail[Int(x.decision)].checkpointID) > (rhs.id, rhs.trail[Int(y.decision)].checkpointID)
        }
        self.positions = order.map { positions[$0] }
    }

    var count: Int { positions.count }

    subscript(position: Int) -> HistoryEntry {
        let at = positions[position]
        let molecule = convoys[Int(at.convoy)].molecules[Int(at.molecule)]
        return HistoryEntry(
            convoyID: molecule.convoyID, moleculeID: molecule.id, decision: molecule.trail[Int(at.decision)])
    }
}

extension DashboardState {
    /// Every decision record in a scope, newest first (ties by molecule and checkpoint).
    public func history(_ scope: HistoryScope) -> [HistoryEntry] {
        Array(historyIndex(scope).filtered(""))
    }

    func historyIndex(_ scope: HistoryScope) -> HistoryIndex {
        snapshot.cache.history(scope) {
            var convoys: [ConvoySnapshot]
            switch scope {
            case .all: convoys = snapshot.convoys
            case .convoy(let id): convoys = convoy(id).map { [$0] } ?? []
            case .molecule(let convoyID, let id):
                convoys = convoy(convoyID).map { [$0] } ?? []
                for c in convoys.indices { convoys[c].molecules = convoys[c].molecules.filter { $0.id == id } }
            }
            let trails = DecisionTrails(convoys)
            return HistoryIndex(count: trails.count) { trails[$0] }
        }
    }

    /// The History rows: filtered (`/`) by reviewer, checkpoint, molecule, convoy, reason, return step or mark.
    public func visibleHistory(_ scope: HistoryScope) -> HistoryRows {
        historyIndex(scope).filtered(filters[Route.history(scope).memoryKey] ?? "")
    }
}
