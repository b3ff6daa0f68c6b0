import Core
import Foundation

/// The `.beads/` store: loading (tolerant: one bad file never hides the others) and every
/// write, each atomic and taken under the molecule's (or convoy's) lock.
public struct BeadsStore: Sendable {
    public let layout: StoreLayout
    public let formulas: any FormulaSource
    /// How long a writer waits for a lock.
    public var lockTimeout: Double = FileLock.defaultTimeout

    public init(layout: StoreLayout, formulas: any FormulaSource) {
        self.layout = layout
        self.formulas = formulas
    }

    // MARK: - Reading

    public func convoyNames() -> [String] {
        Directory.list(layout.convoys, directoriesOnly: true).filter { NameValidation.problem(with: $0) == nil }
    }

    public func moleculeNames(in convoy: String) -> [String] {
        Directory.list(layout.moleculesDirectory(convoy), directoriesOnly: true)
            .filter { NameValidation.problem(with: $0) == nil }
    }

    public func loadConvoy(_ name: String) -> ConvoyState {
        let path = layout.convoyFile(name)
        let relative = layout.relative(path)
        do throws(StoreError) {
            guard let bytes = try AtomicFile.read(path) else {
                return ConvoyState(name: name, path: relative, file: nil,
                                   problems: [StoreProblem(.schema, file: relative, message: "convoy.toml is missing")])
            }
            let (file, problems) = ConvoyFile.parse(bytes, name: name, file: relative)
            return ConvoyState(name: name, path: relative, file: file, problems: problems)
        } catch {
            return ConvoyState(name: name, path: relative, file: nil, problems: [StoreProblem(.parse, file: relative, message: error.message)])
        }
    }

    /// A convoy that must exist and parse.
    public func requireConvoy(_ name: String) throws(StoreError) -> ConvoyFile {
        try NameValidation.validate(name, field: "convoy name")
        guard StoreDiscovery.isDirectory(layout.convoyDirectory(name)) else {
            throw StoreError(.notFound, "no convoy named \(name) (see `gastown convoy list`)")
        }
        let state = loadConvoy(name)
        guard let file = state.file else {
            throw StoreError(.io, state.problems.map(\.description).joined(separator: "\n"))
        }
        return file
    }

    /// The convoy holding molecule `name` (names are unique across the store).
    public func convoy(ofMolecule name: String) throws(StoreError) -> String {
        try NameValidation.validate(name, field: "molecule name")
        for convoy in convoyNames() where StoreDiscovery.isDirectory(layout.moleculeDirectory(convoy, name)) {
            return convoy
        }
        throw StoreError(.notFound, "no molecule named \(name) (see `gastown molecule list`)")
    }

    public func loadMolecule(_ name: String) throws(StoreError) -> MoleculeState {
        let convoy = try convoy(ofMolecule: name)
        return loadMolecule(name, convoy: convoy, cache: FormulaCache(formulas))
    }

    func loadMolecule(_ name: String, convoy: String, cache: FormulaCache) -> MoleculeState {
        let path = layout.moleculeFile(convoy, name)
        let relative = layout.relative(path)
        let trail = AuditTrail(layout: layout, convoy: convoy, molecule: name)
        var state = MoleculeState(convoy: convoy, name: name, path: relative, file: nil, formula: nil,
                                  progress: nil, trail: trail, problems: [])
        let bytes: [UInt8]
        do throws(StoreError) {
            guard let read = try AtomicFile.read(path) else {
                state.problems.append(StoreProblem(.schema, file: relative, message: "molecule.toml is missing"))
                return state
            }
            bytes = read
        } catch {
            state.problems.append(StoreProblem(.parse, file: relative, message: error.message))
            return state
        }
        let (file, problems) = MoleculeFile.parse(bytes, name: name, convoy: convoy, file: relative)
        state.problems += problems
        guard let file else { return state }
        state.file = file
        switch cache.formula(named: file.formula) {
        case .failure(let error):
            state.problems += error.problems.map {
                var p = $0
                p.message = "formula \(file.formula): \(p.message)"
                p.file = relative
                p.category = .formula
                return p
            }
            return state
        case .success(let formula):
            state.formula = formula
            if let pinned = file.formulaVersion, let current = formula.version, pinned != current {
                state.problems.append(StoreProblem(.formula, file: relative,
                    message: "pinned to formula \(formula.name) version \(pinned), but the library has version \(current)",
                    severity: .warning))
            }
            let (progress, derived) = EffectiveState.derive(claimed: file, formula: formula,
                                                            decisions: trail.verifiedRecords, fileName: relative)
            state.progress = progress
            state.problems += derived
        }
        return state
    }

    /// Loads the molecules of one convoy.
    public func loadMolecules(inConvoy convoy: String) -> [MoleculeState] {
        let cache = FormulaCache(formulas)
        return moleculeNames(in: convoy).map { loadMolecule($0, convoy: convoy, cache: cache) }
    }

    /// Loads every convoy and molecule.
    public func loadAll() -> StoreSnapshot {
        let cache = FormulaCache(formulas)
        var convoys: [ConvoyState] = []
        var molecules: [MoleculeState] = []
        for name in convoyNames() {
            convoys.append(loadConvoy(name))
            for molecule in moleculeNames(in: name) {
                molecules.append(loadMolecule(molecule, convoy: name, cache: cache))
            }
        }
        return StoreSnapshot(convoys: convoys, molecules: molecules, problems: [])
    }
}
