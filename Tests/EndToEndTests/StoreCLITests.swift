import Foundation
import Testing

@Suite struct StoreCLITests {
    @Test func aMoleculeGoesThroughItsCheckpointsWithJSONOutput() throws {
        let h = try StoreHarness.make(steps: 2)
        defer { h.cleanup() }
        try "x".write(toFile: h.workspace + "/input.md", atomically: true, encoding: .utf8)
        try h.expectOK([
            "molecule", "create", "--formula", "e2e", "--name", "m", "--convoy", "c", "--inputs", "input.md",
        ])
        try h.expectOK(["molecule", "start", "m"])
        try h.expectOK(["molecule", "complete", "m"])
        let awaiting = try h.expectOK(["checkpoint", "list", "--json"]).json as? [String: Any]
        let items = awaiting?["awaiting"] as? [[String: Any]]
        #expect(items?.count == 1)
        #expect(items?.first?["checkpoint"] as? String == "s1-review")
        let decision =
            try h.expectOK(["checkpoint", "approve", "m", "s1-review", "--reviewer", "r1", "--json"]).json
            as? [String: Any]
        #expect(decision?["decision"] as? String == "approved")
        #expect((decision?["hash"] as? String)?.count == 64)
        let status = try h.expectOK(["molecule", "status", "m", "--json"]).json as? [String: Any]
        let steps = status?["steps"] as? [[String: Any]]
        #expect(steps?.map { $0["status"] as? String } == ["done", "pending"])
        #expect(status?["inputs"] as? [String] == ["input.md"])
        #expect(status?["audit_verified"] as? Bool == true)
        let list = try h.expectOK(["convoy", "list", "--json"]).json as? [String: Any]
        let convoys = list?["convoys"] as? [[String: Any]]
        #expect(convoys?.first?["molecules"] as? Int == 1)
        let log = try h.expectOK(["audit", "log", "--json"]).json as? [String: Any]
        #expect((log?["decisions"] as? [[String: Any]])?.first?["reviewer"] as? String == "r1")
    }

    @Test func hostileTitlesAreEscapedInTextAndJSON() throws {
        let h = try StoreHarness.make(steps: 1)
        defer { h.cleanup() }
        let title = "evil\u{1B}[2J\u{9B}\u{202E}txt"
        try h.expectOK(["convoy", "create", "hostile", "--title", title])
        let text = try h.expectOK(["convoy", "show", "hostile"]).stdout
        #expect(text.contains("evil␛[2J\u{FFFD}\u{FFFD}txt"))
        let json = try h.expectOK(["convoy", "list", "--json"]).stdout
        #expect(!json.unicodeScalars.contains { terminalUnsafe.contains($0.value) })
        #expect(json.contains("\\u001b") && json.contains("\\u009b") && json.contains("\\u202e"))
        let titles =
            ((try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any])?["convoys"]
            as? [[String: Any]]
        #expect(titles?.first { $0["name"] as? String == "hostile" }?["title"] as? String == title)
    }

    @Test func refusalsAndBadInputExitNonZeroAndChangeNothing() throws {
        let h = try StoreHarness.make(steps: 1)
        defer { h.cleanup() }
        try h.expectOK(["molecule", "create", "--formula", "e2e", "--name", "m", "--convoy", "c"])
        try h.expectOK(["molecule", "start", "m"])
        try h.expectOK(["molecule", "complete", "m"])
        let before = h.snapshot()
        let cases: [([String], [String: String], Int32, String)] = [
            (
                ["molecule", "create", "--formula", "e2e", "--name", "../escape", "--convoy", "c"], [:], 2,
                "invalid molecule name"
            ),
            (
                ["molecule", "create", "--formula", "e2e", "--name", "n\u{1b}[31m", "--convoy", "c"], [:], 2,
                "control character"
            ),
            (
                ["molecule", "create", "--formula", "e2e", "--name", "n", "--convoy", "c", "--inputs", "/etc/passwd"],
                [:], 2, "outside the workspace"
            ),
            (["molecule", "create", "--formula", "nope", "--name", "n", "--convoy", "c"], [:], 1, "nope"),
            (["convoy", "create", "bad/name"], [:], 2, "path separator"),
            (["checkpoint", "approve", "m", "s1-review", "--reviewer", "mallory"], [:], 3, "not a reviewer"),
            (["checkpoint", "approve", "m", "s1-review", "--reviewer", "r1"], ["GASTOWN_AGENT": "1"], 3, "agent"),
            (["checkpoint", "reject", "m", "s1-review", "--reviewer", "r1", "--reason", " "], [:], 2, "reason"),
            (["molecule", "status", "ghost"], [:], 1, "no molecule named ghost"),
        ]
        for (arguments, env, code, message) in cases {
            let result = try h.run(arguments, environment: env)
            #expect(result.status == code, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(!result.stderr.contains("\u{1b}"))
            if arguments.contains(where: { $0.contains("\u{1b}") }) {
                #expect(result.stderr.contains("␛"), "\(arguments)")
            }
        }
        #expect(h.snapshot() == before)
    }

    @Test func auditVerifyNamesATamperedRecordAndExits4() throws {
        let h = try StoreHarness.make(steps: 1)
        defer { h.cleanup() }
        try h.expectOK(["molecule", "create", "--formula", "e2e", "--name", "m", "--convoy", "c"])
        try h.expectOK(["molecule", "start", "m"])
        try h.expectOK(["molecule", "complete", "m"])
        try h.expectOK(["checkpoint", "reject", "m", "s1-review", "--reviewer", "r2", "--reason", "not yet"])
        try h.expectOK(["audit", "verify"])
        let dir = h.workspace + "/.beads/convoys/c/molecules/m/checkpoints"
        let file = try #require(
            try FileManager.default.contentsOfDirectory(atPath: dir).first { $0.hasSuffix(".toml") })
        let text = try String(contentsOfFile: dir + "/" + file, encoding: .utf8)
        try text.replacingOccurrences(of: "rejected", with: "approved").write(
            toFile: dir + "/" + file, atomically: true, encoding: .utf8)
        let result = try h.run(["audit", "verify"])
        #expect(result.status == 4)
        #expect(result.stdout.contains(file) && result.stdout.contains("edited"))
        // The forged approval does not count: the step is not done.
        let status = try h.expectOK(["molecule", "status", "m", "--json"]).json as? [String: Any]
        #expect((status?["steps"] as? [[String: Any]])?.first?["status"] as? String != "done")
    }

    @Test func recordTestsReadsJUnitAndGatesTheStep() throws {
        let h = try StoreHarness.make(steps: 1)
        defer { h.cleanup() }
        let formula = """
            formula = "gated"
            version = 1
            [[steps]]
            id = "build"
            [steps.gate]
            type = "tests"
            """
        try formula.write(toFile: h.workspace + "/.beads/formulas/gated.toml", atomically: true, encoding: .utf8)
        try h.expectOK(["molecule", "create", "--formula", "gated", "--name", "g", "--convoy", "c"])
        try h.expectOK(["molecule", "start", "g"])
        let junit = "<testsuite><testcase name=\"a\"/><testcase name=\"b\"><skipped/></testcase></testsuite>"
        try junit.write(toFile: h.workspace + "/r.xml", atomically: true, encoding: .utf8)
        try h.expectOK(["molecule", "record-tests", "g", "--junit", "r.xml"])
        #expect(try h.run(["molecule", "complete", "g"]).status == 3)
        try h.expectOK(["molecule", "record-tests", "g", "--passed", "2"])
        try h.expectOK(["molecule", "complete", "g"])
        let status = try h.expectOK(["molecule", "status", "g", "--json"]).json as? [String: Any]
        #expect(status?["state"] as? String == "done")
    }

    /// `record-tests --junit` and `gate check --junit` read reports with the same checks and messages.
    @Test func recordTestsAndGateCheckRefuseTheSameReports() throws {
        let h = try StoreHarness.make(steps: 1)
        defer { h.cleanup() }
        let formula = "formula = \"gated\"\n[[steps]]\nid = \"build\"\n[steps.gate]\ntype = \"tests\"\n"
        try formula.write(toFile: h.workspace + "/.beads/formulas/gated.toml", atomically: true, encoding: .utf8)
        try h.expectOK(["molecule", "create", "--formula", "gated", "--name", "g", "--convoy", "c"])
        try h.expectOK(["molecule", "start", "g"])
        #expect(mkfifo(h.workspace + "/pipe.xml", 0o600) == 0)
        try "<testsuite><testcase>".write(toFile: h.workspace + "/cut.xml", atomically: true, encoding: .utf8)
        for (file, message) in [
            ("pipe.xml", "JUnit report pipe.xml is not a regular file"),
            ("gone.xml", "cannot read JUnit report gone.xml: No such file or directory"),
            ("cut.xml", "cut.xml:1:"),
        ] {
            let recorded = try h.run(["molecule", "record-tests", "g", "--junit", file])
            let checked = try h.run(["gate", "check", "g", "--junit", file])
            #expect(recorded.status != 0 && checked.status != 0)
            #expect(recorded.stderr.contains(message), "\(recorded.stderr)")
            #expect(checked.stderr.contains(message), "\(checked.stderr)")
        }
    }
}

/// Scalars a terminal acts on: C0 controls but newline, DEL, C1, bidirectional overrides and isolates.
private let terminalUnsafe: Set<UInt32> = Set((0..<0x20).filter { $0 != 0x0A }).union(0x7F..<0xA0).union(
    0x202A...0x202E
).union(0x2066...0x2069)
