import Core
import Foundation

/// The `.beads/` store: loading (tolerant: one bad file never hides the others) and every
/// write, each atomic and taken under the molecule's (or convoy's) lock.
public struct BeadsStore: Sendable {
    public let layout: StoreLayout
    public let formulas: any FormulaSource
    /// How long a writer waits for a lock.
    public var lockTimeout: Double = FileLock.defaultTimeout
    /// Where this user's pins live (outside the workspace); nil: nothing is pinned (every genesis and policy is
    /// taken as first seen).
    public var trust: TrustStore?
    /// Verified signatures remembered between loads; nil: every signature is checked.
    public var signatureCache: SignatureCache?
    /// The clock a load compares record dates with (records dated in the future do not count).
    public var clock: @Sendable () -> Date = { Date() }

    public init(layout: StoreLayout, formulas: any FormulaSource) {
        self.layout = layout
        self.formulas = formulas
    }

    // MARK: - Reading

    /// The convoys, by name. An unreadable `convoys/` folder is an error naming it, never an empty store.
    public func convoyNames() throws(StoreError) -> [String] {
        try Directory.list(layout.convoys, directoriesOnly: true).filter { NameValidation.problem(with: $0) == nil }
    }

    /// A convoy's molecules, by name. An unreadable `molecules/` folder is an error naming it.
    public func moleculeNames(in convoy: String) throws(StoreError) -> [String] {
        try Confinement.checkFolder(layout.convoyDirectory(convoy))
        return try Directory.list(layout.moleculesDirectory(convoy), directoriesOnly: true)
            .filter { NameValidation.problem(with: $0) == nil }
    }

    /// A convoy's molecules for a load that goes on: an unreadable folder is the convoy's problem (its
    /// `loadConvoy` state names it), and it shows no molecules.
    func loadableMoleculeNames(in convoy: String) -> [String] { (try? moleculeNames(in: convoy)) ?? [] }

    public func loadConvoy(_ name: String) -> ConvoyState { loadConvoyListing(name).convoy }

    /// `loadConvoy`, with the names `loadableMoleculeNames` gives, from the one listing of its molecules.
    func loadConvoyListing(_ name: String) -> (convoy: ConvoyState, molecules: [String]) {
        let path = layout.convoyFile(name)
        let relative = layout.relative(path)
        do throws(StoreError) {
            try Confinement.checkFolder(layout.convoyDirectory(name))
            guard let bytes = try AtomicFile.read(path) else {
                let problem = StoreProblem(.schema, file: relative, message: "convoy.toml is missing")
                return (
                    ConvoyState(name: name, path: relative, file: nil, problems: [problem]),
                    loadableMoleculeNames(in: name)
                )
            }
            var (file, problems) = ConvoyFile.parse(bytes, name: name, file: relative)
            var molecules: [String] = []
            do throws(StoreError) {
                molecules = try moleculeNames(in: name)
            } catch {
                problems.append(
                    StoreProblem(
                        .schema, file: layout.relative(layout.moleculesDirectory(name)),
                        message: layout.relativeMessage(error.message)))
            }
            return (ConvoyState(name: name, path: relative, file: file, problems: problems), molecules)
        } catch {
            let problem = StoreProblem(.parse, file: relative, message: layout.relativeMessage(error.message))
            return (
                ConvoyState(name: name, path: relative, file: nil, problems: [problem]), loadableMoleculeNames(in: name)
            )
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
        for convoy in try convoyNames() where StoreDiscovery.isDirectory(layout.moleculeDirectory(convoy, name)) {
            // Named directly (not listed): a molecule folder or molecules/ that is a symlink out is refused here.
            try Confinement.check(layout.moleculeFile(convoy, name), writing: false)
            return convoy
        }
        throw StoreError(.notFound, "no molecule named \(name) (see `gastown molecule list`)")
    }

    public func loadMolecule(_ name: String) throws(StoreError) -> MoleculeState {
        let convoy = try convoy(ofMolecule: name)
        defer { signatureCache?.flush() }
        return loadMolecule(name, convoy: convoy, context: LoadContext(self))
    }

    /// What one load shares across molecules: the formulas, and who may sign what in each convoy.
    struct LoadContext: Sendable {
        let formulas: FormulaCache
        let signing: SigningContext
        let convoys: ConvoyFileCache
        let now: Date

        init(_ store: BeadsStore, cached: Bool = true) {
            formulas = FormulaCache(store.formulas)
            convoys = ConvoyFileCache(layout: store.layout)
            signing = store.signingContext(cached: cached)
            now = store.clock()
        }
    }

    func loadMolecule(_ name: String, convoy: String, context: LoadContext) -> MoleculeState {
        readMolecule(name, convoy: convoy, context: context).state
    }

    /// Loads a molecule, also handing back the bytes of its file as read (for a rewrite that edits them).
    func readMolecule(_ name: String, convoy: String, context: LoadContext) -> (state: MoleculeState, bytes: [UInt8]?) {
        let path = layout.moleculeFile(convoy, name)
        let relative = layout.relative(path)
        let authority = context.signing.authority(for: convoy)
        // Opened once: everything below is looked up by one name relative to it.
        let folder = StoreFolder.open(layout.moleculeDirectory(convoy, name))
        defer { folder.close() }
        let trail = AuditTrail(
            layout: layout, convoy: convoy, molecule: name, authority: authority, now: context.now, folder: folder)
        var state = MoleculeState(
            convoy: convoy, name: name, path: relative, file: nil, formula: nil,
            progress: nil, trail: trail, problems: [])
        state.convoyProblems = authority.problems
        state.signing = authority.policy
        state.loadedAt = context.now
        let bytes: [UInt8]
        do throws(StoreError) {
            if !folder.isOpen { try Confinement.checkFolder(folder.path) }
            guard let read = try folder.read("molecule.toml") else {
                state.problems.append(StoreProblem(.schema, file: relative, message: "molecule.toml is missing"))
                return (state, nil)
            }
            bytes = read
        } catch {
            state.problems.append(StoreProblem(.parse, file: relative, message: layout.relativeMessage(error.message)))
            return (state, nil)
        }
        let (file, problems) = MoleculeFile.parse(bytes, name: name, convoy: convoy, file: relative)
        state.problems += problems
        guard let file else { return (state, bytes) }
        state.file = file
        if file.unknownKeys[MergeConflicts.key] != nil {
            state.conflicts = MergeConflicts.list(in: file.tomlTable)
            state.problems += MergeConflicts.problems(state.conflicts, molecule: name, file: relative)
        }
        state.team = context.convoys.team(of: file, convoy: convoy)
        switch context.formulas.formula(named: file.formula) {
        case .failure(let error):
            // Reported on the molecule, naming where in the formula the problem is.
            state.problems += error.problems.map {
                StoreProblem(
                    .formula, file: relative, message: "formula \(file.formula) cannot be used: \($0.description)")
            }
            return (state, bytes)
        case .success(let formula):
            state.formula = formula
            if let pinned = file.formulaVersion, let current = formula.version, pinned != current {
                state.problems.append(
                    StoreProblem(
                        .formula, file: relative,
                        message:
                            "pinned to formula \(formula.name) version \(pinned), but the library has version \(current)",
                        severity: .warning))
            }
            // Evidence, findings and signed resolutions first: the gates' verdicts decide the steps' states.
            attachGateRecords(to: &state, authority: authority, now: context.now, folder: folder)
            let verdicts = GateVerdicts(
                .init(
                    formula: formula, file: file, evidence: state.gateRecords.evidence,
                    findings: state.findings.map(\.finding),
                    unreadableFindings: state.unreadableFindings, authority: authority, layout: layout,
                    now: context.now))
            let (progress, derived) = EffectiveState.derive(
                claimed: file, formula: formula,
                decisions: trail.decidingRecords, history: trail.verifiedRecords,
                verdicts: (verdicts.recorded, verdicts.live), fileName: relative)
            state.progress = progress
            state.problems += derived + verdicts.problems
            state.reportStatuses = state.computeReportStatuses()
        }
        return (state, bytes)
    }

    /// Loads the molecules of one convoy.
    public func loadMolecules(inConvoy convoy: String) -> [MoleculeState] {
        defer { signatureCache?.flush() }
        return loadInParallel(loadableMoleculeNames(in: convoy).map { (convoy, $0) }, context: LoadContext(self))
    }

    /// Loads every convoy and molecule for a command: an unreadable `convoys/` folder is an error naming it (a
    /// listing must never show an empty store). The dashboard uses `loadAll`, which shows it as a problem.
    public func loadAllForCommand() throws(StoreError) -> StoreSnapshot {
        _ = try convoyNames()
        return loadAll()
    }

    /// Loads every convoy and molecule.
    public func loadAll() -> StoreSnapshot {
        signatureCache?.preload()
        var convoys: [ConvoyState] = []
        var names: [(String, String)] = []
        var unreadable: [StoreProblem] = []
        do throws(StoreError) {
            let convoyNames = try convoyNames()
            // On every core too: each convoy's file is read and its molecules listed once.
            for (convoy, molecules) in ParallelArray.make(
                count: convoyNames.count, batch: 4,
                { index in
                    loadConvoyListing(convoyNames[index])
                })
            {
                convoys.append(convoy)
                names += molecules.map { (convoy.name, $0) }
            }
        } catch {
            unreadable.append(
                StoreProblem(
                    .schema, file: layout.relative(layout.convoys), message: layout.relativeMessage(error.message)))
        }
        let context = LoadContext(self)
        let molecules = loadInParallel(names, context: context)
        signatureCache?.flush()
        return StoreSnapshot(
            convoys: convoys.map { convoy in
                var convoy = convoy
                convoy.authority = context.signing.authority(for: convoy.name)
                return convoy
            }, molecules: molecules, problems: unreadable + context.signing.problems, signing: context.signing.policy)
    }

    /// Loads the molecules of `convoys` in order, handing each convoy's molecules to `deliver` (on
    /// the calling thread) as soon as they are loaded; `deliver` returns false to stop early. A load
    /// asked for in parts shares one `MoleculeLoad`.
    public func loadMolecules(ofConvoys convoys: [String], deliver: (String, [MoleculeState]) -> Bool) {
        MoleculeLoad(self).molecules(ofConvoys: convoys, deliver: deliver)
    }

    /// Loads molecules on every core (each load is independent file I/O and parsing); the
    /// result keeps the order of `names`.
    func loadInParallel(_ names: [(convoy: String, molecule: String)], context: LoadContext) -> [MoleculeState] {
        guard names.count > 1 else {
            return names.map { loadMolecule($0.molecule, convoy: $0.convoy, context: context) }
        }
        // Each worker takes the next few molecules as it is free, so no core idles while another still has a
        // long half (a convoy whose signatures are not cached yet costs far more than one that is).
        return ParallelArray.make(count: names.count, batch: 8) { i in
            loadMolecule(names[i].molecule, convoy: names[i].convoy, context: context)
        }
    }
}
