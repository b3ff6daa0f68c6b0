import Foundation
import TOML
import TestSupport
import Testing

@testable import Core

extension Repository {
    static func loadFormula(_ relativePath: String) throws -> (Formula?, [Diagnostic]) {
        let table = try TOMLParser.parse(text(relativePath), file: relativePath)
        return FormulaLoader.load(table, file: relativePath)
    }
}

@Suite struct ShippedFormulaTests {
    @Test func thereAreAtLeastThreeShippedFormulas() {
        #expect(Repository.shippedFormulaFiles.count >= 3)
        #expect(Repository.shippedFormulaFiles.contains("formulas/integration-test-full-validation.toml"))
    }

    @Test(arguments: Repository.shippedFormulaFiles)
    func everyShippedFormulaLoadsWithoutErrorsOrWarnings(file: String) throws {
        let (formula, diagnostics) = try Repository.loadFormula(file)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.description).joined(separator: "\n"))")
        #expect(formula != nil)
    }

    @Test func theSeedFormulaIsEncodedFaithfully() throws {
        let formula = try #require(try Repository.loadFormula("formulas/integration-test-full-validation.toml").0)
        #expect(formula.name == "integration-test-full-validation")
        #expect(formula.version == .text("2.1"))
        #expect(formula.runsInFileOrder)
        #expect(
            formula.steps.map(\.title) == [
                "ANALYSIS", "PLAN", "DO - Infrastructure", "DO - TDD RED", "DO - TDD GREEN", "DO - TDD REFACTOR",
                "CHECK - Test Validation", "CHECK - Compliance Triage", "DOCUMENT",
            ])
        #expect(
            formula.steps.map(\.durationText) == ["15m", "20m", "10m", "15m", "20m", "15m", "10m", "30m-45m", "10m"])
        #expect(formula.steps.map(\.kind) == [.analysis, .plan, .do, .do, .do, .do, .check, .check, .document])
        #expect(formula.steps.map(\.tasks.count) == [3, 4, 3, 3, 3, 3, 3, 5, 3])
        #expect(formula.steps[3].tasks.last == "Validate no `Skip()` calls")
        #expect(
            formula.steps[7].tasks == [
                "Audit against authoritative V1.0 docs", "Validate testing standards compliance",
                "Check SOC2 requirements",
                "Detect anti-patterns", "Generate compliance report",
            ])
        let total = formula.totalPlannedTime
        #expect(total.minimum == .seconds(145 * 60))
        #expect(total.maximum == .seconds(160 * 60))

        #expect(
            formula.checkpoints.map(\.id) == [
                "analysis-checkpoint", "plan-checkpoint", "test-validation-checkpoint", "compliance-checkpoint",
            ])
        #expect(
            formula.checkpoints.map(\.prompt) == [
                "Ask questions, share concerns", "Share plan, request approval",
                "Confirm 100% pass before proceeding", "Review triage, approve or fix",
            ])
        #expect(formula.step("test-validation")?.checkpoint?.onReject == "do-refactor")

        let gates = formula.gates
        #expect(gates.count == 2)
        #expect(gates.allSatisfy { $0.mandatory })
        #expect(gates[0].type == .tests(requiredPassRate: 100, allowSkipped: false, allowAntiPatterns: false))
        #expect(gates[1].type == .compliance(blockingSeverities: [.critical, .high]))
        #expect(formula.stepOwning(gate: "compliance-gate")?.id == "compliance-triage")

        #expect(
            formula.antiPatterns.map(\.name) == [
                "time.Sleep() before assertions", "Skip() calls", "Direct audit infrastructure testing",
                "Direct metrics infrastructure testing", "podman-compose race conditions", "Eventually() misuse",
                "Kubeconfig isolation violations", "time.sleep() before assertions (Python)",
                "pytest.skip() and @pytest.mark.skip (Python)", "unittest.skip (Python)",
                "Direct audit infrastructure testing (Python)", "Direct metrics infrastructure testing (Python)",
            ])
        #expect(
            formula.antiPatterns.map(\.severity) == [
                .critical, .critical, .high, .high, .medium, .medium, .high, .critical, .critical, .critical, .high,
                .high,
            ])
        // Go rules look at Go test files, Python rules at Python ones, in test/ and tests/.
        for rule in formula.antiPatterns where rule.id.hasPrefix("python-") {
            #expect(rule.paths == ["test/**/*.py", "tests/**/*.py"], "\(rule.id)")
        }
        #expect(formula.authoritativeSources.count == 6)
        #expect(formula.authoritativeSources.first == "docs/requirements/*.md")
        #expect(formula.validationCategories.count == 8)
        #expect(formula.validationCategories.last == "Defense-in-depth coverage")
        #expect(
            formula.progressionRules.dayCompletionCriteria.map(\.description) == [
                "All tests pass at 100%", "Test validation checkpoint approved", "Compliance triage completed",
                "Compliance checkpoint approved", "Documentation committed",
            ])
        #expect(formula.template == "compliance-triage-report-v2")
    }

    /// The seed's detection patterns must find what they describe, and leave good code alone.
    @Test(arguments: [
        (
            "time-sleep-before-assertions", "\ttime.Sleep(2 * time.Second)",
            "\tEventually(func() bool { return ok }, 10*time.Second, time.Second).Should(BeTrue())"
        ),
        ("skip-calls", "\tSkip(\"flaky on CI\")", "\t// skipping is forbidden"),
        ("skip-calls", "\tt.Skip(\"later\")", "\tXSkipper(1)"),
        ("direct-audit-infrastructure-testing", "\tauditStore.StoreAudit(ctx, event)", "\tsvc.Reconcile(ctx, req)"),
        (
            "direct-metrics-infrastructure-testing", "\tregistry.MustRegister(counter)",
            "\tExpect(resp.Code).To(Equal(200))"
        ),
        (
            "podman-compose-race-conditions", "\texec.Command(\"podman-compose\", \"-f\", f, \"up\", \"-d\")",
            "\tpodman-compose up -d --wait"
        ),
        (
            "eventually-misuse", "\tEventually(getStatus).Should(Equal(\"Ready\"))",
            "\tEventually(getStatus, 30*time.Second, time.Second).Should(Equal(\"Ready\"))"
        ),
        ("python-time-sleep-before-assertions", "    time.sleep(2)", "    wait_until(lambda: ready(), timeout=10)"),
        ("python-pytest-skip", "    pytest.skip(\"flaky on CI\")", "    pytest.raises(ValueError)"),
        ("python-pytest-skip", "@pytest.mark.skip(reason=\"later\")", "@pytest.mark.parametrize(\"x\", [1, 2])"),
        ("python-pytest-skip", "@pytest.mark.skipif(sys.platform == \"win32\", reason=\"posix\")", "@pytest.mark.slow"),
        ("python-unittest-skip", "@unittest.skip(\"broken\")", "class TestAudit(unittest.TestCase):"),
        ("python-unittest-skip", "        self.skipTest(\"no db\")", "        self.assertEqual(a, b)"),
        (
            "python-direct-audit-infrastructure-testing", "    audit_store.store_event(ctx, event)",
            "    client.post(\"/events\", json=event)"
        ),
        (
            "python-direct-metrics-infrastructure-testing", "    REGISTRY.register(counter)",
            "    assert response.status_code == 200"
        ),
        (
            "kubeconfig-isolation-violations",
            "\tcfg := filepath.Join(os.Getenv(\"HOME\"), \".kube/config\") // $HOME/.kube/config",
            "\tcfg := os.Getenv(\"AIANALYSIS_KUBECONFIG\")"
        ),
    ])
    func antiPatternsDetectWhatTheyDescribe(id: String, bad: String, good: String) throws {
        let formula = try #require(try Repository.loadFormula("formulas/integration-test-full-validation.toml").0)
        let antiPattern = try #require(formula.antiPatterns.first { $0.id == id })
        let regex = try NSRegularExpression(pattern: antiPattern.pattern)
        func hits(_ line: String) -> Bool {
            regex.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) != nil
        }
        #expect(hits(bad), "\(id) should match: \(bad)")
        #expect(!hits(good), "\(id) should not match: \(good)")
    }

    @Test func theLinearFormulaRunsInFileOrder() throws {
        let formula = try #require(try Repository.loadFormula("formulas/quick-fix.toml").0)
        #expect(formula.runsInFileOrder)
        #expect(formula.version == .integer(1))
        #expect(formula.prerequisites(of: "review") == ["fix"])
        #expect(formula.step("fix")?.gate?.id == "fix-gate")
        #expect(formula.step("review")?.checkpoint?.id == "review-checkpoint")
    }

    @Test func theDagFormulaHasParallelBranchesAndAnExternalGate() throws {
        let formula = try #require(try Repository.loadFormula("formulas/release-train.toml").0)
        #expect(!formula.runsInFileOrder)
        #expect(formula.prerequisites(of: "api") == ["plan"])
        #expect(formula.prerequisites(of: "ui") == ["plan"])
        #expect(formula.prerequisites(of: "integrate") == ["api", "ui"])
        #expect(formula.prerequisites(of: "announce") == ["integrate"])
        #expect(formula.step("integrate")?.gate?.type == .githubPR)
        #expect(formula.step("integrate")?.gate?.timeout == .seconds(24 * 3600))
        let progress = StateMachine.initialProgress(for: formula)
        var run = Run(formula)
        try run.finish("plan")  // plan has a checkpoint: finish leaves it awaiting approval
        _ = try run.apply(.approve(checkpoint: "scope-approved", reviewer: "lead", at: run.clock)).get()
        #expect(StateMachine.readySteps(in: run.progress, formula: formula) == ["api", "ui"])
        #expect(progress.stepOrder == ["plan", "api", "ui", "integrate", "announce"])
    }
}
