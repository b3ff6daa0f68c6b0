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

    /// A convoy row as `currentSnapshot()` shows it, kept until something in the convoy changes.
    struct BuiltRow: Sendable {
        var convoy: ConvoySnapshot
        var problems: [LoadProblem]
        var approvals: [ApprovalItem]
    }

    public let root: String
    private var convoyOrder: [String] = []
    private var convoys: [String: ConvoyEntry] = [:]
    /// Each convoy's molecules, sorted by name: every snapshot is kept once, and a row shares its array.
    private var molecules: [String: SortedMolecules] = [:]
    private var globalProblems: [LoadProblem] = []
    /// The workspace's signing policy is `unsigned` (shown on every screen).
    public var isUnsigned = false
    /// Who the dashboard decides as, and where they may decide (by convoy), when known.
    public var viewer: Viewer?
    /// The clone against its upstream (read from the refs at each load, never fetched).
    public var remote: WorkspaceSnapshot.RemoteStatus?
    public private(set) var rights: [String: DecisionRight] = [:]
    /// Convoys whose molecules have not been delivered yet (a progressive load).
    private var loading: Set<String> = []
    /// Convoy rows already built for `currentSnapshot()`, dropped when anything in them changes.
    private var built: [String: BuiltRow] = [:]

    public init(_ store: StoreSnapshot, root: String) {
        self.root = root
        for convoy in store.convoys { replace(convoy: convoy) }
        for (convoy, states) in Dictionary(grouping: store.molecules, by: \.convoy) {
            molecules[convoy] = SortedMolecules(states)
        }
        globalProblems = store.problems.filter { $0.severity == .error }.map(StoreAdapter.problem)
        isUnsigned = store.signing == .unsigned
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
        finishLoading(LoadedConvoy(convoy: convoy, molecules: molecules))
    }

    /// One convoy's molecules, loaded and adapted in the background: filing them costs no
    /// conversion on the caller's thread.
    public mutating func finishLoading(_ loaded: LoadedConvoy) {
        let name = loaded.convoy
        if molecules[name]?.isEmpty ?? true {
            molecules[name] = loaded.molecules
        } else {
            // Something reloaded one of its molecules meanwhile: the delivered copies win, as a reload would.
            molecules[name]!.merge(loaded.molecules)
        }
        loading.remove(name)
        built[name] = nil
    }

    /// Records whether the viewer may decide a convoy (its row is rebuilt).
    public mutating func setRight(_ right: DecisionRight, convoy: String) {
        guard rights[convoy] != right else { return }
        rights[convoy] = right
        built[convoy] = nil
    }

    public mutating func replace(convoy: ConvoyState) {
        if convoys[convoy.name] == nil { convoyOrder.append(convoy.name) }
        built[convoy.name] = nil
        let teams = convoy.file?.teamDirectory
        convoys[convoy.name] = ConvoyEntry(
            title: convoy.file?.title ?? convoy.name,
            teams: (convoy.file?.teams ?? []).map { teams?.displayName($0) ?? $0 },
            problems: convoy.allProblems.filter { $0.severity == .error || $0.category == .mergeConflict }
                .map(StoreAdapter.problem))
    }

    public mutating func replace(molecule: MoleculeState) {
        built[molecule.convoy] = nil
        molecules[molecule.convoy, default: SortedMolecules()].set(molecule)
    }

    /// Every molecule of a convoy, read anew (its reviewers changed: each decision is checked again).
    public mutating func replace(molecules states: [MoleculeState], convoy: String) {
        molecules[convoy] = SortedMolecules(states)
        built[convoy] = nil
    }

    public mutating func removeMolecule(_ name: String, convoy: String) {
        molecules[convoy]?.remove(name)
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
        var approvals: [ApprovalItem] = []
        result.reserveCapacity(convoyOrder.count)
        for name in convoyOrder {
            guard let convoy = convoys[name] else { continue }
            let row = built[name] ?? build(name, convoy)
            built[name] = row
            result.append(row.convoy)
            problems += row.problems
            approvals += row.approvals
        }
        var snapshot = WorkspaceSnapshot(
            root: root, convoys: result, errors: problems + globalProblems,
            unsortedApprovals: approvals)
        snapshot.isUnsigned = isUnsigned
        snapshot.viewer = viewer
        snapshot.remote = remote
        return snapshot
    }

    private func build(_ name: String, _ convoy: ConvoyEntry) -> BuiltRow {
        let sorted = molecules[name] ?? SortedMolecules()
        var row = ConvoySnapshot(
            id: name, title: convoy.title, teams: convoy.teams, molecules: sorted.snapshots,
            isLoading: loading.contains(name))
        row.right = rights[name] ?? .unknown
        return BuiltRow(
            convoy: row, problems: convoy.problems + sorted.problemsInOrder,
            approvals: WorkspaceSnapshot.approvals(in: row))
    }
}

/// One convoy's molecules adapted for the dashboard, sorted by name, ready to file with
/// `WorkspaceIndex.finishLoading(_:)`. Pure and Sendable: built on a loading thread, so the
/// thread that draws only files finished rows.
public struct LoadedConvoy: Sendable {
    public let convoy: String
    let molecules: SortedMolecules

    public init(convoy: String, molecules: [MoleculeState]) {
        self.convoy = convoy
        self.molecules = SortedMolecules(molecules)
    }
}
