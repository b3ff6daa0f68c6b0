import Store

/// A convoy's molecule snapshots sorted by name, each kept once: a convoy row shows `snapshots` itself (the
/// array is shared, not copied), and the problems are filed beside it by molecule name. At 100,000 molecules a
/// second copy (by name and again in the sorted row) cost tens of megabytes.
struct SortedMolecules: Sendable {
    /// A molecule as the dashboard shows it, with its load problems.
    struct Entry: Sendable {
        var snapshot: MoleculeSnapshot
        var problems: [LoadProblem]

        init(_ molecule: MoleculeState, definitions: inout StepDefinitions) {
            snapshot = StoreAdapter.moleculeSnapshot(molecule, definitions: &definitions)
            problems = molecule.allProblems.filter { $0.severity == .error }.map(StoreAdapter.problem)
        }
    }

    /// Sorted by `id` (the molecule's name), one per name.
    private(set) var snapshots: [MoleculeSnapshot] = []
    /// The load problems of the molecules that have any, by name.
    private var problems: [String: [LoadProblem]] = [:]
    /// The step definitions of the convoy's formulas, shared by its molecules (and by those filed later).
    private var definitions = StepDefinitions()

    init() {}

    /// The molecules adapted, by name; of two with one name, the last.
    init(_ states: [MoleculeState]) {
        var byName: [String: Entry] = [:]
        for state in states { byName[state.name] = Entry(state, definitions: &definitions) }
        snapshots.reserveCapacity(byName.count)
        for name in byName.keys.sorted() {
            let entry = byName[name]!
            snapshots.append(entry.snapshot)
            if !entry.problems.isEmpty { problems[name] = entry.problems }
        }
    }

    var isEmpty: Bool { snapshots.isEmpty }

    /// The problems in molecule order.
    var problemsInOrder: [LoadProblem] {
        problems.isEmpty ? [] : snapshots.flatMap { problems[$0.id] ?? [] }
    }

    /// Files the molecule, replacing the one of the same name.
    mutating func set(_ molecule: MoleculeState) {
        let entry = Entry(molecule, definitions: &definitions)
        file(entry.snapshot)
        problems[entry.snapshot.id] = entry.problems.isEmpty ? nil : entry.problems
    }

    mutating func remove(_ name: String) {
        let position = firstPosition(notBefore: name)
        if position < snapshots.count, snapshots[position].id == name { snapshots.remove(at: position) }
        problems[name] = nil
    }

    /// Every molecule of `other` filed here, replacing those of the same name.
    mutating func merge(_ other: SortedMolecules) {
        for snapshot in other.snapshots {
            file(snapshot)
            problems[snapshot.id] = other.problems[snapshot.id]
        }
    }

    private mutating func file(_ snapshot: MoleculeSnapshot) {
        let position = firstPosition(notBefore: snapshot.id)
        if position < snapshots.count, snapshots[position].id == snapshot.id {
            snapshots[position] = snapshot
        } else {
            snapshots.insert(snapshot, at: position)
        }
    }

    /// Where `name` is or would go (binary search over the sorted names).
    private func firstPosition(notBefore name: String) -> Int {
        var low = 0
        var high = snapshots.count
        while low < high {
            let middle = (low + high) / 2
            if snapshots[middle].id < name { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
