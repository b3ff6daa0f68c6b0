import Core
import Foundation
import TestSupport
import Testing

@testable import Store

/// A workspace with the shipped seed formula, convoy "c" (reviewer alice) and molecule "m" started
/// up to its test-validation step (every earlier checkpoint approved).
struct SeedWorkspace {
    let workspace: TempWorkspace
    let store: BeadsStore
    var clock = Date(timeIntervalSince1970: 1_800_000_000)

    init(molecules: [String] = ["m"], day: Int = 1) throws {
        workspace = try TempWorkspace()
        try workspace.write(
            "formulas/integration-test-full-validation.toml",
            try Repository.text("formulas/integration-test-full-validation.toml"))
        var store = BeadsStore(
            layout: workspace.layout, formulas: SearchPathFormulas(layout: workspace.layout, home: nil))
        store.clock = TestKeys.lateClock
        self.store = store
        try store.createConvoy(
            ConvoyFile(name: "c", title: "C", reviewers: ["alice"], created: clock, day: day),
            reviewerKeys: TestKeys.keys(["alice"]))
        for name in molecules {
            try store.createMolecule(
                name: name, convoy: "c", formula: "integration-test-full-validation",
                variables: [], inputs: [], now: clock)
        }
    }

    func cleanup() { workspace.cleanup() }

    /// Runs steps in order up to (not including) `stop`, approving checkpoints and passing gates (checked as
    /// `gate check` does: one passing test, the workspace's scan), completing as `molecule complete` does (the
    /// compliance triage renders its report).
    mutating func advance(_ molecule: String, until stop: String) throws {
        let formula = try store.loadMolecule(molecule).formula!
        for step in formula.steps {
            if step.id == stop { break }
            clock += 60
            _ = try store.apply(.start(step: step.id), molecule: molecule, now: clock)
            if let gate = step.gate {
                _ = try store.checkGate(
                    molecule: molecule, gate: gate.id, tests: .counts(TestCounts(passed: 1, failed: 0, skipped: 0)),
                    now: clock)
            }
            _ = try store.complete(molecule: molecule, step: step.id, now: clock)
            if let checkpoint = step.checkpoint {
                try store.decide(
                    molecule: molecule, checkpoint: checkpoint.id, decision: .approved, reviewer: "alice",
                    reason: nil, returnTo: nil, isAgent: false, signer: TestKeys.signer("alice"), now: clock)
            }
        }
    }

    mutating func start(_ molecule: String, _ step: String) throws {
        clock += 60
        _ = try store.apply(.start(step: step), molecule: molecule, now: clock)
    }
}

/// One line that trips one of the seed formula's anti-patterns, and a clean line doing the same job.
struct SeedSample: Sendable, CustomStringConvertible {
    var pattern: String
    var file: String
    var dirty: String
    var clean: String
    var description: String { pattern }

    static let all: [SeedSample] = [
        SeedSample(
            pattern: "time-sleep-before-assertions", file: "test/integration/a_test.go",
            dirty: "time.Sleep(2 * time.Second)",
            clean: "Eventually(ready, 10*time.Second, time.Second).Should(BeTrue())"),
        SeedSample(
            pattern: "skip-calls", file: "test/integration/a_test.go", dirty: "t.Skip(\"flaky\")",
            clean: "t.Log(\"runs\")"),
        SeedSample(
            pattern: "direct-audit-infrastructure-testing", file: "test/integration/a_test.go",
            dirty: "auditStore.StoreAudit(ctx, event)", clean: "service.Handle(ctx, event)"),
        SeedSample(
            pattern: "direct-metrics-infrastructure-testing", file: "test/integration/a_test.go",
            dirty: "registry.MustRegister(counter)", clean: "service.Record(counter)"),
        SeedSample(
            pattern: "podman-compose-race-conditions", file: "test/infra/up.sh",
            dirty: "podman-compose -f stack.yml up -d", clean: "podman-compose -f stack.yml up -d --wait"),
        SeedSample(
            pattern: "eventually-misuse", file: "test/integration/a_test.go",
            dirty: "Eventually(isReady).Should(BeTrue())",
            clean: "Eventually(isReady, 30*time.Second, time.Second).Should(BeTrue())"),
        SeedSample(
            pattern: "kubeconfig-isolation-violations", file: "test/e2e/k_test.go",
            dirty: "path := \"~/.kube/config\"", clean: "path := os.Getenv(\"E2E_KUBECONFIG\")"),
    ]
}

@Suite struct GateCheckTests {
    @Test(arguments: SeedSample.all)
    func eachSeedAntiPatternFailsTheTestGateAndItsCleanFormPasses(sample: SeedSample) throws {
        var seed = try SeedWorkspace()
        defer { seed.cleanup() }
        try seed.advance("m", until: "test-validation")
        try seed.start("m", "test-validation")
        try seed.workspace.write(sample.file, "package a\n\nfunc TestA(t *testing.T) {\n\t\(sample.dirty)\n}\n")
        let dirty = try seed.store.checkGate(
            molecule: "m", gate: nil, tests: .counts(TestCounts(passed: 10, failed: 0, skipped: 0)), now: seed.clock + 1
        )
        #expect(dirty.gate.id == "test-validation-gate")
        #expect(!dirty.evidence.passed)
        #expect(dirty.evidence.scan?.hits.map(\.antiPatternID) == [sample.pattern])
        #expect(dirty.evidence.scan?.hits.first?.file == sample.file)
        #expect(dirty.evidence.scan?.hits.first?.line == 4)
        #expect(dirty.molecule.progress?.steps["test-validation"]?.status == .blocked)

        try seed.workspace.write(sample.file, "package a\n\nfunc TestA(t *testing.T) {\n\t\(sample.clean)\n}\n")
        let clean = try seed.store.checkGate(
            molecule: "m", gate: "test-validation-gate", tests: .recorded, now: seed.clock + 2)
        #expect(clean.evidence.passed, "\(clean.evidence.summary)")
        #expect(clean.evidence.scan?.hits == [])
        #expect(clean.evidence.tests == TestCounts(passed: 10, failed: 0, skipped: 0))
        #expect(clean.molecule.progress?.steps["test-validation"]?.status == .active)
    }

    @Test func junitFailuresAndSkipsAreCountedListedAndStoredAsEvidence() throws {
        var seed = try SeedWorkspace()
        defer { seed.cleanup() }
        try seed.advance("m", until: "test-validation")
        try seed.start("m", "test-validation")
        try seed.workspace.write(
            "reports/a.xml",
            """
            <?xml version="1.0"?>
            <testsuites><testsuite name="audit">
              <testcase classname="audit.Capture" name="TestHybrid"/>
              <testcase classname="audit.Capture" name="TestBroken"><failure message="expected 3 events, got 2">trace</failure></testcase>
              <testcase classname="audit.Capture" name="TestLater"><skipped message="not ready"/></testcase>
            </testsuite></testsuites>
            """)
        try seed.workspace.write(
            "reports/b.xml",
            """
            <testsuite name="rr"><testcase name="TestRR"/><testcase name="TestErr"><error>boom
            on two lines</error></testcase></testsuite>
            """)
        let files = ["reports/a.xml", "reports/b.xml"].map { (path: seed.workspace.path + "/" + $0, name: $0) }
        let outcome = try seed.store.checkGate(molecule: "m", gate: nil, tests: .junit(files), now: seed.clock + 1)
        let e = outcome.evidence
        #expect(e.tests == TestCounts(passed: 2, failed: 2, skipped: 1))
        #expect(e.testSources.map(\.file) == ["reports/a.xml", "reports/b.xml"])
        #expect(
            e.testSources.map(\.counts) == [
                TestCounts(passed: 1, failed: 1, skipped: 1), TestCounts(passed: 1, failed: 1, skipped: 0),
            ])
        #expect(e.failures.map(\.name) == ["audit.Capture.TestBroken", "TestErr"])
        #expect(e.failures.map(\.message) == ["expected 3 events, got 2", "boom␤on two lines"])
        #expect(!e.failures.contains { $0.message.contains("\n") })
        #expect(e.skippedTests.map(\.name) == ["audit.Capture.TestLater"])
        #expect(!e.passed)
        #expect(e.summary.contains("pass rate 50% is below 100% (2 failed)"))
        #expect(e.summary.contains("1 skipped test"))

        // The evidence file round-trips, and the loaded molecule carries it as current.
        let path = GateEvidenceStore.file(
            seed.workspace.layout, convoy: "c", molecule: "m", gate: "test-validation-gate")
        let (parsed, problems) = GateEvidence.parse(
            Array(try String(contentsOfFile: path, encoding: .utf8).utf8), file: "x")
        #expect(problems.isEmpty)
        #expect(parsed == e)
        let state = try seed.store.loadMolecule("m")
        let status = state.gateStatuses.first { $0.gate.id == "test-validation-gate" }
        #expect(status?.verdict == .failing)
        #expect(status?.blocking == true)
        #expect(status?.evidence == e)
    }

    @Test func manyFailuresAreListedUpToTheCapAndTheRestCounted() throws {
        var seed = try SeedWorkspace()
        defer { seed.cleanup() }
        try seed.advance("m", until: "test-validation")
        try seed.start("m", "test-validation")
        for file in ["a", "b"] {
            let cases = (0..<80).map { "<testcase name=\"\(file)\($0)\"><failure/></testcase>" }.joined()
            try seed.workspace.write(
                "reports/\(file).xml", "<testsuite>\(cases)<testcase name=\"s\"><skipped/></testcase></testsuite>")
        }
        let files = ["reports/a.xml", "reports/b.xml"].map { (path: seed.workspace.path + "/" + $0, name: $0) }
        let e = try seed.store.checkGate(molecule: "m", gate: nil, tests: .junit(files), now: seed.clock + 1).evidence
        #expect(e.tests == TestCounts(passed: 0, failed: 160, skipped: 2))
        #expect(e.failures.count == 100)
        #expect(e.failures.last?.name == "b19")
        #expect(e.skippedTests.map(\.name) == ["s", "s"])
        #expect(e.unlistedCases == 60)
    }

    @Test func aFailingGateBlocksCompletionAndAPassingCheckUnblocksIt() throws {
        var seed = try SeedWorkspace()
        defer { seed.cleanup() }
        try seed.advance("m", until: "test-validation")
        try seed.start("m", "test-validation")
        _ = try seed.store.checkGate(
            molecule: "m", gate: nil, tests: .counts(TestCounts(passed: 40, failed: 0, skipped: 1)), now: seed.clock + 1
        )
        #expect(throws: StoreError.self) {
            _ = try seed.store.apply(.complete(step: "test-validation"), molecule: "m", now: seed.clock + 2)
        }
        do {
            _ = try seed.store.apply(.complete(step: "test-validation"), molecule: "m", now: seed.clock + 2)
        } catch {
            #expect(error.kind == .refused)
            #expect(error.message.contains("mandatory gate test-validation-gate fails: 1 skipped test"))
        }
        _ = try seed.store.checkGate(
            molecule: "m", gate: nil, tests: .counts(TestCounts(passed: 41, failed: 0, skipped: 0)), now: seed.clock + 3
        )
        let done = try seed.store.apply(.complete(step: "test-validation"), molecule: "m", now: seed.clock + 4)
        #expect(done.progress?.steps["test-validation"]?.status == .awaitingApproval)
    }

    @Test func hostileInputIsSkippedOrCutShortAndReported() throws {
        var seed = try SeedWorkspace()
        defer { seed.cleanup() }
        try seed.advance("m", until: "test-validation")
        try seed.start("m", "test-validation")
        var huge = "time.Sleep(1)\n"
        huge += String(repeating: "x", count: (1 << 20) + 10)
        try seed.workspace.write("test/integration/huge_test.go", huge)
        try Data([0x74, 0x69, 0x6d, 0x65, 0x00, 0xff]).write(
            to: URL(fileURLWithPath: seed.workspace.path + "/test/integration/blob_test.go"))
        let outcome = try seed.store.checkGate(
            molecule: "m", gate: nil, tests: .counts(TestCounts(passed: 1, failed: 0, skipped: 0)), now: seed.clock + 1)
        let scan = try #require(outcome.evidence.scan)
        #expect(scan.skippedTooLarge == 1)
        #expect(scan.skippedBinary == 1)
        #expect(
            scan.skipped.map(\.file).sorted() == ["test/integration/blob_test.go", "test/integration/huge_test.go"])
        #expect(outcome.evidence.passed, "skipped files are counted, not dirty")
    }

    @Test func aPathologicalExpressionIsCutShortAndFailsTheGate() throws {
        let workspace = try TempWorkspace()
        defer { workspace.cleanup() }
        let formula = Formula(
            name: "evil",
            steps: [
                FormulaStep(
                    id: "t",
                    gate: Gate(
                        id: "g", type: .tests(requiredPassRate: 100, allowSkipped: false, allowAntiPatterns: false)))
            ],
            antiPatterns: [AntiPattern(id: "evil", name: "Evil", severity: .high, pattern: "(a+)+$", paths: ["*.txt"])])
        var store = BeadsStore(layout: workspace.layout, formulas: FixedFormulas([formula]))
        store.clock = TestKeys.lateClock
        try store.createConvoy(ConvoyFile(name: "c", title: "C"))
        try store.createMolecule(name: "m", convoy: "c", formula: "evil", variables: [], inputs: [], now: t0)
        try workspace.write("a.txt", String(repeating: "a", count: 40) + "!\n")
        _ = try store.apply(.start(step: "t"), molecule: "m", now: t0)
        let outcome = try store.checkGate(
            molecule: "m", gate: "g", tests: .counts(TestCounts(passed: 3, failed: 0, skipped: 0)), now: t0 + 1)
        #expect(outcome.evidence.scan?.cutShort.map(\.reason) == [.stepBudget])
        #expect(!outcome.evidence.passed)
        #expect(
            outcome.evidence.summary.contains("anti-pattern scan incomplete (1 file cut short by the regex work limit)")
        )
    }

    @Test func externalGatesAreShownThenResolvedByACommand() throws {
        let workspace = try TempWorkspace()
        defer { workspace.cleanup() }
        let formula = Formula(
            name: "ext", steps: [FormulaStep(id: "merge", gate: Gate(id: "pr", type: .githubPR, awaitID: "42"))])
        var store = BeadsStore(layout: workspace.layout, formulas: FixedFormulas([formula]))
        store.clock = TestKeys.lateClock
        try store.createConvoy(
            ConvoyFile(name: "c", title: "C", reviewers: ["bob"]), reviewerKeys: TestKeys.keys(["bob"]))
        try store.createMolecule(name: "m", convoy: "c", formula: "ext", variables: [], inputs: [], now: t0)
        _ = try store.apply(.start(step: "merge"), molecule: "m", now: t0)
        let shown = try store.checkGate(molecule: "m", gate: "pr", now: t0 + 1)
        #expect(!shown.recorded)
        #expect(!shown.evidence.passed)
        #expect(shown.evidence.summary.contains("gastown gate resolve m pr"))
        let failed = try store.resolveGate(
            molecule: "m", gate: "pr", passed: false, by: "bob", note: "CI red", signer: TestKeys.signer("bob"),
            now: t0 + 2)
        #expect(failed.molecule.progress?.steps["merge"]?.status == .blocked)
        let passed = try store.resolveGate(
            molecule: "m", gate: "pr", passed: true, by: "bob", note: "merged #42", signer: TestKeys.signer("bob"),
            now: t0 + 3)
        #expect(passed.molecule.progress?.steps["merge"]?.status == .active)
        #expect(passed.molecule.progress?.gateResults["pr"]?.summary == "resolved passed by bob: merged #42")
        #expect(passed.molecule.gateRecords.evidence["pr"]?.resolvedBy == "bob")
        #expect(passed.molecule.allProblems.isEmpty)
        // A passing resolution written by hand (an agent's `gate resolve --by bob` without bob's key) does not count.
        let path = GateEvidenceStore.file(store.layout, convoy: "c", molecule: "m", gate: "pr")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let unsigned = text.split(separator: "\n").filter {
            !$0.hasPrefix("signer") && !$0.hasPrefix("reviewers_head") && !$0.hasPrefix("signature")
        }
        try (unsigned.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let forged = try store.loadMolecule("m")
        #expect(forged.progress?.gateResults["pr"]?.passed == false)
        // The verdict is settled before the steps: the step is blocked again, and cannot complete.
        #expect(forged.progress?.steps["merge"]?.status == .blocked)
        #expect(throws: StoreError.self) { try store.complete(molecule: "m", step: "merge", now: t0 + 4) }
        #expect(forged.allProblems.contains { $0.category == .signature && $0.message.contains("gate pr") })
        #expect(throws: StoreError.self) { _ = try store.checkGate(molecule: "m", gate: "nope", now: t0) }
    }
}
