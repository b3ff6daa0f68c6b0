import Foundation
import Testing

/// `gastown finding add/list/show/resolve` as reviewers and agents run it, and the report it feeds.
@Suite struct FindingCLITests {
    static let formula = """
        formula = "triage"
        version = 1
        validation_categories = ["SOC2 requirements", "API contract alignment", "Project rules compliance"]

        [[steps]]
        id = "triage"
        duration = "10m"

        [steps.checkpoint]
        id = "compliance-checkpoint"
        prompt = "Sign off?"

        """

    /// The harness's workspace with molecule `m` of the triage formula in convoy `c` (reviewers r1..r8).
    static func harness() throws -> StoreHarness {
        let h = try StoreHarness.make()
        try formula.write(toFile: h.workspace + "/.beads/formulas/triage.toml", atomically: true, encoding: .utf8)
        try h.expectOK(["molecule", "create", "--formula", "triage", "--name", "m", "--convoy", "c"])
        return h
    }

    static let findingsDir = ".beads/convoys/c/molecules/m/findings"

    @Test func addListShowAndResolve() throws {
        let h = try Self.harness()
        defer { h.cleanup() }
        let added =
            try h.expectOK(
                [
                    "finding", "add", "m", "--severity", "high", "--category", "soc2-requirements",
                    "--title", "Audit log is mutable", "--location", "pkg/audit/store.go:41",
                    "--detail", "UPDATE statements reach audit_events", "--json",
                ],
                environment: ["GASTOWN_REVIEWER": "polecat-7"]
            ).json as? [String: Any]
        let id = try #require(added?["id"] as? String)
        #expect(added?["category"] as? String == "SOC2 requirements")
        #expect(added?["severity"] as? String == "high")
        #expect(added?["status"] as? String == "open")
        #expect(added?["blocking"] as? Bool == true)
        #expect(added?["recorded_by"] as? String == "polecat-7")
        #expect(added?["path"] as? String == "\(Self.findingsDir)/\(id).toml")
        #expect(FileManager.default.fileExists(atPath: "\(h.workspace)/\(Self.findingsDir)/\(id).toml"))

        let detailFile = h.workspace + "/detail.md"
        try "Field `actorId` is `actor_id` in DD-017.\n".write(toFile: detailFile, atomically: true, encoding: .utf8)
        let plain = try h.expectOK([
            "finding", "add", "m", "--severity", "low", "--category", "API contract alignment",
            "--title", "Field name differs", "--detail-file", "detail.md", "--by", "r2",
        ])
        #expect(plain.stdout.hasSuffix("  LOW [API contract alignment] Field name differs\n"))
        let lowID = String(plain.stdout.prefix(10))

        let table = try h.expectOK(["finding", "list", "m"]).stdout.split(separator: "\n").map(String.init)
        #expect(table.count == 3)
        #expect(table[0].hasPrefix("ID          MOLECULE  SEVERITY  STATUS  CATEGORY"))
        #expect(table[1].hasPrefix("\(id)  m         high      open    SOC2 requirements       Audit log is mutable"))
        #expect(table[2].hasPrefix("\(lowID)  m         low       open    API contract alignment  Field name differs"))

        let shown = try h.expectOK(["finding", "show", "m", lowID]).stdout
        #expect(shown.contains("  recorded by r2 at "))
        #expect(shown.contains("\n  Field `actorId` is `actor_id` in DD-017.\n"))

        // A high finding: an agent is refused, a reviewer resolves it, a second resolution is refused.
        let agent = try h.run(
            ["finding", "resolve", "m", id, "--note", "done", "--by", "r1"], environment: ["GASTOWN_AGENT": "1"])
        #expect(agent.status == 3)
        #expect(agent.stderr.contains("GASTOWN_AGENT is set"))
        let outsider = try h.run(["finding", "resolve", "m", id, "--note", "done", "--by", "mallory"])
        #expect(outsider.status == 3)
        #expect(outsider.stderr.contains("mallory is not a reviewer of convoy c"))
        let resolved =
            try h.expectOK([
                "finding", "resolve", "m", id, "--note", "audit_events is append-only now", "--by", "r1", "--json",
            ]).json as? [String: Any]
        #expect(resolved?["status"] as? String == "resolved")
        let resolution = resolved?["resolution"] as? [String: Any]
        #expect(resolution?["by"] as? String == "r1")
        #expect(resolution?["note"] as? String == "audit_events is append-only now")
        let again = try h.run(["finding", "resolve", "m", id, "--note", "again", "--by", "r1"])
        #expect(again.status == 3)
        #expect(again.stderr.contains("already resolved by r1"))

        let open = try h.expectOK(["finding", "list", "--open", "--json"]).json as? [String: Any]
        let openIDs = (open?["findings"] as? [[String: Any]])?.compactMap { $0["id"] as? String }
        #expect(openIDs == [lowID])
        #expect((open?["problems"] as? [Any])?.isEmpty == true)
    }

    @Test func badInputExitsTwoNamingTheFieldAndWritesNothing() throws {
        let h = try Self.harness()
        defer { h.cleanup() }
        let before = h.snapshot()
        let cases: [([String], Int32, String)] = [
            (
                ["--severity", "urgent", "--category", "SOC2 requirements", "--title", "t"], 2,
                "invalid --severity \"urgent\": expected one of critical, high, medium, low"
            ),
            (
                ["--severity", "low", "--category", "Security", "--title", "t"], 2,
                "invalid --category \"Security\": expected one of the validation categories of formula triage: \"SOC2 requirements\", \"API contract alignment\", \"Project rules compliance\""
            ),
            (
                ["--severity", "low", "--category", "SOC2 requirements", "--title", " "], 2,
                "invalid --title: expected non-blank text"
            ),
            (
                ["--severity", "low", "--category", "SOC2 requirements", "--title", "t", "--location", "a.go:x:0"], 2,
                "invalid --location \"a.go:x:0\": expected FILE, FILE:LINE or FILE:LINE:COLUMN"
            ),
            (
                [
                    "--severity", "low", "--category", "SOC2 requirements", "--title", "t", "--detail", "d",
                    "--detail-file", "f",
                ], 2,
                "give either --detail or --detail-file, not both"
            ),
            (
                [
                    "--severity", "low", "--category", "SOC2 requirements", "--title", "t", "--detail-file",
                    "missing.md",
                ], 1,
                "cannot read --detail-file missing.md: No such file or directory"
            ),
            (
                ["--severity", "low", "--category", "SOC2 requirements"], 64,
                "Missing expected argument '--title <title>'"
            ),
        ]
        for (arguments, status, message) in cases {
            let result = try h.run(["finding", "add", "m"] + arguments, environment: ["GASTOWN_REVIEWER": "r1"])
            #expect(result.status == status, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
        let ghost = try h.run(["finding", "add", "ghost", "--severity", "low", "--category", "x", "--title", "t"])
        #expect(ghost.status == 1)
        #expect(ghost.stderr.contains("no molecule named ghost"))
        #expect(h.snapshot() == before)
        let badID = try h.run(["finding", "resolve", "m", "../x", "--note", "n"])
        #expect(badID.status == 2)
        #expect(badID.stderr.contains("invalid finding id \"../x\""))
    }

    @Test func severalProcessesAddingAtOnceLoseNothing() throws {
        let h = try Self.harness()
        defer { h.cleanup() }
        let writers = 8
        let processes = try (0..<writers).map { index in
            try h.spawn([
                "finding", "add", "m", "--severity", "medium", "--category", "Project rules compliance",
                "--title", "finding \(index)", "--by", "agent-\(index)",
            ])
        }
        for process in processes { process.waitUntilExit() }
        #expect(processes.allSatisfy { $0.terminationStatus == 0 })
        let listed = try h.expectOK(["finding", "list", "m", "--json"]).json as? [String: Any]
        let titles = (listed?["findings"] as? [[String: Any]])?.compactMap { $0["title"] as? String } ?? []
        #expect(Set(titles) == Set((0..<writers).map { "finding \($0)" }))
        #expect(titles.count == writers)
        let leftovers = (try FileManager.default.contentsOfDirectory(atPath: "\(h.workspace)/\(Self.findingsDir)"))
            .filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
    }

    @Test func aBadFileIsAProblemWithItsPositionAndTheReportWaitsForTheFix() throws {
        let h = try Self.harness()
        defer { h.cleanup() }
        try h.expectOK([
            "finding", "add", "m", "--severity", "critical", "--category", "SOC2 requirements",
            "--title", "Evidence \u{1B}[31mnot\u{1B}[0m retained", "--by", "r1",
        ])
        let rendered = try h.expectOK(["report", "render", "m", "--print"]).stdout
        #expect(rendered.contains("- **Open findings**: 1 (1 critical, 0 high, 0 medium, 0 low); 0 resolved\n"))
        #expect(rendered.contains("## 7. SOC2 Requirements\n\n- **CRITICAL** Evidence ␛[31mnot␛[0m retained\n"))
        #expect(rendered.contains("- CRITICAL [SOC2 requirements]: Evidence ␛[31mnot␛[0m retained\n"))
        #expect(!rendered.contains("\u{1B}"))

        let bad = "\(h.workspace)/\(Self.findingsDir)/f-0badf11e.toml"
        try "id = \"f-0badf11e\"\nseverity = 4\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let list = try h.run(["finding", "list", "m"])
        #expect(list.status == 1)
        #expect(
            list.stderr.contains(
                "\(Self.findingsDir)/f-0badf11e.toml:2:12: error: severity: expected a string, found integer"))
        #expect(list.stdout.contains("Evidence ␛[31mnot␛[0m retained"))
        let render = try h.run(["report", "render", "m"])
        #expect(render.status == 1)
        #expect(render.stderr.contains("cannot be reported until its finding files are fixed"))
        #expect(render.stderr.contains("f-0badf11e.toml:2:12"))
    }
}
