import Foundation
import TOML
import Testing

@testable import Core

/// The pass-rate formatter, the compliance gate's findings, a step's report rule and the critical-path ETA.
@Suite struct GateRuleTests {
    @Test(arguments: [
        (2, 3, "66.6%"), (1, 3, "33.3%"), (40, 41, "97.5%"), (999, 1000, "99.9%"), (1999, 2000, "99.9%"),
        (99_999, 100_000, "99.9%"), (1, 2, "50%"), (0, 5, "0%"), (5, 5, "100%"), (0, 0, "0%"),
    ])
    func passRatesAreTruncatedAndOnlyAFullRunIsAHundred(passed: Int, executed: Int, text: String) {
        #expect(PassRate.text(passed: passed, executed: executed) == text)
    }

    @Test func theSameFormatterWritesGateSummariesAndCriteria() {
        let gate = Gate(id: "t", type: .tests(requiredPassRate: 99.9, allowSkipped: true, allowAntiPatterns: true))
        let failing = gate.evaluate(tests: TestCounts(passed: 2, failed: 1, skipped: 0), hits: [], at: Date())!
        #expect(failing.summary == "pass rate 66.6% is below 99.9% (1 failed)")
        #expect(gate.criteriaText == "pass rate ≥ 99.9%")
        // 1,999 of 2,000 is 99.95%: below 100%, and never printed as 100%.
        let strict = Gate(id: "s", type: .tests(requiredPassRate: 100, allowSkipped: true, allowAntiPatterns: true))
        #expect(
            strict.evaluate(tests: TestCounts(passed: 1999, failed: 1, skipped: 0), hits: [], at: Date())!.summary
                == "pass rate 99.9% is below 100% (1 failed)")
    }

    static let compliance = Gate(id: "compliance-gate", type: .compliance(blockingSeverities: [.critical, .high]))

    @Test func anOpenFindingAtABlockingSeverityFailsTheComplianceGateAndIsNamed() throws {
        let findings = [
            ComplianceFinding(id: "f-00000001", category: "SOC2", severity: .high, title: "Audit log is mutable"),
            ComplianceFinding(id: "f-00000002", category: "SOC2", severity: .medium, title: "Naming"),
            ComplianceFinding(id: "f-00000003", category: "SOC2", severity: .critical, title: "No retention"),
        ]
        let result = try #require(Self.compliance.evaluate(tests: nil, hits: [], findings: findings, at: Date()))
        #expect(!result.passed)
        #expect(
            result.summary
                == #"2 open blocking findings: f-00000003 critical "No retention", f-00000001 high "Audit log is mutable""#
        )
        var resolved = findings
        for i in resolved.indices where resolved[i].severity >= .high {
            resolved[i].resolution = .init(by: "alice", at: Date(), note: "fixed")
        }
        let passing = try #require(Self.compliance.evaluate(tests: nil, hits: [], findings: resolved, at: Date()))
        #expect(passing.passed)
        #expect(passing.summary == "no open blocking finding or anti-pattern hit (1 non-blocking)")
    }

    @Test func aBlockingHitFailsItTooAndBothReasonsAreGiven() throws {
        let hit = AntiPatternHit(antiPatternID: "sleep", severity: .critical, file: "a.go", line: 3, excerpt: "x")
        let finding = ComplianceFinding(id: "f-0000000a", category: "c", severity: .high, title: "T")
        let result = try #require(
            Self.compliance.evaluate(tests: nil, hits: [hit], findings: [finding], at: Date()))
        #expect(
            result.summary == #"1 open blocking finding: f-0000000a high "T"; 1 blocking anti-pattern hit (critical)"#)
    }

    @Test func aStepNeedsAReportWhenItSaysSoOrCarriesTheComplianceGateOfAFormulaWithATemplate() {
        let formula = Formula(
            name: "f",
            steps: [
                FormulaStep(id: "audit", gate: Self.compliance),
                FormulaStep(id: "summary", report: true),
                FormulaStep(id: "quiet", gate: Self.compliance, report: false),
                FormulaStep(id: "plain"),
            ], template: "triage")
        #expect(formula.reportTemplate(forStep: "audit", defaultTemplate: "d") == "triage")
        #expect(formula.reportTemplate(forStep: "summary", defaultTemplate: "d") == "triage")
        #expect(formula.reportTemplate(forStep: "quiet", defaultTemplate: "d") == nil)
        #expect(formula.reportTemplate(forStep: "plain", defaultTemplate: "d") == nil)
        var untemplated = formula
        untemplated.template = nil
        #expect(untemplated.reportTemplate(forStep: "audit", defaultTemplate: "d") == nil)
        #expect(untemplated.reportTemplate(forStep: "summary", defaultTemplate: "d") == "d")
    }

    @Test func theReportKeyIsReadFromAFormulaFile() throws {
        let text = """
            formula = "r"
            [[steps]]
            id = "wrap-up"
            report = true
            """
        let (formula, diagnostics) = FormulaLoader.load(try TOMLParser.parse(text, file: "r.toml"), file: "r.toml")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(formula?.step("wrap-up")?.report == true)
    }

    /// Parallel legs overlap: the time left is the longest chain, not the sum.
    @Test func timeLeftIsTheCriticalPathThroughTheSteps() throws {
        let formula = Formula(
            name: "legs",
            steps: [
                FormulaStep(id: "plan", duration: .seconds(600)),
                FormulaStep(id: "api", needs: ["plan"], duration: .seconds(3600)),
                FormulaStep(id: "ui", needs: ["plan"], duration: .seconds(1800), maximumDuration: .seconds(5400)),
                FormulaStep(id: "merge", needs: ["api", "ui"], duration: .seconds(300)),
            ])
        var run = Run(formula)
        let start = run.clock
        var range = StateMachine.remainingPlannedRange(run.progress, formula: formula, now: start)
        // plan, then the longer leg, then merge: 10 + 60 + 5 minutes (at most 10 + 90 + 5).
        #expect(range.minimum == .seconds(4500))
        #expect(range.maximum == .seconds(6300))
        try run.finish("plan")
        _ = try run.apply(.start(step: "api")).get()
        _ = try run.apply(.start(step: "ui")).get()
        // 20 minutes into ui (api started a minute earlier): api has 39 left, ui 10 (70 at most), then merge.
        range = StateMachine.remainingPlannedRange(run.progress, formula: formula, now: run.clock + 1200)
        #expect(range.minimum == .seconds(2340 + 300))
        #expect(range.maximum == .seconds(4200 + 300))
    }
}
