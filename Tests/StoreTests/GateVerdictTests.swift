import Core
import Foundation
import TestSupport
import Testing

@testable import Store

/// A gate's verdict is recomputed from its evidence, never read: hand-edited verdicts and counts are gate-claim
/// problems and the step counts as blocked until the gate is checked again.
@Suite struct GateVerdictTests {
    static let gate = "test-validation-gate"

    /// The seed molecule at test validation, checked with one skipped test (failing).
    static func failingCheck() throws -> SeedWorkspace {
        var seed = try SeedWorkspace()
        try seed.advance("m", until: "test-validation")
        try seed.start("m", "test-validation")
        _ = try seed.store.checkGate(
            molecule: "m", gate: gate, tests: .counts(TestCounts(passed: 40, failed: 0, skipped: 1)),
            now: seed.clock + 1)
        return seed
    }

    func edit(_ seed: SeedWorkspace, _ relative: String, _ change: (String) -> String) throws {
        let path = seed.workspace.path + "/" + relative
        let before = try String(contentsOfFile: path, encoding: .utf8)
        let after = change(before)
        #expect(after != before, "the edit changed nothing in \(relative)")
        try after.write(toFile: path, atomically: true, encoding: .utf8)
    }

    static let moleculeFile = ".beads/convoys/c/molecules/m/molecule.toml"
    static let evidenceFile = ".beads/convoys/c/molecules/m/gates/test-validation-gate.toml"

    @Test func aPassWrittenIntoMoleculeTomlIsAGateClaimAndTheStepStaysBlocked() throws {
        var seed = try Self.failingCheck()
        defer { seed.cleanup() }
        try edit(seed, Self.moleculeFile) {
            $0.replacingOccurrences(
                of: "[gates.test-validation-gate]\npassed = false", with: "[gates.test-validation-gate]\npassed = true")
        }
        let edited = try seed.store.loadMolecule("m")
        #expect(edited.progress?.gateResults[Self.gate]?.passed == false)
        #expect(edited.progress?.steps["test-validation"]?.status == .blocked)
        let claim = try #require(edited.allProblems.first { $0.category == .gateClaim })
        #expect(claim.message.contains("molecule.toml says passed = true"))
        #expect(claim.message.contains("until `gastown gate check m test-validation-gate` runs again"))
        let refused = #expect(throws: StoreError.self) {
            try seed.store.complete(molecule: "m", step: "test-validation", now: seed.clock + 2)
        }
        #expect(refused?.kind == .refused)

        // Checking again settles the claim; a passing check lets the step complete.
        _ = try seed.store.checkGate(
            molecule: "m", gate: Self.gate, tests: .counts(TestCounts(passed: 41, failed: 0, skipped: 0)),
            now: seed.clock + 3)
        let fixed = try seed.store.loadMolecule("m")
        #expect(!fixed.allProblems.contains { $0.category == .gateClaim })
        #expect(fixed.progress?.steps["test-validation"]?.status == .active)
        seed.clock += 10
        #expect(
            try seed.store.complete(molecule: "m", step: "test-validation", now: seed.clock).step == "test-validation")
    }

    @Test func editedEvidenceCountsAreAGateClaimToo() throws {
        let seed = try Self.failingCheck()
        defer { seed.cleanup() }
        // The counts now pass, but the verdicts written beside them say otherwise.
        try edit(seed, Self.evidenceFile) { $0.replacingOccurrences(of: "skipped = 1", with: "skipped = 0") }
        let edited = try seed.store.loadMolecule("m")
        let claim = try #require(edited.allProblems.first { $0.category == .gateClaim })
        #expect(claim.file == Self.evidenceFile)
        #expect(claim.message.contains("says passed = false"))
        #expect(edited.progress?.steps["test-validation"]?.status == .blocked)
    }

    @Test func aPassWithoutAnyEvidenceCountsAsFailing() throws {
        let seed = try Self.failingCheck()
        defer { seed.cleanup() }
        try FileManager.default.removeItem(atPath: seed.workspace.path + "/" + Self.evidenceFile)
        try edit(seed, Self.moleculeFile) {
            $0.replacingOccurrences(
                of: "[gates.test-validation-gate]\npassed = false", with: "[gates.test-validation-gate]\npassed = true")
        }
        let edited = try seed.store.loadMolecule("m")
        #expect(edited.allProblems.contains { $0.category == .gateClaim && $0.message.contains("no evidence") })
        #expect(edited.progress?.steps["test-validation"]?.status == .blocked)
    }

    @Test func aFinishedStepWhoseGateVerdictIsForgedIsBlocked() throws {
        var seed = try SeedWorkspace()
        defer { seed.cleanup() }
        try seed.advance("m", until: "compliance-triage")
        // test-validation is done; its evidence is edited to show a failure its verdict hides.
        try edit(seed, Self.evidenceFile) { $0.replacingOccurrences(of: "failed = 0", with: "failed = 3") }
        let edited = try seed.store.loadMolecule("m")
        #expect(edited.progress?.steps["test-validation"]?.status == .blocked)
        #expect(edited.summary == .blocked)
    }

    @Test func recordTestsKeepsTheFailingAndSkippedTestsForTheNextCheck() throws {
        var seed = try SeedWorkspace()
        defer { seed.cleanup() }
        try seed.advance("m", until: "test-validation")
        try seed.start("m", "test-validation")
        try seed.workspace.write(
            "junit.xml",
            """
            <testsuite><testcase classname="audit" name="ok"/>
            <testcase classname="audit" name="drops"><failure message="want 2"/></testcase>
            <testcase classname="audit" name="later"><skipped message="flaky"/></testcase></testsuite>
            """)
        let recorded = try seed.store.recordTests(
            molecule: "m", step: nil, tests: .junit([(seed.workspace.path + "/junit.xml", "junit.xml")]),
            checkedBy: "polecat-7", now: seed.clock + 1)
        #expect(recorded.evidence.failures.map(\.name) == ["audit.drops"])
        #expect(recorded.evidence.checkedBy == "polecat-7")
        let checked = try seed.store.checkGate(molecule: "m", gate: nil, now: seed.clock + 2)
        #expect(checked.evidence.testOrigin == "recorded")
        #expect(checked.evidence.failures.map(\.name) == ["audit.drops"])
        #expect(checked.evidence.failures.first?.message == "want 2")
        #expect(checked.evidence.skippedTests.map(\.name) == ["audit.later"])
        #expect(checked.evidence.testSources.map(\.file) == ["junit.xml"])
        #expect(checked.evidence.summary.contains("pass rate 50% is below 100% (1 failed)"))
    }
}

/// The compliance gate weighs the findings, the triage's report is rendered on completion and judged by the
/// digest of its inputs, and the checkpoint after it is refused while the report is stale or blocking findings
/// are open — unless a reviewer overrides, in the signed decision.
@Suite struct ComplianceRuleTests {
    static let high = NewFinding(severity: .high, category: "SOC2 requirements", title: "Audit log is mutable")
    static let medium = NewFinding(severity: .medium, category: "SOC2 requirements", title: "Naming")

    /// The seed molecule with its compliance triage completed (gate passed, report rendered).
    static func triaged() throws -> (SeedWorkspace, RenderedReport?) {
        var seed = try SeedWorkspace()
        try seed.advance("m", until: "compliance-triage")
        try seed.start("m", "compliance-triage")
        seed.clock += 1
        _ = try seed.store.checkGate(molecule: "m", gate: "compliance-gate", now: seed.clock)
        seed.clock += 1
        let done = try seed.store.complete(molecule: "m", step: "compliance-triage", now: seed.clock)
        return (seed, done.report)
    }

    func approve(_ seed: SeedWorkspace, override: String? = nil) throws -> AuditRecord {
        try seed.store.decide(
            molecule: "m", checkpoint: "compliance-checkpoint", decision: .approved, reviewer: "alice", reason: nil,
            returnTo: nil, isAgent: false, overrideReport: override, signer: TestKeys.signer("alice"),
            now: seed.clock + 30
        ).record
    }

    @Test func aBlockingFindingFailsTheGateAndCompletionIsRefusedUntilAReviewerResolvesIt() throws {
        var seed = try SeedWorkspace()
        defer { seed.cleanup() }
        try seed.advance("m", until: "compliance-triage")
        try seed.start("m", "compliance-triage")
        let finding = try seed.store.addFinding(molecule: "m", Self.high, by: "polecat-7", now: seed.clock + 1)
        let failing = try seed.store.checkGate(molecule: "m", gate: nil, now: seed.clock + 2)
        #expect(!failing.evidence.passed)
        #expect(failing.evidence.summary == #"1 open blocking finding: \#(finding.id) high "Audit log is mutable""#)
        #expect(failing.evidence.openFindings?.map(\.id) == [finding.id])
        let refused = #expect(throws: StoreError.self) {
            try seed.store.complete(molecule: "m", step: nil, now: seed.clock + 3)
        }
        #expect(refused?.kind == .refused)
        // An agent may not resolve it; a reviewer's signed resolution does.
        #expect(throws: StoreError.self) {
            try seed.store.resolveFinding(
                molecule: "m", id: finding.id, by: "polecat-7", note: "fixed", isAgent: true, now: seed.clock + 4)
        }
        _ = try seed.store.resolveFinding(
            molecule: "m", id: finding.id, by: "alice", note: "append-only now", isAgent: false,
            signer: TestKeys.signer("alice"), now: seed.clock + 5)
        // The verdict is live: the step is being worked on again at once, and a new check passes.
        #expect(try seed.store.loadMolecule("m").progress?.steps["compliance-triage"]?.status == .active)
        #expect(try seed.store.checkGate(molecule: "m", gate: nil, now: seed.clock + 6).evidence.passed)
        seed.clock += 10
        let done = try seed.store.complete(molecule: "m", step: nil, now: seed.clock)
        let report = try #require(done.report)
        #expect(report.file.template == "compliance-triage-report-v2")
        #expect(done.state.reportStatus(forStep: "compliance-triage")?.isCurrent == true)
        #expect(try approve(seed).overrideReport.isEmpty)
    }

    @Test func theReportStaysCurrentThroughTheApprovalAndGoesStaleWhenAFindingIsAdded() throws {
        let (seed, rendered) = try Self.triaged()
        defer { seed.cleanup() }
        let report = try #require(rendered)
        let digest = try #require(ReportInputs.stored(in: report.file.absolutePath))
        #expect(digest == ReportInputs.digest(of: try seed.store.loadMolecule("m")))
        _ = try approve(seed)
        let approved = try seed.store.loadMolecule("m")
        #expect(approved.progress?.steps["compliance-triage"]?.status == .done)
        #expect(approved.reportStatus(forStep: "compliance-triage")?.isCurrent == true)

        _ = try seed.store.addFinding(molecule: "m", Self.medium, by: "polecat-7", now: seed.clock + 60)
        let stale = try seed.store.loadMolecule("m").reportStatus(forStep: "compliance-triage")
        #expect(stale?.isCurrent == false)
        #expect(stale?.problem?.contains("is stale") == true)
        // The day cannot advance on a stale report; rendering it again makes it current.
        let day = try seed.store.convoyProgress("c").current
        #expect(day.missing.contains { $0.contains("Report of compliance-triage current") })
        _ = try seed.store.renderReport(molecule: "m", template: nil)
        #expect(try seed.store.loadMolecule("m").reportStatus(forStep: "compliance-triage")?.isCurrent == true)
    }

    @Test func completingAgainDoesNotRenderAReportThatIsAlreadyCurrent() throws {
        var seed = try SeedWorkspace()
        defer { seed.cleanup() }
        try seed.advance("m", until: "compliance-triage")
        try seed.start("m", "compliance-triage")
        _ = try seed.store.checkGate(molecule: "m", gate: nil, now: seed.clock + 1)
        // The agent renders the report itself before completing.
        let own = try seed.store.renderReport(molecule: "m", template: nil)
        let done = try seed.store.complete(molecule: "m", step: nil, now: seed.clock + 2)
        #expect(done.report == nil)
        #expect(done.state.gateRecords.reports.map(\.name) == [own.file.name])
    }

    @Test func theApprovalIsRefusedWhileAFindingBlocksOrTheReportIsStaleUnlessOverridden() throws {
        let (seed, _) = try Self.triaged()
        defer { seed.cleanup() }
        let finding = try seed.store.addFinding(molecule: "m", Self.high, by: "polecat-7", now: seed.clock + 10)
        let state = try seed.store.loadMolecule("m")
        // Added after completion: the step stays awaiting its decision; the gate fails again.
        #expect(state.progress?.steps["compliance-triage"]?.status == .awaitingApproval)
        #expect(state.progress?.gateResults["compliance-gate"]?.passed == false)
        let blockers = state.approvalBlockers(forStep: "compliance-triage")
        #expect(blockers.count == 2)
        #expect(blockers.contains { $0.contains("is stale") })
        #expect(blockers.contains { $0.contains(#"\#(finding.id) high "Audit log is mutable""#) })

        let refused = #expect(throws: StoreError.self) { try approve(seed) }
        #expect(refused?.kind == .refused)
        #expect(refused?.message.contains("--override-report") == true)
        #expect(throws: StoreError.self) { try approve(seed, override: "  ") }

        let record = try approve(seed, override: "accepted risk: fix lands in day 4")
        #expect(record.overrideReport == "accepted risk: fix lands in day 4")
        #expect(record.canonicalText.containsSubsequence(Array("accepted risk".utf8)))
        let approved = try seed.store.loadMolecule("m")
        #expect(approved.trail.isVerified)
        #expect(approved.progress?.steps["compliance-triage"]?.status == .done)
        // The day honours the override: the failing gate counts as approved past, the stale report too.
        let readiness = try #require(try seed.store.convoyProgress("c").current.molecules.first)
        let gate = try #require(readiness.criteria.first { $0.criterion.description == "Compliance triage completed" })
        #expect(gate.met)
        #expect(gate.detail.contains("with --override-report: accepted risk"))
        #expect(!readiness.missing.contains { $0.contains("Report of") })
    }

    @Test func withoutAnOverrideAnOpenBlockingFindingHoldsTheDay() throws {
        let (seed, _) = try Self.triaged()
        defer { seed.cleanup() }
        _ = try approve(seed)
        _ = try seed.store.addFinding(molecule: "m", Self.high, by: "polecat-7", now: seed.clock + 60)
        let readiness = try #require(try seed.store.convoyProgress("c").current.molecules.first)
        #expect(readiness.missing.contains { $0.hasPrefix("Compliance triage completed: failing") })
        let refused = #expect(throws: StoreError.self) { try seed.store.advanceDay(convoy: "c") }
        #expect(refused?.kind == .refused)
    }
}

extension [UInt8] {
    func containsSubsequence(_ needle: [UInt8]) -> Bool {
        guard needle.count <= count else { return false }
        return (0...(count - needle.count)).contains { Array(self[$0..<($0 + needle.count)]) == needle }
    }
}

/// A timed `timer` gate is evaluated by `gate check`, not resolved by a person: its verdict is recomputed from
/// when the step started and when the check ran, and counts without a signature.
@Suite struct TimerGateTests {
    @Test func aTimerCheckedAfterItsTimeoutPassesAndLetsTheStepComplete() throws {
        let workspace = try TempWorkspace()
        defer { workspace.cleanup() }
        let formula = Formula(
            name: "soak",
            steps: [FormulaStep(id: "soak", gate: Gate(id: "wait", type: .timer, timeout: .seconds(3600)))])
        var store = BeadsStore(layout: workspace.layout, formulas: FixedFormulas([formula]))
        store.clock = TestKeys.lateClock
        try store.createConvoy(
            ConvoyFile(name: "c", title: "C", reviewers: ["bob"]), reviewerKeys: TestKeys.keys(["bob"]))
        try store.createMolecule(name: "m", convoy: "c", formula: "soak", variables: [], inputs: [], now: t0)
        try store.start(molecule: "m", step: "soak", now: t0)
        let early = try store.checkGate(molecule: "m", gate: "wait", now: t0 + 600)
        #expect(!early.evidence.passed)
        #expect(early.molecule.progress?.steps["soak"]?.status == .blocked)
        let late = try store.checkGate(molecule: "m", gate: "wait", now: t0 + 3700)
        #expect(late.evidence.passed)
        let state = try store.loadMolecule("m")
        #expect(state.progress?.gateResults["wait"]?.passed == true)
        #expect(state.allProblems.isEmpty)
        #expect(try store.complete(molecule: "m", step: "soak", now: t0 + 3800).step == "soak")
    }
}
