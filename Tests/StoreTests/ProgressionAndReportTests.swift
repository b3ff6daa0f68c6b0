import Core
import Foundation
import TestSupport
import Testing

@testable import Store

@Suite struct DayProgressionTests {
    /// work (checkpoint) → test (tests gate); criteria: the gate, the checkpoint, the step, a manual check.
    static let formula = Formula(
        name: "daily",
        steps: [
            FormulaStep(id: "work", checkpoint: Checkpoint(id: "work-review", prompt: "ok?", onReject: "work")),
            FormulaStep(
                id: "test",
                gate: Gate(id: "g", type: .tests(requiredPassRate: 100, allowSkipped: false, allowAntiPatterns: false))),
        ],
        progressionRules: ProgressionRules(dayCompletionCriteria: [
            CompletionCriterion(description: "Tests pass", requirement: .gatePassed("g")),
            CompletionCriterion(description: "Work approved", requirement: .checkpointApproved("work-review")),
            CompletionCriterion(description: "Tested", requirement: .stepDone("test")),
            CompletionCriterion(description: "Docs committed", requirement: .manual("docs-committed")),
        ]))

    @Test func theDayAdvancesOnlyWhenEveryMoleculeOfTheDayMeetsEveryCriterion() throws {
        let workspace = try TempWorkspace()
        defer { workspace.cleanup() }
        var store = BeadsStore(layout: workspace.layout, formulas: FixedFormulas([Self.formula]))
        store.clock = TestKeys.lateClock
        try store.createConvoy(
            ConvoyFile(name: "c", title: "C", reviewers: ["alice"], day: 3), reviewerKeys: TestKeys.keys(["alice"]))
        for name in ["a", "b"] {
            try store.createMolecule(name: name, convoy: "c", formula: "daily", variables: [], inputs: [], now: t0)
        }
        #expect(try store.loadMolecule("a").day == 3)
        let convoyBefore = workspace.read(".beads/convoys/c/convoy.toml")

        // Molecule a completes everything but the manual check; b has not started.
        _ = try store.apply(.start(step: "work"), molecule: "a", now: t0)
        _ = try store.apply(.complete(step: "work"), molecule: "a", now: t0)
        try store.decide(
            molecule: "a", checkpoint: "work-review", decision: .approved, reviewer: "alice", reason: nil,
            returnTo: nil, isAgent: false, signer: TestKeys.signer("alice"), now: t0)
        _ = try store.apply(.start(step: "test"), molecule: "a", now: t0)
        _ = try store.checkGate(
            molecule: "a", gate: "g", tests: .counts(TestCounts(passed: 5, failed: 0, skipped: 0)), now: t0 + 1)
        _ = try store.apply(.complete(step: "test"), molecule: "a", now: t0 + 2)

        let progress = try store.convoyProgress("c")
        #expect(progress.currentDay == 3)
        let a = try #require(progress.current.molecules.first { $0.molecule == "a" })
        #expect(a.missing == ["Docs committed: manual check docs-committed not confirmed"])
        let b = try #require(progress.current.molecules.first { $0.molecule == "b" })
        #expect(
            b.missing == [
                "Tests pass: gate g not checked yet", "Work approved: checkpoint work-review not decided yet",
                "Tested: step test is pending", "Docs committed: manual check docs-committed not confirmed",
            ])

        do {
            _ = try store.advanceDay(convoy: "c")
            Issue.record("advanced although molecules lack criteria")
        } catch {
            #expect(error.kind == .refused)
            #expect(error.message.contains("convoy c stays on day 3: 2 of 2 molecules are not ready"))
            #expect(error.message.contains("a: Docs committed: manual check docs-committed not confirmed"))
            #expect(error.message.contains("b: Tested: step test is pending"))
        }
        #expect(workspace.read(".beads/convoys/c/convoy.toml") == convoyBefore)

        // A confirmation an agent writes by hand (no reviewer's signature) confirms nothing.
        let manual = workspace.path + "/.beads/convoys/c/molecules/a/manual-checks.toml"
        try "[checks.docs-committed]\nby = \"alice\"\nat = 2027-01-15T08:00:03Z\n".write(
            toFile: manual, atomically: true, encoding: .utf8)
        let forged = try store.loadMolecule("a")
        #expect(forged.gateRecords.confirmedChecks.isEmpty)
        #expect(forged.allProblems.contains { $0.category == .signature && $0.message.contains("docs-committed") })
        #expect(throws: StoreError.self) { _ = try store.advanceDay(convoy: "c") }
        try FileManager.default.removeItem(atPath: manual)

        // Confirming the manual check readies a; moving b to day 4 leaves day 3 to a alone.
        try store.confirmManualCheck(
            molecule: "a", check: "docs-committed", by: "alice", note: "PR 12", signer: TestKeys.signer("alice"),
            now: t0 + 3)
        #expect(throws: StoreError.self) {
            try store.confirmManualCheck(
                molecule: "a", check: "nope", by: "alice", note: nil, signer: TestKeys.signer("alice"), now: t0)
        }
        let path = workspace.path + "/.beads/convoys/c/molecules/b/molecule.toml"
        let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(
            of: "day = 3", with: "day = 4")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try store.convoyProgress("c").days.map(\.day) == [3, 4])

        let moved = try store.advanceDay(convoy: "c")
        #expect((moved.from, moved.to) == (3, 4))
        #expect(try store.requireConvoy("c").day == 4)
        try store.createMolecule(name: "late", convoy: "c", formula: "daily", variables: [], inputs: [], now: t0)
        #expect(try store.loadMolecule("late").day == 4)
    }
}

@Suite struct ReportRenderingTests {
    @Test func aReportMatchesTheStateItCameFromFieldByField() throws {
        var seed = try SeedWorkspace()
        defer { seed.cleanup() }
        try seed.advance("m", until: "test-validation")
        try seed.start("m", "test-validation")
        try seed.workspace.write("test/integration/a_test.go", "package a\nfunc TestA() {\n\ttime.Sleep(1)\n}\n")
        _ = try seed.store.checkGate(
            molecule: "m", gate: nil, tests: .counts(TestCounts(passed: 39, failed: 1, skipped: 2)), now: seed.clock + 1
        )

        let report = try seed.store.renderReport(molecule: "m", template: nil)
        let state = try seed.store.loadMolecule("m")
        let lines = report.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func row(_ prefix: String) -> String? { lines.first { $0.hasPrefix(prefix) } }

        #expect(lines.first == "# Compliance Triage Report v2 — m")
        #expect(row("| Molecule |") == "| Molecule | m |")
        #expect(row("| Convoy |") == "| Convoy | \(state.convoy) |")
        #expect(
            row("| Formula |")
                == "| Formula | integration-test-full-validation v\(state.formula!.version!.description) |")
        let done = state.formula!.steps.filter { state.progress!.steps[$0.id]?.status == .done }.count
        #expect(row("| Progress |")?.hasPrefix("| Progress | \(done)/9 steps done") == true)
        let result = try #require(state.progress?.gateResults["test-validation-gate"])
        #expect(row("| Generated |") == "| Generated | \(Timestamps.iso8601(result.checkedAt)) |")
        #expect(row("- **Status**:") == "- **Status**: BLOCKED")
        #expect(result.tests?.passRate == 97.5)
        #expect(row("- **Test pass rate**:") == "- **Test pass rate**: 97.5%")
        #expect(row("| 39 |") == "| 39 | 1 | 2 | 42 | 97.5% | 100% |")
        #expect(
            row("| `test-validation-gate` |")
                == "| `test-validation-gate` | test-validation | tests | yes | failing | \(result.summary) |")
        #expect(
            row("| CRITICAL | time.Sleep() before assertions |")
                == "| CRITICAL | time.Sleep() before assertions | `test/integration/a_test.go:3` | `time.Sleep(1)` | Use Eventually() instead |"
        )
        for decision in state.progress!.history {
            #expect(
                lines.contains(
                    "| \(Timestamps.iso8601(decision.at)) | `\(decision.checkpointID)` | approved | alice | \(decision.attempt) |  |  |"
                ))
        }
        #expect(row("**FIX REQUIRED**") != nil)
        #expect(lines.contains("- [ ] All tests pass at 100% — failing: \(result.summary)"))

        // Deterministic: the same state renders the same file; a change renders a new, later one.
        #expect(report.created)
        #expect(
            report.file.name
                == "compliance-triage-report-v2-r\(state.file!.revision + state.trail.entries.count)-\(report.file.hash).md"
        )
        let again = try seed.store.renderReport(molecule: "m", template: nil)
        #expect(!again.created)
        #expect(again.file.name == report.file.name)
        #expect(again.text == report.text)
        _ = try seed.store.checkGate(
            molecule: "m", gate: nil, tests: .counts(TestCounts(passed: 42, failed: 0, skipped: 0)), now: seed.clock + 5
        )
        let later = try seed.store.renderReport(molecule: "m", template: nil)
        #expect(later.file.sequence > report.file.sequence)
        #expect(
            try seed.store.loadMolecule("m").gateRecords.reports.map(\.name) == [report.file.name, later.file.name])
        #expect(try seed.store.loadMolecule("m").gateRecords.latestReport?.name == later.file.name)
    }

    @Test func templatesAreFoundInTheWorkspaceFirstAndBadOnesAreRefusedWithTheirPosition() throws {
        var seed = try SeedWorkspace()
        defer { seed.cleanup() }
        try seed.workspace.write(".beads/templates/short.md", "{{molecule.name}}: {{summary.status}}\n")
        let short = try seed.store.renderReport(molecule: "m", template: "short")
        // The template's text, then the digest of what it was rendered from (docs/reports.md, "Current").
        let digest = try #require(ReportInputs.digest(of: try seed.store.loadMolecule("m")))
        #expect(short.text == "m: IN PROGRESS\n\n<!-- gastown report inputs: sha256:\(digest) -->\n")
        #expect(short.file.name.hasPrefix("short-r"))
        try seed.workspace.write("templates/short.md", "workspace {{molecule.name}}\n")
        #expect(
            try seed.store.renderReport(molecule: "m", template: "short").text
                == "workspace m\n\n<!-- gastown report inputs: sha256:\(digest) -->\n")
        try seed.workspace.write("templates/broken.md", "line one\n{{#open}}never closed\n")
        do {
            _ = try seed.store.renderReport(molecule: "m", template: "broken")
            Issue.record("a broken template rendered")
        } catch {
            #expect(error.message.hasPrefix("templates/broken.md:"))
        }
        #expect(throws: StoreError.self) { _ = try seed.store.renderReport(molecule: "m", template: "../etc/passwd") }
        #expect(throws: StoreError.self) { _ = try seed.store.renderReport(molecule: "m", template: "missing") }
    }
}
