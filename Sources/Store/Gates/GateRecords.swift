import Core
import DisplayText
import Foundation

/// What a loaded molecule carries besides its progress, for the CLI and the dashboard: the evidence
/// of each gate check, the manual checks confirmed, and the reports rendered (newest last).
public struct GateRecords: Sendable, Hashable {
    /// Per gate id, the latest evidence file (which may be stale: see `current(_:in:)`).
    public var evidence: [String: GateEvidence] = [:]
    public var manualChecks: [ManualConfirmation] = []
    public var reports: [ReportFile] = []

    public init() {}

    public var confirmedChecks: Set<String> { Set(manualChecks.map(\.check)) }

    /// The evidence behind the molecule's current verdict for a gate, if the file matches it.
    public func current(_ gateID: String, in progress: MoleculeProgress?) -> GateEvidence? {
        guard let e = evidence[gateID], e.backs(progress?.gateResults[gateID]) else { return nil }
        return e
    }

    /// The newest report, if any.
    public var latestReport: ReportFile? { reports.last }
}

/// How one gate stands for a molecule: what the dashboard paints red or green.
public struct GateStatus: Sendable, Hashable {
    public enum Verdict: String, Sendable, Hashable {
        case passed, failing
        case unchecked = "not-checked"
    }
    public var gate: Gate
    public var stepID: String
    public var verdict: Verdict
    public var result: GateResult?
    /// The evidence file behind `result`, when there is one.
    public var evidence: GateEvidence?
    /// Whether this gate currently stops its step from completing.
    public var blocking: Bool
}

extension MoleculeState {
    /// Every gate of the formula with its verdict and evidence, in formula order.
    public var gateStatuses: [GateStatus] {
        guard let formula, let progress else { return [] }
        return formula.steps.compactMap { step in
            guard let gate = step.gate else { return nil }
            let result = progress.gateResults[gate.id]
            let verdict: GateStatus.Verdict = result.map { $0.passed ? .passed : .failing } ?? .unchecked
            let status = progress.steps[step.id]?.status ?? .pending
            let blocking = gate.blocksCompletion && verdict != .passed && status != .done && status != .awaitingApproval
            return GateStatus(
                gate: gate, stepID: step.id, verdict: verdict, result: result,
                evidence: gateRecords.current(gate.id, in: progress), blocking: blocking)
        }
    }

    /// The molecule's day in its convoy (1 when molecule.toml does not say).
    public var day: Int { file?.day ?? 1 }
}

extension BeadsStore {
    /// Loads `M/gates/`, `M/manual-checks.toml`, `M/reports/` and `M/findings/` onto a loaded molecule (before its
    /// effective state is derived: the gates' verdicts are recomputed from them, see `GateVerdicts`).
    ///
    /// A manual confirmation counts only when a reviewer signed it (`ConvoyAuthority`): otherwise it is a problem
    /// and the check is not confirmed. A blocking finding's resolution likewise (`FindingStore.load`).
    func attachGateRecords(to state: inout MoleculeState, authority: ConvoyAuthority, now: Date, folder: StoreFolder) {
        let (evidence, problems) = GateEvidenceStore.load(layout, in: folder)
        var (manual, manualProblems) = ManualConfirmation.load(layout, in: folder)
        let manualFile = layout.relative(
            GateEvidenceStore.manualChecksFile(layout, convoy: state.convoy, molecule: state.name))
        manual.removeAll { confirmation in
            guard
                let problem = authority.problem(
                    with: confirmation.claim(convoy: state.convoy, molecule: state.name), now: now)
            else { return false }
            manualProblems.append(
                StoreProblem(
                    .signature, file: manualFile,
                    message:
                        "the confirmation of manual check \"\(TerminalText.sanitizeLine(confirmation.check))\" by \(TerminalText.sanitizeLine(confirmation.by)) does not count: \(problem)"
                ))
            return true
        }
        let (findings, findingProblems) = FindingStore.load(
            layout, convoy: state.convoy, molecule: state.name, in: folder, authority: authority, now: now)
        state.gateRecords.evidence = evidence
        state.gateRecords.manualChecks = manual
        do throws(StoreError) {
            state.gateRecords.reports = try ReportStore.list(layout, in: folder)
        } catch {
            let folder = layout.relative(layout.reportsDirectory(state.convoy, state.name))
            state.problems.append(StoreProblem(.parse, file: folder, message: layout.relativeMessage(error.message)))
        }
        state.findings = findings
        state.unreadableFindings = findingProblems.filter { $0.category != .signature }.map(\.file)
        state.problems += problems + manualProblems + findingProblems
    }
}
