import Foundation

/// One decision of the History view: the record and the molecule it belongs to.
public struct HistoryEntry: Sendable, Hashable {
    public var convoyID: String
    public var moleculeID: String
    public var decision: DecisionSnapshot
}

/// The decisions of one convoy, newest first (ties by molecule and checkpoint, descending; then in trail order),
/// kept as where each is in the convoy — its molecule and place in the molecule's trail, 8 bytes — rather than as
/// copies: at 100,000 molecules a copy of each of the 300,000 decisions with its ids took some 45 MB. A row's
/// `HistoryEntry` is made when it is drawn or searched. The History of every decision merges the convoys'
/// (`merged`), so a write sorts again only its own convoy's.
struct DecisionTrails: Sendable {
    private struct Position: Sendable {
        var molecule: UInt32
        var decision: UInt32
    }

    /// The convoy (its molecules' array is shared, not copied).
    let convoy: ConvoySnapshot
    private let positions: [Position]
    /// Each decision's time (seconds since the reference date) in order: what merging convoys compares first.
    private let times: [Double]

    init(_ convoy: ConvoySnapshot) {
        self.convoy = convoy
        let molecules = convoy.molecules
        var positions: [Position] = []
        var times: [Double] = []
        for m in molecules.indices {
            let trail = molecules[m].trail
            for d in trail.indices {
                positions.append(Position(molecule: UInt32(m), decision: UInt32(d)))
                times.append(trail[d].at.timeIntervalSinceReferenceDate)
            }
        }
        // Sorted by the time alone first, as plain numbers: the strings are compared only on ties.
        let order = positions.indices.sorted { a, b in
            if times[a] != times[b] { return times[a] > times[b] }
            return Self.tieKey(molecules, positions[a]) > Self.tieKey(molecules, positions[b])
        }
        self.positions = order.map { positions[$0] }
        self.times = order.map { times[$0] }
    }

    private static func tieKey(_ molecules: [MoleculeSnapshot], _ at: Position) -> (String, String) {
        let molecule = molecules[Int(at.molecule)]
        return (molecule.id, molecule.trail[Int(at.decision)].checkpointID)
    }

    var count: Int { positions.count }

    subscript(position: Int) -> HistoryEntry {
        let at = positions[position]
        let molecule = convoy.molecules[Int(at.molecule)]
        return HistoryEntry(
            convoyID: molecule.convoyID, moleculeID: molecule.id, decision: molecule.trail[Int(at.decision)])
    }

    /// The decisions of every convoy in the order one sort of them all would give (newest first, ties by molecule
    /// and checkpoint, then convoy by convoy as given): the flat numbers (each convoy's decisions numbered after the
    /// previous convoys') merged pairwise, a linear pass per round, as the convoys are each in order already.
    static func merged(_ trails: [DecisionTrails]) -> [UInt32] {
        var starts = [0]
        for trail in trails { starts.append(starts[starts.count - 1] + trail.count) }
        let times = trails.flatMap(\.times)
        func tieKey(_ flat: UInt32) -> (String, String) {
            var low = 0
            var high = trails.count - 1
            while low < high {
                let middle = (low + high + 1) / 2
                if starts[middle] <= Int(flat) { low = middle } else { high = middle - 1 }
            }
            return Self.tieKey(trails[low].convoy.molecules, trails[low].positions[Int(flat) - starts[low]])
        }
        /// Whether `right` (from a later run) goes before `left`: a tie keeps the earlier run's first.
        func before(_ right: UInt32, _ left: UInt32) -> Bool {
            let (r, l) = (times[Int(right)], times[Int(left)])
            if r != l { return r > l }
            return tieKey(right) > tieKey(left)
        }
        var current = Array(0..<UInt32(times.count))
        var next = [UInt32]()
        // The runs still to merge, by where each starts (and the end): the convoys with decisions at first.
        var bounds = starts.enumerated().filter { $0.offset == 0 || $0.element != starts[$0.offset - 1] }.map(\.element)
        while bounds.count > 2 {
            next.removeAll(keepingCapacity: true)
            next.reserveCapacity(current.count)
            var merged = [0]
            var run = 0
            while run + 1 < bounds.count {
                let (start, middle) = (bounds[run], bounds[run + 1])
                let end = run + 2 < bounds.count ? bounds[run + 2] : middle
                var (i, j) = (start, middle)
                while i < middle, j < end {
                    if before(current[j], current[i]) {
                        next.append(current[j])
                        j += 1
                    } else {
                        next.append(current[i])
                        i += 1
                    }
                }
                next.append(contentsOf: current[i..<middle])
                next.append(contentsOf: current[j..<end])
                merged.append(end)
                run += 2
            }
            swap(&current, &next)
            bounds = merged
        }
        return current
    }
}

extension DashboardState {
    /// Every decision record in a scope, newest first (ties by molecule and checkpoint).
    public func history(_ scope: HistoryScope) -> [HistoryEntry] {
        Array(historyIndex(scope).filtered(""))
    }

    func historyIndex(_ scope: HistoryScope) -> HistoryIndex {
        snapshot.cache.history(scope) { parts in
            switch scope {
            case .all: return parts.allHistory(snapshot.convoys)
            case .convoy(let id): return convoy(id).map(parts.history(of:)) ?? HistoryIndex([])
            case .molecule(let convoyID, let id):
                return convoy(convoyID).map { parts.history(of: id, in: $0) } ?? HistoryIndex([])
            }
        }
    }

    /// The History rows: filtered (`/`) by reviewer, checkpoint, molecule, convoy, reason, return step or mark.
    public func visibleHistory(_ scope: HistoryScope) -> HistoryRows {
        historyIndex(scope).filtered(filters[Route.history(scope).memoryKey] ?? "")
    }
}
