import Core
import DisplayText
import Foundation
import Store

/// The agent verbs' `--json` answers, built in one place: the CLI prints them under `--json` and `gastown mcp`
/// returns them as tool results (docs/mcp.md), so both speak the same fields (docs/store.md, "--json schemas").
/// Each verb takes its inputs already parsed; paths are absolute (the caller resolves and contains them).
public struct AgentVerbs: Sendable {
    public let store: BeadsStore
    /// Who the verbs record as the actor (`checked_by`, `recorded_by`, a started step's assignee); nil: nobody.
    public let agent: String?

    public init(store: BeadsStore, agent: String?) {
        self.store = store
        self.agent = agent
    }

    /// The store every verb uses: found as `--root`, `GASTOWN_ROOT` or the nearest `.beads/` say (docs/store.md),
    /// with this user's formulas, trust store and signature cache.
    public static func openStore(root: String?, environment: [String: String], currentDirectory: String)
        throws(StoreError) -> BeadsStore
    {
        let layout = try StoreDiscovery.locate(
            explicitRoot: root, environment: environment, currentDirectory: currentDirectory)
        var store = BeadsStore(layout: layout, formulas: StoreFormulas.source(for: layout, environment: environment))
        store.trust = TrustStore.locate(environment: environment)
        store.signatureCache = SignatureCache.locate(environment: environment, workspace: layout.workspace)
        return store
    }

    // MARK: reading

    /// `convoy list --json`: `{"convoys": [Convoy]}`.
    public func convoyList() throws(StoreError) -> JSON {
        let snapshot = try store.loadAllForCommand()
        let byConvoy = Dictionary(grouping: snapshot.molecules, by: \.convoy)
        return .object([
            (
                "convoys",
                .array(snapshot.convoys.map { StorePresentation.convoySummary($0, molecules: byConvoy[$0.name] ?? []) })
            )
        ])
    }

    /// `convoy show --json`: `{"convoy": Convoy, "molecules": [Molecule], "progression": ...}`.
    public func convoyShow(_ name: String, now: Date = Date()) throws(StoreError) -> JSON {
        _ = try store.requireConvoy(name)
        var convoy = store.loadConvoy(name)
        convoy.authority = try store.authority(ofConvoy: name)
        let molecules = store.loadMolecules(inConvoy: name)
        return .object([
            ("convoy", StorePresentation.convoySummary(convoy, molecules: molecules)),
            ("molecules", .array(molecules.map { StorePresentation.molecule($0, now: now) })),
            ("progression", DayPresentation.progress(try store.convoyProgress(name, molecules: molecules))),
        ])
    }

    /// The molecules `molecule list` shows for these filters (each optional), in store order. `fields`: how the
    /// caller spells the state and team filters in its errors (`--state` on the command line).
    public func molecules(
        convoy: String?, state: String?, assignee: String?, team: String?,
        fields: (state: String, team: String) = ("state", "team")
    ) throws(StoreError) -> [MoleculeState] {
        var filterState: MoleculeState.Summary?
        if let state {
            guard let parsed = MoleculeState.Summary(rawValue: state) else {
                throw StoreError(
                    .invalidInput,
                    "invalid \(fields.state) \"\(Output.safe(state))\": expected one of \(MoleculeState.Summary.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            filterState = parsed
        }
        var molecules: [MoleculeState]
        if let convoy {
            _ = try store.requireConvoy(convoy)
            molecules = store.loadMolecules(inConvoy: convoy)
        } else {
            molecules = try store.loadAllForCommand().molecules
        }
        if let filterState { molecules = molecules.filter { $0.summary == filterState } }
        if let team {
            let slug = try store.teamDirectory().require(team, as: fields.team, of: "any convoy").slug
            molecules = molecules.filter { $0.team?.slug == slug }
        }
        if let assignee {
            molecules = molecules.filter { m in
                m.file?.assignee == assignee || (m.progress?.steps.values.contains { $0.assignee == assignee } ?? false)
            }
        }
        return molecules
    }

    /// `molecule list --json`: `{"molecules": [Molecule]}`; with a page (`offset`, `limit`), also `"total"`,
    /// `"offset"` and `"limit"`, so a client pages through a large store without megabytes in one answer.
    public func moleculeList(_ molecules: [MoleculeState], page: (offset: Int, limit: Int)? = nil, now: Date = Date())
        -> JSON
    {
        guard let page else {
            return .object([("molecules", .array(molecules.map { StorePresentation.molecule($0, now: now) }))])
        }
        let start = min(page.offset, molecules.count)
        let shown = molecules[start..<min(molecules.count, start + page.limit)]
        return .object([
            ("molecules", .array(shown.map { StorePresentation.molecule($0, now: now) })),
            ("total", .integer(molecules.count)), ("offset", .integer(page.offset)), ("limit", .integer(page.limit)),
        ])
    }

    /// `molecule status --json`: the Molecule.
    public func moleculeStatus(_ name: String, now: Date = Date()) throws(StoreError) -> JSON {
        StorePresentation.molecule(try store.loadMolecule(name), now: now)
    }

    /// `checkpoint list --json`: one molecule's checkpoints with their decisions, or (nil) everything awaiting.
    public func checkpointList(_ molecule: String?) throws(StoreError) -> JSON {
        guard let molecule else { return CheckpointPresentation.awaiting(try store.loadAllForCommand().molecules) }
        return try CheckpointPresentation.checkpoints(try store.loadMolecule(molecule))
    }

    /// `gate show --json`: `{"molecule", "gates": [...]}`.
    public func gateShow(_ molecule: String, gate: String?) throws(StoreError) -> JSON {
        GatePresentation.show(molecule, statuses: try GatePresentation.statuses(try store.loadMolecule(molecule), gate))
    }

    /// `finding list --json`: `{"molecule", "findings", "problems"}` (and `error` when a file cannot be used).
    public func findingList(_ molecule: String?, openOnly: Bool) throws(StoreError) -> JSON {
        FindingPresentation.list(try findings(molecule), molecule: molecule, openOnly: openOnly)
    }

    /// The findings of one molecule, or (nil) of every molecule; an unreadable folder is an error.
    public func findings(_ molecule: String?) throws(StoreError) -> [MoleculeFindings] {
        if let molecule { return [try store.findings(of: molecule)] }
        return try store.allFindings()
    }

    /// `formula show --json`: the formula, looked up as `formula show` does (the workspace's, then built in).
    public func formulaShow(_ name: String) throws(StoreError) -> JSON {
        try NameValidation.validate(name, field: "formula name")
        let library = FormulaLibrary.workspace(
            store.layout.workspace, home: ProcessInfo.processInfo.environment["HOME"])
        let result = library.load(named: name)
        guard let formula = result.formula else {
            throw StoreError(
                .notFound, result.diagnostics.sortedByLocation().map(\.description).joined(separator: "\n"))
        }
        return FormulaJSON.formula(formula)
    }

    // MARK: writing (each answers with the molecule as it now is, as the CLI's --json does)

    public func moleculeCreate(
        name: String, convoy: String, formula: String, variables: [(key: String, value: String)],
        inputs: [String], assignee: String?, team: String?, day: Int?, now: Date = Date()
    ) throws(StoreError) -> JSON {
        _ = try store.createMolecule(
            name: name, convoy: convoy, formula: formula, variables: variables, inputs: inputs,
            assignee: assignee, team: team, day: day, now: now)
        return try moleculeStatus(name)
    }

    public func moleculeStart(_ name: String, step: String?, all: Bool, now: Date = Date()) throws(StoreError) -> JSON {
        if all, let step {
            throw StoreError(.invalidInput, "give either a step or all, not both (\(Output.safe(step)))")
        }
        if all {
            _ = try store.startAll(molecule: name, agent: agent, now: now)
        } else {
            _ = try store.start(molecule: name, step: step, agent: agent, now: now)
        }
        return try moleculeStatus(name)
    }

    public func moleculeComplete(_ name: String, step: String?, now: Date = Date()) throws(StoreError) -> JSON {
        _ = try completeStep(name, step: step, now: now)
        return try moleculeStatus(name)
    }

    /// Completes a step; a refusal by a gate carries the evidence behind the verdict and how to unblock.
    func completeStep(_ name: String, step: String?, now: Date) throws(StoreError) -> (
        state: MoleculeState, step: String, report: RenderedReport?
    ) {
        do throws(StoreError) {
            return try store.complete(molecule: name, step: step, now: now)
        } catch  where error.kind == .refused {
            let refused = (try? step ?? store.stepToComplete(molecule: name)).flatMap { id in
                GatePresentation.completionRefusal(error.message, store: store, molecule: name, step: id)
            }
            throw StoreError(.refused, refused ?? error.message)
        }
    }

    public func moleculeAssign(_ name: String, step: String?, assignee: String?, now: Date = Date()) throws(StoreError)
        -> JSON
    {
        try store.assign(molecule: name, step: step, to: assignee, now: now)
        return try moleculeStatus(name)
    }

    public func recordTests(_ name: String, step: String?, tests: GateTestInput, now: Date = Date()) throws(StoreError)
        -> JSON
    {
        try store.recordTests(molecule: name, step: step, tests: tests, checkedBy: agent, now: now)
        return try moleculeStatus(name)
    }

    /// `gate check --json`: the outcome; a failing gate's object carries `error` (kind `gate-failed`).
    public func gateCheck(_ name: String, gate: String?, tests: GateTestInput, now: Date = Date()) throws(StoreError)
        -> (json: JSON, passed: Bool)
    {
        let outcome = try store.checkGate(molecule: name, gate: gate, tests: tests, checkedBy: agent, now: now)
        return (GatePresentation.outcome(outcome), outcome.evidence.passed)
    }

    public func findingAdd(_ molecule: String, _ finding: NewFinding, now: Date = Date()) throws(StoreError) -> JSON {
        guard let agent else { throw StoreError(.invalidInput, "a finding needs who records it") }
        let record = try store.addFinding(molecule: molecule, finding, by: agent, now: now)
        return FindingPresentation.finding(record, convoy: try store.convoy(ofMolecule: molecule))
    }

    /// Resolves a medium or low finding as the agent; critical and high ones are refused before anything is read
    /// further (they are a reviewer's signed act).
    public func findingResolveAsAgent(_ molecule: String, id: String, note: String, now: Date = Date())
        throws(StoreError) -> JSON
    {
        guard let agent else { throw StoreError(.invalidInput, "a resolution needs who resolves it") }
        let record = try store.resolveFinding(
            molecule: molecule, id: id, by: agent, note: note, isAgent: true, signer: nil, now: now)
        return FindingPresentation.finding(record, convoy: try store.convoy(ofMolecule: molecule))
    }

    /// `report render --json`: `{"molecule", "report", "template_source", "created", "content"}`.
    public func reportRender(_ molecule: String, template: String?, templatePath: (path: String, display: String)?)
        throws(StoreError) -> JSON
    {
        ReportPresentation.rendered(
            molecule, try store.renderReport(molecule: molecule, template: template, templatePath: templatePath))
    }
}
