import Core
import DisplayText
import Foundation

/// Each gate's verdict, recomputed from its evidence — never read from a file that claims it.
///
/// `tests`, `compliance` and timed `timer` gates: `GateCheck` runs again on the counts, the scan (and for a
/// compliance gate the findings) recorded in the evidence file of the step's current attempt. The `passed`
/// written in molecule.toml and in the evidence file are claims: one that disagrees with the recomputed verdict
/// is a `gate-claim` problem, and the gate counts as failing (its step as blocked) until `gate check` runs
/// again. External gates pass only through a resolution a reviewer signed (`ConvoyAuthority`).
///
/// Two verdicts come out: `recorded`, what the check found when it ran (a step claimed finished is judged by
/// it), and `live`, what holds now — the same, except that a compliance gate weighs the findings open now, so
/// a blocking finding added after a pass fails it again.
struct GateVerdicts {
    var recorded: [String: GateResult] = [:]
    var live: [String: GateResult] = [:]
    var problems: [StoreProblem] = []

    /// What the verdicts are computed from: the molecule's claims, its evidence and findings, who may sign.
    struct Inputs {
        var formula: Formula
        var file: MoleculeFile
        var evidence: [String: GateEvidence]
        /// The findings as they count now (a blocking finding's unsigned resolution already undone).
        var findings: [ComplianceFinding]
        /// Finding files that could not be read: one might hide a blocking finding.
        var unreadableFindings: [String] = []
        var authority: ConvoyAuthority
        var layout: StoreLayout
        var now: Date
    }

    init(_ inputs: Inputs) {
        let claims = Dictionary(inputs.file.gates.map { ($0.id, $0.result) }, uniquingKeysWith: { a, _ in a })
        let claimedSteps = Dictionary(inputs.file.steps.map { ($0.id, $0.progress) }, uniquingKeysWith: { a, _ in a })
        for step in inputs.formula.steps {
            guard let gate = step.gate, gate.type != .human else { continue }
            let claimedStep = claimedSteps[step.id] ?? StepProgress()
            // Evidence counts for the step's current attempt only: a rejection starts a new one.
            let current = inputs.evidence[gate.id].flatMap {
                ($0.step == step.id || $0.step.isEmpty) && $0.attempt == claimedStep.attempt ? $0 : nil
            }
            judge(
                gate, step: step.id, startedAt: claimedStep.startedAt, claim: claims[gate.id], evidence: current,
                stale: inputs.evidence[gate.id], inputs)
        }
    }

    private mutating func judge(
        _ gate: Gate, step: String, startedAt: Date?, claim: GateResult?, evidence: GateEvidence?,
        stale: GateEvidence?, _ inputs: Inputs
    ) {
        // Names and advice are built only when used: most gates of most molecules have nothing recorded yet.
        var moleculeFile: String {
            inputs.layout.relative(inputs.layout.moleculeFile(inputs.file.convoy, inputs.file.name))
        }
        var evidenceFile: String {
            inputs.layout.relative(
                GateEvidenceStore.file(
                    inputs.layout, convoy: inputs.file.convoy, molecule: inputs.file.name, gate: gate.id))
        }
        let evaluated = !gate.type.isExternal || gate.timeout != nil
        var recheck: String { "`gastown gate \(evaluated ? "check" : "resolve") \(inputs.file.name) \(gate.id)`" }
        guard let evidence else {
            // A claim left from an earlier attempt (its evidence says so) is history. A failing claim is taken
            // as it is (a failure is never the risk); a passing one has nothing behind it.
            guard let claim, stale?.backs(claim) != true else { return }
            guard claim.passed else {
                recorded[gate.id] = claim
                live[gate.id] = claim
                return
            }
            let message =
                "molecule.toml says gate \(gate.id) passed, but no evidence of the current attempt backs it; it counts as failing until \(recheck) runs again"
            problems.append(StoreProblem(evaluated ? .gateClaim : .signature, file: moleculeFile, message: message))
            let failing = GateResult(
                gateID: gate.id, passed: false, summary: "recorded as passed without evidence: run \(recheck)",
                checkedAt: claim.checkedAt)
            recorded[gate.id] = failing
            live[gate.id] = failing
            return
        }
        let verdict: GateResult
        var liveVerdict: GateResult?
        switch gate.type {
        case .tests, .compliance:
            verdict = GateCheck.evaluate(
                gate, tests: evidence.tests, scan: evidence.scan, findings: evidence.openFindings ?? [],
                at: evidence.checkedAt)!
            if case .compliance(let blocking) = gate.type {
                var now = GateCheck.evaluate(
                    gate, tests: evidence.tests, scan: evidence.scan, findings: inputs.findings,
                    at: evidence.checkedAt)!
                let scanOnly = GateCheck.evaluate(gate, tests: nil, scan: evidence.scan, at: evidence.checkedAt)!
                now.failsOnFindingsAlone = !now.passed && scanOnly.passed
                if !blocking.isEmpty, !inputs.unreadableFindings.isEmpty, now.passed {
                    now.passed = false
                    now.summary =
                        "\(inputs.unreadableFindings.count) finding file(s) cannot be read (one may be blocking): "
                        + inputs.unreadableFindings.joined(separator: ", ")
                }
                liveVerdict = now
            }
        case .timer where gate.timeout != nil:
            // A check dated in the future proves nothing about the time elapsed.
            verdict = GateCheck.evaluateTimer(gate, startedAt: startedAt, at: min(evidence.checkedAt, inputs.now))!
        default:
            // An external gate's outcome is a person's act, not a computation: the signed resolution decides.
            let result = externalVerdict(gate, evidence: evidence, file: evidenceFile, inputs)
            recorded[gate.id] = result
            live[gate.id] = result
            return
        }
        var disagreeing: [String] = []
        if evidence.passed != verdict.passed { disagreeing.append("\(evidenceFile) says passed = \(evidence.passed)") }
        if let claim, claim.passed != verdict.passed {
            disagreeing.append("molecule.toml says passed = \(claim.passed)")
        }
        guard disagreeing.isEmpty else {
            let message =
                "gate \(gate.id): " + disagreeing.joined(separator: " and ")
                + ", but its evidence gives \(verdict.passed ? "a pass" : "a failure") (\(TerminalText.sanitizeLine(verdict.summary))); it counts as failing until \(recheck) runs again"
            problems.append(StoreProblem(.gateClaim, file: evidenceFile, message: message))
            var failing = verdict
            failing.passed = false
            failing.summary = "recorded verdict disagrees with its evidence: run \(recheck)"
            recorded[gate.id] = failing
            live[gate.id] = failing
            return
        }
        recorded[gate.id] = verdict
        live[gate.id] = liveVerdict ?? verdict
    }

    /// An external gate's outcome is a person's act: a pass counts only when a reviewer signed the resolution.
    private mutating func externalVerdict(_ gate: Gate, evidence: GateEvidence, file: String, _ inputs: Inputs)
        -> GateResult
    {
        var result = evidence.result
        guard evidence.passed else { return result }
        let claim = evidence.resolutionClaim(convoy: inputs.file.convoy, molecule: inputs.file.name)
        guard let problem = inputs.authority.problem(with: claim, now: inputs.now) else { return result }
        problems.append(
            StoreProblem(
                .signature, file: file, message: "the passing resolution of gate \(gate.id) does not count: \(problem)")
        )
        result.passed = false
        result.summary = "not passed: its resolution does not count"
        return result
    }
}
