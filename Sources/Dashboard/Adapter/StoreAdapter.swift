import Core
import Foundation
import Store

/// Turns what the store loaded into the dashboard's plain snapshot. Pure: no file access. Every state word,
/// glyph, verdict and problem comes from the store's `MoleculeSummary`, the same as `molecule status`.
public enum StoreAdapter {
    public static func snapshot(_ store: StoreSnapshot, root: String) -> WorkspaceSnapshot {
        WorkspaceIndex(store, root: root).snapshot
    }

    static func problem(_ problem: StoreProblem) -> LoadProblem {
        LoadProblem(file: problem.file, message: problem.description)
    }

    /// The molecule as the dashboard shows it; an invalid one is an error row with its problems.
    public static func moleculeSnapshot(_ molecule: MoleculeState) -> MoleculeSnapshot {
        var definitions = StepDefinitions()
        return moleculeSnapshot(molecule, definitions: &definitions)
    }

    /// The molecule, its steps referring to the definitions shared by the molecules of its formula.
    static func moleculeSnapshot(_ molecule: MoleculeState, definitions: inout StepDefinitions) -> MoleculeSnapshot {
        let summary = molecule.summarize(now: molecule.loadedAt)
        let problems = summary.problems.filter { $0.severity == .error }.map(\.description)
        guard let file = molecule.file, let formula = molecule.formula, molecule.progress != nil else {
            return .invalid(
                id: molecule.name, convoyID: molecule.convoy, formula: molecule.file?.formula ?? "",
                team: molecule.file?.assignee ?? "", problems: problems)
        }
        let blockers = Dictionary(
            summary.openCheckpoints.map { ($0.step, $0.approvalBlockers) }, uniquingKeysWith: { a, _ in a })
        let steps = zip(definitions.shared(formula), summary.steps).map { (definition, s) -> StepSnapshot in
            var snapshot = StepSnapshot(
                definition, state: s.status, attempt: s.attempt, startedAt: s.startedAt, completedAt: s.completedAt,
                assignee: s.assignee, awaitingSince: s.awaitingSince, sentBack: s.sentBack)
            snapshot.approvalBlockers = blockers[s.id] ?? []
            return snapshot
        }
        let history = (molecule.progress?.history ?? []).map {
            DecisionSnapshot(
                checkpointID: $0.checkpointID, stepID: $0.stepID, approved: $0.decision == .approved,
                reviewer: $0.reviewer, reason: $0.reason, returnedTo: $0.returnedTo, at: $0.at)
        }
        let gates = summary.gates.filter { $0.result != nil }.sorted { $0.result!.checkedAt < $1.result!.checkedAt }
            .map(
                GateEvidenceLines.snapshot)
        let version = formula.version.map { "\($0)" } ?? file.formulaVersion.map { "\($0)" } ?? ""
        let judged = Dictionary(
            molecule.reportStatuses.compactMap { status in status.report.map { ($0.name, status.isCurrent) } },
            uniquingKeysWith: { a, b in a && b })
        var snapshot = MoleculeSnapshot(
            id: molecule.name, convoyID: molecule.convoy, formula: formula.name,
            formulaVersion: version, team: molecule.team?.displayName ?? "", steps: steps, history: history,
            gates: gates, inputs: file.inputs, lastActivity: summary.lastActivity,
            reports: molecule.gateRecords.reports.map {
                ReportSnapshot(name: $0.name, path: $0.absolutePath, template: $0.template, isCurrent: judged[$0.name])
            }, current: summary.current, currentAreReady: summary.currentAreReady, state: summary.state,
            remaining: summary.remaining.map(seconds))
        snapshot.problems = problems
        snapshot.warnings = summary.problems.filter { $0.severity == .warning }.map(\.description)
        snapshot.trailProblems = summary.trailProblems.map(\.description)
        snapshot.findings = molecule.findings.map(finding)
        let records = trail(molecule.trail)
        // Every decision counted and signed (the usual case): the History shares the Molecule view's array
        // instead of holding a second copy of each decision.
        snapshot.trail = records == snapshot.history ? snapshot.history : records
        return snapshot
    }

    /// Every record of the trail with its mark: signed and verified, unsigned (an unsigned workspace), or a
    /// problem with the trail's reason.
    static func trail(_ trail: AuditTrail) -> [DecisionSnapshot] {
        trail.entries.map { entry in
            let record = entry.record
            let mark: DecisionMark
            if !entry.verified {
                let problem = trail.problems.first { $0.file.hasSuffix("/" + entry.file) }
                mark = .problem(problem?.message ?? "it does not verify")
            } else {
                mark = (record.signature ?? "").isEmpty ? .unsigned : .signed
            }
            return DecisionSnapshot(
                checkpointID: record.checkpoint, stepID: record.step, approved: record.decision == .approved,
                reviewer: record.reviewer, reason: record.reason, returnedTo: record.returnedTo, at: record.date,
                mark: mark)
        }
    }

    static func finding(_ record: FindingRecord) -> FindingSnapshot {
        let f = record.finding
        return FindingSnapshot(
            id: record.id, severity: f.severity.rawValue, category: f.category, title: f.title, detail: f.detail,
            location: f.location, blocking: f.isBlocking, isOpen: f.isOpen, recordedBy: record.recordedBy,
            recorded: record.recorded, resolvedBy: f.resolution?.by, resolvedAt: f.resolution?.at,
            resolutionNote: f.resolution?.note, path: record.path)
    }

    static func seconds(_ duration: Duration) -> TimeInterval {
        let parts = duration.components
        return TimeInterval(parts.seconds) + TimeInterval(parts.attoseconds) / 1e18
    }
}
