import Foundation
import Store

/// The loaded workspace kept by convoy and molecule, so a change to one file reloads one
/// molecule instead of the whole tree. Pure: the caller loads, this only files the results.
public struct WorkspaceIndex: Sendable {
    struct ConvoyEntry: Sendable {
        var title: String
        var teams: [String]
        var problems: [LoadProblem]
    }

    struct MoleculeEntry: Sendable {
        var snapshot: MoleculeSnapshot?
        var problems: [LoadProblem]
    }

    public let root: String
    private var convoyOrder: [String] = []
    private var convoys: [String: ConvoyEntry] = [:]
    private var molecules: [String: [String: MoleculeEntry]] = [:]
    private var globalProblems: [LoadProblem] = []
    /// Convoys whose molecules have not been delivered yet (a progressive load).
    private var loading: Set<String> = []
    /// Convoy rows already built for `currentSnapshot()`, dropped when anything in them changes.
    private var built: [String: (convoy: ConvoySnapshot, problems: [LoadProblem])] = [:]

    public init(_ store: StoreSnapshot, root: String) {
        self.root = root
        for convoy in store.convoys { replace(convoy: convoy) }
        for molecule in store.molecules { replace(molecule: molecule) }
        globalProblems = store.problems.filter { $0.severity == .error }.map(StoreAdapter.problem)
    }

    /// The convoys alone, each marked as loading until `finishLoading` brings its molecules.
    public init(convoys: [ConvoyState], root: String) {
        self.root = root
        for convoy in convoys { replace(convoy: convoy) }
        loading = Set(convoys.map(\.name))
    }

    public var isLoading: Bool { !loading.isEmpty }

    /// One convoy's molecules, loaded in the background.
    public mutating func finishLoading(convoy: String, molecules: [MoleculeState]) {
        for molecule in molecules { replace(molecule: molecule) }
        loading.remove(convoy)
        built[convoy] = nil
    }

    public mutating func replace(convoy: ConvoyState) {
        if convoys[convoy.name] == nil { convoyOrder.append(convoy.name) }
        built[convoy.name] = nil
        convoys[convoy.name] = ConvoyEntry(
            title: convoy.file?.title ?? convoy.name, teams: convoy.file?.teams ?? [],
            problems: convoy.problems.filter { $0.severity == .error }.map(StoreAdapter.problem))
    }

    public mutating func replace(molecule: MoleculeState) {
        built[molecule.convoy] = nil
        molecules[molecule.convoy, default: [:]][molecule.name] = MoleculeEntry(
            snapshot: StoreAdapter.moleculeSnapshot(molecule),
            problems: molecule.allProblems.filter { $0.severity == .error }.map(StoreAdapter.problem))
    }

    public mutating func removeMolecule(_ name: String, convoy: String) {
        molecules[convoy]?[name] = nil
        built[convoy] = nil
    }

    /// The dashboard's snapshot: convoys in load order, molecules by name.
    public var snapshot: WorkspaceSnapshot {
        var copy = self
        copy.built = [:]
        return copy.currentSnapshot()
    }

    /// The snapshot, rebuilding only the convoys that changed since the last call (a progressive
    /// load or a one-molecule reload costs one convoy, not the whole workspace).
    public mutating func currentSnapshot() -> WorkspaceSnapshot {
        var result: [ConvoySnapshot] = []
        var problems: [LoadProblem] = []
        for name in convoyOrder {
            guard let convoy = convoys[name] else { continue }
            let row = built[name] ?? build(name, convoy)
            built[name] = row
            result.append(row.convoy)
            problems += row.problems
        }
        return WorkspaceSnapshot(root: root, convoys: result, errors: problems + globalProblems)
    }

    private func build(_ name: String, _ convoy: ConvoyEntry) -> (convoy: ConvoySnapshot, problems: [LoadProblem]) {
        var problems = convoy.problems
        let entries = (molecules[name] ?? [:]).sorted { $0.key < $1.key }
        for (_, entry) in entries { problems += entry.problems }
        return (ConvoySnapshot(id: name, title: convoy.title, teams: convoy.teams,
                               molecules: entries.compactMap { $0.value.snapshot }, isLoading: loading.contains(name)),
                problems)
    }
}
