import Core
import DisplayText
import Foundation

/// Test results given to a gate check.
public enum GateTestInput: Sendable {
    /// Use the counts already recorded for the gate (`molecule record-tests`, or an earlier check).
    case recorded
    case counts(TestCounts)
    /// JUnit XML files: (absolute path to read, name to show and store).
    case junit([(path: String, name: String)])

    /// Counts given on the command line (`--passed/--failed/--skipped`, absent ones 0): each from 0 to
    /// `TestCounts.maximum`, so no sum or rate overflows.
    public static func counts(passed: Int?, failed: Int?, skipped: Int?) throws(StoreError) -> GateTestInput {
        for (flag, value) in [("--passed", passed), ("--failed", failed), ("--skipped", skipped)] {
            guard let value else { continue }
            guard value >= 0, value <= TestCounts.maximum else {
                throw StoreError(
                    .invalidInput, "\(flag) must be from 0 to \(TestCounts.maximum), found \(value)")
            }
        }
        return .counts(TestCounts(passed: passed ?? 0, failed: failed ?? 0, skipped: skipped ?? 0))
    }
}

/// What `checkGate` / `resolveGate` did.
public struct GateCheckOutcome: Sendable {
    public var gate: Gate
    public var stepID: String
    public var evidence: GateEvidence
    /// False for an external gate that was only shown (nothing recorded).
    public var recorded: Bool
    public var molecule: MoleculeState
}

extension BeadsStore {
    /// Picks a molecule's gate: by gate id or step id; without one, the gate of the step being worked
    /// on (active or blocked), else the first gate of an unfinished step.
    public func selectGate(_ requested: String?, formula: Formula, progress: MoleculeProgress) throws(StoreError) -> (
        Gate, String
    ) {
        let gated = formula.steps.compactMap { step in step.gate.map { ($0, step.id) } }
        if let requested {
            if let match = gated.first(where: { $0.0.id == requested || $0.1 == requested }) { return match }
            let known = gated.map(\.0.id).joined(separator: ", ")
            throw StoreError(
                .invalidInput,
                "formula \(formula.name) has no gate \(TerminalText.sanitizeLine(requested)) (its gates: \(known.isEmpty ? "none" : known))"
            )
        }
        let working = gated.first { [.active, .blocked].contains(progress.steps[$0.1]?.status) }
        let unfinished = gated.first { ![.done, .awaitingApproval].contains(progress.steps[$0.1]?.status) }
        guard let choice = working ?? unfinished else {
            throw StoreError(
                .invalidInput,
                gated.isEmpty
                    ? "formula \(formula.name) has no gate"
                    : "every gated step is finished; name the gate to check (\(gated.map(\.0.id).joined(separator: ", ")))"
            )
        }
        return choice
    }

    /// Evaluates a `tests`, `compliance` or `timer` gate from evidence and records the verdict (in
    /// molecule.toml, through the state machine: a failing mandatory gate blocks its step, a passing
    /// one unblocks it) and the evidence (`M/gates/GATE.toml`), both under the molecule's lock.
    /// The workspace scan and JUnit parsing run before the lock is taken. External gates are only
    /// shown (`recorded` false): `resolveGate` records them.
    public func checkGate(
        molecule name: String, gate requested: String?, tests: GateTestInput = .recorded,
        limits: AntiPatternLimits = AntiPatternLimits(), checkedBy: String? = nil, now: Date
    ) throws(StoreError) -> GateCheckOutcome {
        let loaded = try loadMolecule(name)
        guard let formula = loaded.formula, let progress = loaded.progress else {
            let problems = loaded.problems.filter { $0.severity == .error }.map(\.description).joined(separator: "\n")
            throw StoreError(.io, "molecule \(name) cannot be checked until its file is fixed:\n\(problems)")
        }
        let (gate, stepID) = try selectGate(requested, formula: formula, progress: progress)
        let attempt = progress.steps[stepID]?.attempt ?? 1
        var evidence = GateEvidence(
            gateID: gate.id, step: stepID, type: gate.type.name, attempt: attempt,
            passed: false, summary: "", checkedAt: now)
        evidence.checkedBy = checkedBy
        let result: GateResult
        switch gate.type {
        case .tests, .compliance:
            var counts: TestCounts?
            if case .tests = gate.type {
                counts = try collectTests(
                    tests, recorded: loaded.gateRecords.current(gate.id, in: progress), into: &evidence)
            }
            let scan =
                formula.antiPatterns.isEmpty
                ? AntiPatternReport()
                : WorkspaceScan.scan(workspace: layout.workspace, antiPatterns: formula.antiPatterns, limits: limits)
            evidence.scan = scan
            var findings: [ComplianceFinding] = []
            if case .compliance = gate.type {
                // A finding file that cannot be read might hide a blocking finding: fix it before checking.
                if let unreadable = loaded.unreadableFindings.first {
                    throw StoreError(
                        .io, "gate \(gate.id) cannot be checked until the finding file \(unreadable) is fixed")
                }
                findings = loaded.findings.map(\.finding)
                evidence.openFindings = findings.filter(\.isOpen)
            }
            result = GateCheck.evaluate(gate, tests: counts, scan: scan, findings: findings, at: now)!
        case .timer where gate.timeout != nil:
            result = GateCheck.evaluateTimer(gate, startedAt: progress.steps[stepID]?.startedAt, at: now)!
        case .human:
            let checkpoint = formula.step(stepID)?.checkpoint?.id ?? gate.id
            throw StoreError(
                .invalidInput,
                "gate \(gate.id) is a human gate: it is decided through checkpoint \(checkpoint) (`gastown checkpoint approve|reject \(name) \(checkpoint)`)"
            )
        default:
            // External: show what is recorded; `gate resolve` records an outcome.
            let current = progress.gateResults[gate.id]
            var shown = loaded.gateRecords.current(gate.id, in: progress) ?? evidence
            shown.passed = current?.passed ?? false
            shown.summary =
                current?.summary
                ?? "not resolved yet (external \(gate.type.name) gate: record its outcome with `gastown gate resolve \(name) \(gate.id) --passed|--failed`)"
            if let current { shown.checkedAt = current.checkedAt }
            return GateCheckOutcome(gate: gate, stepID: stepID, evidence: shown, recorded: false, molecule: loaded)
        }
        evidence.passed = result.passed
        evidence.summary = result.summary
        evidence.tests = result.tests
        return try record(evidence, result: result, gate: gate, stepID: stepID, molecule: name, now: now)
    }

    /// Records the outcome of an external gate (gh:run, gh:pr, bead, timer, or an unknown type).
    /// In a signed workspace the resolution is signed by `signer`, whose key must be a reviewer's (`who`).
    public func resolveGate(
        molecule name: String, gate requested: String, passed: Bool, by who: String, note: String?,
        signer: SignerProvider? = nil, now: Date
    ) throws(StoreError) -> GateCheckOutcome {
        try NameValidation.validate(who, field: "--by")
        let loaded = try loadMolecule(name)
        guard let formula = loaded.formula, let progress = loaded.progress else {
            throw StoreError(.io, "molecule \(name) cannot be updated until its file is fixed")
        }
        let (gate, stepID) = try selectGate(requested, formula: formula, progress: progress)
        guard gate.type.isExternal else {
            throw StoreError(
                .invalidInput,
                "gate \(gate.id) is a \(gate.type.name) gate: it is evaluated from evidence by `gastown gate check`, not resolved by hand"
            )
        }
        let cleanNote = note.map { TerminalText.sanitizeLine($0).trimmingCharacters(in: .whitespaces) }.flatMap {
            $0.isEmpty ? nil : $0
        }
        let summary = "resolved \(passed ? "passed" : "failing") by \(who)" + (cleanNote.map { ": \($0)" } ?? "")
        var evidence = GateEvidence(
            gateID: gate.id, step: stepID, type: gate.type.name,
            attempt: progress.steps[stepID]?.attempt ?? 1, passed: passed, summary: summary, checkedAt: now)
        evidence.resolvedBy = who
        evidence.note = cleanNote
        if let act = try signedAct(convoy: try requireConvoy(loaded.convoy), reviewer: who, signer: signer) {
            evidence.act = SignedAct(signer: act.signer.publicKey.fingerprint, reviewersHead: act.head)
            evidence.act.signature = try act.sign(
                evidence.resolutionCanonicalText(convoy: loaded.convoy, molecule: name))
        }
        let result = GateResult(gateID: gate.id, passed: passed, summary: summary, checkedAt: now)
        return try record(evidence, result: result, gate: gate, stepID: stepID, molecule: name, now: now)
    }

    /// Confirms a manual day-completion check (`manual = "NAME"` or a plain-sentence criterion).
    @discardableResult
    public func confirmManualCheck(
        molecule name: String, check: String, by who: String, note: String?, signer: SignerProvider? = nil, now: Date
    ) throws(StoreError) -> MoleculeState {
        try NameValidation.validate(who, field: "--by")
        let convoy = try convoy(ofMolecule: name)
        let act = try signedAct(convoy: try requireConvoy(convoy), reviewer: who, signer: signer)
        let state = try loadMolecule(name)
        guard let formula = state.formula else {
            throw StoreError(.io, "molecule \(name) cannot be updated until its file is fixed")
        }
        let manual = formula.progressionRules.dayCompletionCriteria.compactMap { c -> String? in
            if case .manual(let n) = c.requirement { n } else { nil }
        }
        guard manual.contains(check) else {
            throw StoreError(
                .invalidInput,
                "formula \(formula.name) has no manual check \"\(TerminalText.sanitizeLine(check))\" (its manual checks: \(manual.isEmpty ? "none" : manual.map { "\"\($0)\"" }.joined(separator: ", ")))"
            )
        }
        try FileLock.withLock(layout.moleculeLock(convoy, name), timeout: lockTimeout) { () throws(StoreError) in
            var (existing, problems) = ManualConfirmation.load(layout, convoy: convoy, molecule: name)
            if let problem = problems.first(where: { $0.severity == .error }) {
                throw StoreError(.io, "cannot update \(problem.file) until it is fixed: \(problem.description)")
            }
            let path = GateEvidenceStore.manualChecksFile(layout, convoy: convoy, molecule: name)
            let read = existing
            let previous = try TOMLFileWriter.previous(at: path) { _ in ManualConfirmation.table(read) }
            existing.removeAll { $0.check == check }
            var confirmation = ManualConfirmation(
                check: check, by: who, at: now, note: note.map { TerminalText.sanitizeLine($0) })
            if let act {
                confirmation.act = SignedAct(signer: act.signer.publicKey.fingerprint, reviewersHead: act.head)
                confirmation.act.signature = try act.sign(confirmation.canonicalText(convoy: convoy, molecule: name))
            }
            existing.append(confirmation)
            try TOMLFileWriter.write(
                ManualConfirmation.table(existing), header: ManualConfirmation.header, to: path, replacing: previous)
        }
        return try loadMolecule(name)
    }

    /// Records test results for `step`'s tests gate, or else for the only step being worked on that has one:
    /// the verdict from the counts (no scan: `gate check` adds it) and the evidence file, with the failing and
    /// skipped tests by name, so a later `gate check` still names them.
    @discardableResult
    public func recordTests(
        molecule name: String, step requested: String?, tests: GateTestInput, checkedBy: String? = nil, now: Date
    ) throws(StoreError) -> GateCheckOutcome {
        if let requested { try NameValidation.validate(requested, field: "--step") }
        let loaded = try loadMolecule(name)
        guard let formula = loaded.formula, let progress = loaded.progress else {
            throw StoreError(.io, "molecule \(name) cannot be updated until its file is fixed")
        }
        let candidates = StateMachine.workingSteps(in: progress, formula: formula).compactMap(formula.step).filter {
            if case .tests = $0.gate?.type { return true }
            return false
        }
        if requested == nil, candidates.count > 1 {
            throw StoreError(
                .invalidInput,
                "several active steps of \(name) have a tests gate (\(candidates.map(\.id).joined(separator: ", "))): name one with --step"
            )
        }
        guard let target = requested.flatMap(formula.step) ?? (requested == nil ? candidates.first : nil) else {
            throw StoreError(
                .invalidInput,
                requested.map { "formula \(formula.name) has no step \($0)" }
                    ?? "no active step of \(name) has a tests gate; name one with --step")
        }
        guard let gate = target.gate, case .tests = gate.type else {
            throw StoreError(.invalidInput, "step \(target.id) has no tests gate")
        }
        var evidence = GateEvidence(
            gateID: gate.id, step: target.id, type: gate.type.name, attempt: progress.steps[target.id]?.attempt ?? 1,
            passed: false, summary: "", checkedAt: now)
        evidence.checkedBy = checkedBy
        let counts = try collectTests(
            tests, recorded: loaded.gateRecords.current(gate.id, in: progress), into: &evidence)
        let result = GateCheck.evaluate(gate, tests: counts, scan: nil, at: now)!
        evidence.passed = result.passed
        evidence.summary = result.summary
        evidence.tests = result.tests
        return try record(evidence, result: result, gate: gate, stepID: target.id, molecule: name, now: now)
    }

    /// Records evidence gathered outside `gate check` (a test harness, the demo) for a `tests` or `compliance`
    /// gate: the verdict is computed from it as a check computes it (its `passed` and `summary` are replaced),
    /// then both are recorded for the step's current attempt.
    @discardableResult
    public func recordEvidence(_ given: GateEvidence, molecule name: String, now: Date) throws(StoreError)
        -> GateCheckOutcome
    {
        let loaded = try loadMolecule(name)
        guard let formula = loaded.formula, let progress = loaded.progress else {
            throw StoreError(.io, "molecule \(name) cannot be updated until its file is fixed")
        }
        let (gate, stepID) = try selectGate(given.gateID, formula: formula, progress: progress)
        var evidence = given
        evidence.step = stepID
        evidence.type = gate.type.name
        evidence.attempt = progress.steps[stepID]?.attempt ?? 1
        evidence.checkedAt = now
        guard
            let result = GateCheck.evaluate(
                gate, tests: evidence.tests, scan: evidence.scan, findings: evidence.openFindings ?? [], at: now)
        else {
            throw StoreError(
                .invalidInput, "gate \(gate.id) is a \(gate.type.name) gate: it is not evaluated from evidence")
        }
        evidence.passed = result.passed
        evidence.summary = result.summary
        return try record(evidence, result: result, gate: gate, stepID: stepID, molecule: name, now: now)
    }

    private func record(
        _ evidence: GateEvidence, result: GateResult, gate: Gate, stepID: String, molecule name: String, now: Date
    ) throws(StoreError) -> GateCheckOutcome {
        try NameValidation.validate(gate.id, field: "gate id")
        let convoy = try convoy(ofMolecule: name)
        let state = try update(molecule: name, now: now) { (_, progress, formula) throws(StoreError) in
            switch StateMachine.apply(
                .recordGate(step: stepID, result: result), to: progress, formula: formula, now: now)
            {
            case .success(let next): progress = next
            case .failure(let error): throw StoreError(.refused, error.reason)
            }
            // Evidence first: a crash before molecule.toml is rewritten leaves evidence that backs no verdict (shown as stale).
            try GateEvidenceStore.write(evidence, layout: layout, convoy: convoy, molecule: name)
        }
        return GateCheckOutcome(
            gate: gate, stepID: stepID, evidence: evidence, recorded: true,
            molecule: (try? loadMolecule(name)) ?? state)
    }

    /// The test results a check or `record-tests` keeps as evidence: counts, their sources, the failing and
    /// skipped tests by name. `.recorded` carries over those of the current evidence (`record-tests`).
    func collectTests(_ input: GateTestInput, recorded: GateEvidence?, into evidence: inout GateEvidence)
        throws(StoreError) -> TestCounts?
    {
        switch input {
        case .recorded:
            guard let recorded, let tests = recorded.tests else { return nil }
            evidence.testOrigin = "recorded"
            evidence.testSources = recorded.testSources
            evidence.failures = recorded.failures
            evidence.skippedTests = recorded.skippedTests
            evidence.unlistedCases = recorded.unlistedCases
            return tests
        case .counts(let counts):
            evidence.testOrigin = "given"
            return counts
        case .junit(let files):
            var total = TestCounts(passed: 0, failed: 0, skipped: 0)
            var failures: [GateEvidence.TestCase] = []
            var skipped: [GateEvidence.TestCase] = []
            for file in files {
                let parsed = try JUnitReport.read(path: file.path, displayName: file.name)
                total = TestCounts(
                    passed: total.passed + parsed.counts.passed, failed: total.failed + parsed.counts.failed,
                    skipped: total.skipped + parsed.counts.skipped)
                evidence.testSources.append(.init(file: file.name, counts: parsed.counts))
                failures += parsed.failures
                skipped += parsed.skipped
            }
            let cap = JUnitReport.maximumListedCases
            evidence.unlistedCases = total.failed - min(cap, failures.count) + total.skipped - min(cap, skipped.count)
            evidence.failures = Array(failures.prefix(cap))
            evidence.skippedTests = Array(skipped.prefix(cap))
            evidence.testOrigin = "junit"
            return total
        }
    }
}
