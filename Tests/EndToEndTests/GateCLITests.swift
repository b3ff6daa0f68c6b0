import Foundation
import Testing

/// gate check / molecule complete / convoy advance-day / report render through the built binary.
@Suite struct GateCLITests {
    /// A workspace with a two-step formula: "work", then "test" with a mandatory tests gate and one
    /// anti-pattern; the day is complete when the gate passes and "test" is done.
    static let formula = """
        formula = "gated"
        version = 1

        [[steps]]
        id = "work"

        [[steps]]
        id = "test"
        [steps.gate]
        id = "tests-pass"
        type = "tests"

        [[anti_patterns]]
        id = "sleep"
        name = "sleep before assert"
        severity = "critical"
        pattern = 'time\\.Sleep\\('
        paths = ["test/**/*.go"]

        [progression_rules]
        day_completion_criteria = [
            { description = "Tests pass", gate = "tests-pass" },
            { step = "test" },
        ]
        """

    static func make() throws -> StoreHarness {
        let harness = try StoreHarness.make(steps: 1)
        try formula.write(toFile: harness.workspace + "/.beads/formulas/gated.toml", atomically: true, encoding: .utf8)
        try harness.expectOK(["molecule", "create", "--formula", "gated", "--name", "m", "--convoy", "c"])
        try harness.expectOK(["molecule", "start", "m", "work"])
        try harness.expectOK(["molecule", "complete", "m", "work"])
        try harness.expectOK(["molecule", "start", "m", "test"])
        return harness
    }

    func write(_ harness: StoreHarness, _ relative: String, _ text: String) throws {
        let path = harness.workspace + "/" + relative
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test func aFailingGateBlocksCompletionWithItsEvidenceAndAPassingCheckUnblocks() throws {
        let h = try Self.make()
        defer { h.cleanup() }
        try write(h, "test/a_test.go", "package a\nfunc TestA() {\n\ttime.Sleep(1)\n}\n")
        try write(
            h, "junit.xml",
            "<testsuite><testcase name=\"ok\"/><testcase name=\"bad\"><failure message=\"want 2\"/></testcase></testsuite>"
        )

        let failing = try h.run(["gate", "check", "m", "--junit", "junit.xml"])
        #expect(failing.status == 5)
        #expect(failing.stdout.contains("gate tests-pass (tests, mandatory, step test): FAILED"))
        #expect(failing.stdout.contains("failed: bad: want 2"))
        #expect(failing.stdout.contains("test/a_test.go:3: critical: sleep: time.Sleep(1)"))
        let evidence = h.workspace + "/.beads/convoys/c/molecules/m/gates/tests-pass.toml"
        #expect(FileManager.default.fileExists(atPath: evidence))

        let refused = try h.run(["molecule", "complete", "m", "test"])
        #expect(refused.status == 3)
        #expect(
            refused.stderr.contains(
                "cannot complete step test: mandatory gate tests-pass fails: pass rate 50% is below 100% (1 failed); 1 anti-pattern hit"
            ))
        #expect(refused.stderr.contains("failed: bad: want 2"))
        #expect(refused.stderr.contains("evidence: .beads/convoys/c/molecules/m/gates/tests-pass.toml"))

        let shown = try h.run(["gate", "show", "m", "--json"])
        let gates = (shown.json as? [String: Any])?["gates"] as? [[String: Any]]
        #expect(gates?.first?["verdict"] as? String == "failing")
        #expect(gates?.first?["blocking"] as? Bool == true)
        let hits =
            ((gates?.first?["evidence"] as? [String: Any])?["scan"] as? [String: Any])?["hits"] as? [[String: Any]]
        #expect(hits?.first?["file"] as? String == "test/a_test.go")
        #expect(hits?.first?["line"] as? Int == 3)

        try write(h, "test/a_test.go", "package a\nfunc TestA() {}\n")
        let passing = try h.run(["gate", "check", "m", "tests-pass", "--passed", "2", "--json"])
        #expect(passing.status == 0)
        #expect((passing.json as? [String: Any])?["passed"] as? Bool == true)
        #expect((passing.json as? [String: Any])?["step_status"] as? String == "active")
        try h.expectOK(["molecule", "complete", "m", "test"])
    }

    @Test func advanceDayRefusesWithWhatIsMissingThenAdvances() throws {
        let h = try Self.make()
        defer { h.cleanup() }
        let before = h.snapshot()
        let refused = try h.run(["convoy", "advance-day", "c"])
        #expect(refused.status == 3)
        #expect(refused.stderr.contains("convoy c stays on day 1"))
        #expect(refused.stderr.contains("m: Tests pass: gate tests-pass not checked yet"))
        #expect(refused.stderr.contains("m: step test done: step test is active"))
        #expect(h.snapshot() == before)

        let show = try h.run(["convoy", "show", "c"])
        #expect(show.stdout.contains("Day 1 (current): 0/1 molecules ready"))
        #expect(show.stdout.contains("✗ m: lacks Tests pass: gate tests-pass not checked yet"))

        try h.expectOK(["gate", "check", "m", "--passed", "3"])
        try h.expectOK(["molecule", "complete", "m", "test"])
        let json = try h.run(["convoy", "show", "c", "--json"])
        let progression = (json.json as? [String: Any])?["progression"] as? [String: Any]
        let day = (progression?["days"] as? [[String: Any]])?.first
        #expect(day?["ready"] as? Bool == true)

        let advanced = try h.run(["convoy", "advance-day", "c", "--json"])
        #expect(advanced.status == 0)
        #expect((advanced.json as? [String: Any])?["day"] as? Int == 2)
        let convoy = try StoreHarness.parseTOML(h.workspace + "/.beads/convoys/c/convoy.toml")
        #expect(convoy["day"]?.integerValue == 2)
    }

    @Test func reportRenderWritesADeterministicFileAndListsIt() throws {
        let h = try Self.make()
        defer { h.cleanup() }
        let first = try h.run(["report", "render", "m", "--json"])
        #expect(first.status == 0)
        let report = (first.json as? [String: Any])?["report"] as? [String: Any]
        let path = try #require(report?["path"] as? String)
        #expect(path.hasPrefix(".beads/convoys/c/molecules/m/reports/compliance-triage-report-v2-r"))
        let content = try String(contentsOfFile: h.workspace + "/" + path, encoding: .utf8)
        #expect(content.hasPrefix("# Compliance Triage Report v2 — m\n"))
        #expect(content == (first.json as? [String: Any])?["content"] as? String)
        let second = try h.run(["report", "render", "m"])
        #expect(second.stdout.contains("unchanged"))
        let list = try h.run(["report", "list", "m", "--json"])
        #expect(
            ((list.json as? [String: Any])?["reports"] as? [[String: Any]])?.map { $0["path"] as? String } == [path])
    }
}
