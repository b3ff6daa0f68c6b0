import Foundation
import TestSupport
import Testing

@testable import Core

@Suite struct ReportTests {
    static let sections = [
        "## 1. Executive Summary", "## 2. Test Validation Status (100% pass requirement)",
        "## 3. Business Requirement Mapping", "## 4. Testing Standards Compliance (TESTING_GUIDELINES.md)",
        "## 5. API Contract Alignment", "## 6. APDC Methodology Adherence", "## 7. SOC2 Requirements",
        "## 8. Project Rules Compliance", "## 9. Critical Issues (blocking)", "## 10. Warnings (non-blocking)",
        "## 11. Recommendations", "## 12. Gaps Identified", "## 13. Sign-Off Recommendation",
    ]

    func seedFormula() throws -> Formula {
        try #require(try Repository.loadFormula("formulas/integration-test-full-validation.toml").0)
    }

    func template() throws -> String { try Repository.text("templates/compliance-triage-report-v2.md") }

    /// Day 3 of the seed: test validation rejected once, then passing; compliance finds a SOC2 gap.
    func day3(_ formula: Formula) throws -> ReportInput {
        var run = Run(formula)
        for step in formula.steps.prefix(6) {
            _ = try run.apply(.start(step: step.id)).get()
            _ = try run.apply(.complete(step: step.id)).get()
            if let c = step.checkpoint {
                _ = try run.apply(.approve(checkpoint: c.id, reviewer: "alice", at: run.clock)).get()
            }
        }
        _ = try run.apply(.start(step: "test-validation")).get()
        let hit = AntiPatternHit(
            antiPatternID: "skip-calls", severity: .critical, file: "test/integration/audit_test.go", line: 145,
            excerpt: "Skip(\"flaky\")")
        _ = try run.apply(
            .recordGate(
                step: "test-validation",
                result: GateResult(
                    gateID: "test-validation-gate", passed: false, summary: "3 failed; 1 skipped",
                    tests: TestCounts(passed: 39, failed: 3, skipped: 1), antiPatternHits: [hit], checkedAt: run.clock))
        ).get()
        _ = try run.apply(
            .recordGate(
                step: "test-validation",
                result: GateResult(
                    gateID: "test-validation-gate", passed: true, summary: "100% of 42 tests passed",
                    tests: TestCounts(passed: 42, failed: 0, skipped: 0), checkedAt: run.clock))
        ).get()
        _ = try run.apply(.complete(step: "test-validation")).get()
        _ = try run.apply(
            .reject(
                checkpoint: "test-validation-checkpoint", reviewer: "bob",
                reason: "3 tests failing, anti-pattern detected in line 145\u{1B}[31m", to: nil, at: run.clock)
        ).get()
        _ = try run.apply(.start(step: "do-refactor")).get()
        _ = try run.apply(.complete(step: "do-refactor")).get()
        _ = try run.apply(.start(step: "test-validation")).get()
        _ = try run.apply(
            .recordGate(
                step: "test-validation",
                result: GateResult(
                    gateID: "test-validation-gate", passed: true,
                    summary: "100% of 42 tests passed, 0 skipped, no anti-pattern hits",
                    tests: TestCounts(passed: 42, failed: 0, skipped: 0), checkedAt: run.clock))
        ).get()
        _ = try run.apply(.complete(step: "test-validation")).get()
        _ = try run.apply(.approve(checkpoint: "test-validation-checkpoint", reviewer: "carol", at: run.clock)).get()
        return ReportInput(
            moleculeName: "day3-soc2-hybrid-integration-tests", convoy: "soc2-audit-trail",
            variables: ["service": "AI Analysis"], inputs: ["docs/development/SOC2/DAY2_HYBRID_AUDIT_COMPLETE.md"],
            formula: formula, progress: run.progress,
            findings: [
                ComplianceFinding(
                    category: "SOC2 requirements", severity: .high, title: "Audit event lacks actor id",
                    detail: "CC7.2 needs who did it", location: "pkg/audit/event.go:88"),
                ComplianceFinding(
                    category: "API contract alignment", severity: .low, title: "Field name differs from DD-017"),
            ],
            generatedAt: run.clock + 60)
    }

    @Test func theShippedTemplateRendersAllThirteenSectionsInOrder() throws {
        let formula = try seedFormula()
        let report = try ReportRenderer.render(
            template: try template(), named: "compliance-triage-report-v2", input: try day3(formula))
        var cursor = report.startIndex
        for heading in Self.sections {
            let found = try #require(
                report.range(of: heading, range: cursor..<report.endIndex), "missing or out of order: \(heading)")
            cursor = found.upperBound
        }
        #expect(!report.contains("{{"))
    }

    @Test func fieldsComeFromTheMoleculeItsFormulaGateEvidenceAndHistory() throws {
        let formula = try seedFormula()
        let input = try day3(formula)
        let report = try ReportRenderer.render(template: try template(), named: "t", input: input)
        let lines = report.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.contains("# Compliance Triage Report v2 — day3-soc2-hybrid-integration-tests"))
        #expect(lines.contains("| Convoy | soc2-audit-trail |"))
        #expect(lines.contains("| Formula | integration-test-full-validation v2.1 |"))
        #expect(lines.contains("- **Status**: IN PROGRESS"))
        #expect(lines.contains("- **Test pass rate**: 100%"))
        #expect(lines.contains("- **Recommendation**: FIX REQUIRED"), "a HIGH SOC2 finding blocks sign-off")
        #expect(lines.contains("| 42 | 0 | 0 | 42 | 100% | 100% |"))
        #expect(
            lines.contains("- **HIGH** Audit event lacks actor id (`pkg/audit/event.go:88`): CC7.2 needs who did it"))
        #expect(lines.contains("- **LOW** Field name differs from DD-017"))
        #expect(
            lines.contains(
                "| CHECK - Test Validation | CHECK | 10m | done | 2 | test-validation-checkpoint | approved by carol |")
        )
        #expect(
            lines.contains {
                $0.contains(
                    "| `test-validation-checkpoint` | rejected | bob | 1 | 3 tests failing, anti-pattern detected in line 145␛[31m | do-refactor |"
                )
            },
            "the reason is shown with its escape sequence neutralised")
        #expect(!report.contains("\u{1B}"))
        #expect(lines.contains("- HIGH [SOC2 requirements]: Audit event lacks actor id (pkg/audit/event.go:88)"))
        #expect(lines.contains("- LOW [API contract alignment]: Field name differs from DD-017"))
        #expect(lines.contains("- Run the check for gate compliance-gate"))
        #expect(
            lines.contains(
                "- [x] All tests pass at 100% — passed: 100% of 42 tests passed, 0 skipped, no anti-pattern hits"))
        #expect(lines.contains("- [ ] Documentation committed — manual check documentation-committed not confirmed"))
        #expect(lines.contains("| SOC2 requirements | 1 |"))
        #expect(lines.contains("- `docs/development/SOC2/*.md`"))
        #expect(lines.contains("| Progress | 7/9 steps done, 40m-55m planned time left |"))
    }

    @Test func scanHitsCountInTheAntiPatternCategory() throws {
        let formula = try seedFormula()
        var run = Run(formula)
        for step in formula.steps.prefix(6) {
            _ = try run.apply(.start(step: step.id)).get()
            _ = try run.apply(.complete(step: step.id)).get()
            if let c = step.checkpoint {
                _ = try run.apply(.approve(checkpoint: c.id, reviewer: "alice", at: run.clock)).get()
            }
        }
        _ = try run.apply(.start(step: "test-validation")).get()
        let hits = [
            AntiPatternHit(
                antiPatternID: "skip-calls", severity: .critical, file: "test/e2e/a_test.go", line: 7, excerpt: "Skip()"
            ),
            AntiPatternHit(
                antiPatternID: "skip-calls", severity: .critical, file: "test/e2e/b_test.go", line: 9, excerpt: "Skip()"
            ),
        ]
        _ = try run.apply(
            .recordGate(
                step: "test-validation",
                result: GateResult(
                    gateID: "test-validation-gate", passed: false, summary: "2 anti-patterns",
                    tests: TestCounts(passed: 10, failed: 0, skipped: 0), antiPatternHits: hits, checkedAt: run.clock))
        ).get()
        let input = ReportInput(
            moleculeName: "m", convoy: "c", variables: [:], inputs: [], formula: formula,
            progress: run.progress, findings: [], generatedAt: run.clock)
        let lines = try ReportRenderer.render(template: try template(), named: "t", input: input)
            .split(separator: "\n").map(String.init)
        #expect(lines.contains("| Testing anti-patterns detection | 2 |"))
        #expect(lines.contains("| SOC2 requirements | 0 |"))
    }

    @Test func aCleanCompleteMoleculeIsRecommendedForApproval() throws {
        let formula = try seedFormula()
        var run = Run(formula)
        for step in formula.steps {
            _ = try run.apply(.start(step: step.id)).get()
            if let gate = step.gate {
                _ = try run.apply(.recordGate(step: step.id, result: Fixtures.passing(gate.id, at: run.clock))).get()
            }
            _ = try run.apply(.complete(step: step.id)).get()
            if let c = step.checkpoint {
                _ = try run.apply(.approve(checkpoint: c.id, reviewer: "alice", at: run.clock)).get()
            }
        }
        let input = ReportInput(
            moleculeName: "m", formula: formula, progress: run.progress,
            manualChecks: ["documentation-committed"], generatedAt: run.clock)
        let report = try ReportRenderer.render(template: try template(), named: "t", input: input)
        #expect(report.contains("- **Status**: COMPLETE"))
        #expect(report.contains("**APPROVE** — every mandatory gate passed and no blocking issue was found"))
        #expect(report.contains("None: every day-completion criterion is met."))
        #expect(!report.contains("| Convoy |"))
    }

    @Test func renderingIsDeterministic() throws {
        let formula = try seedFormula()
        var input = try day3(formula)
        let first = try ReportRenderer.render(template: try template(), named: "t", input: input)
        input.findings.reverse()
        input.variables["zzz"] = "added"
        input.variables["zzz"] = nil
        let second = try ReportRenderer.render(template: try template(), named: "t", input: input)
        #expect(first == second)
    }

    @Test func aBrokenTemplateIsReportedWithItsPosition() {
        #expect {
            try ReportRenderer.render(template: "# title\n{{#open}}\nnever closed\n", named: "bad.md", context: [:])
        } throws: { error in
            "\(error)".hasPrefix("bad.md:") && "\(error)".contains("the template does not parse")
        }
    }
}
