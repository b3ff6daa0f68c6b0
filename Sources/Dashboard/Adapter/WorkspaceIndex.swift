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

    public init(_ store: StoreSnapshot, root: String) {
        self.root = root
        for convoy in store.convoys { replace(convoy: convoy) }
        for molecule in store.molecules { replace(molecule: molecule) }
        globalProblems = store.problems.filter { $0.severity == .error }.map(StoreAdapter.problem)
    }

    public mutating func replace(convoy: ConvoyState) {
        if convoys[convoy.name] == nil { convoyOrder.append(convoy.name) }
        convoys[convoy.name] = ConvoyEntry(
            title: convoy.file?.title ?? convoy.name, teams: convoy.file?.teams ?? [],
            problems: convoy.problems.filter { $0.severity == .error }.map(StoreAdapter.problem))
    }

    public mutating func replace(molecule: MoleculeState) {
        molecules[molecule.convoy, default: [:]][molecule.name] = MoleculeEntry(
            snapshot: StoreAdapter.moleculeSnapshot(molecule),
            problems: molecule.allProblems.filter { $0.severity == .error }.map(StoreAdapter.problem))
    }

    public mutating func removeMolecule(_ name: String, convoy: String) {
        molecules[convoy]?[name] = nil
    }

    /// The dashboard's snapshot: convoys in load order, molecules by name.
    public var snapshot: WorkspaceSnapshot {
        var result: [ConvoySnapshot] = []
        var problems: [LoadProblem] = []
        for name in convoyOrder {
            guard let convoy = convoys[name] else { continue }
            problems += convoy.problems
            let entries = (molecules[name] ?? [:]).sorted { $0.key < $1.key }
            for (_, entry) in entries { problems += entry.problems }
            result.append(ConvoySnapshot(id: name, title: convoy.title, teams: convoy.teams,
                                         molecules: entries.compactMap { $0.value.snapshot }))
        }
        return WorkspaceSnapshot(root: root, convoys: result, errors: problems + globalProblems)
    }
}
