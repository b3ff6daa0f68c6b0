import Foundation
import TestSupport
import Testing

/// The seed's flow through the built binary: a high finding blocks the compliance gate and the completion, a
/// reviewer resolves it, the gate passes, completing renders the report, the checkpoint is approved — and what
/// agents read under `--json`.
@Suite struct SeedFlowCLITests {
    /// The harness's workspace with the shipped formula and molecule `m` (inputs given), driven to compliance
    /// triage by reviewer r1 and the agent polecat-7.
    static func atComplianceTriage() throws -> StoreHarness {
        let h = try StoreHarness.make(steps: 1)
        try FileManager.default.createDirectory(atPath: h.workspace + "/formulas", withIntermediateDirectories: true)
        try Repository.text("formulas/integration-test-full-validation.toml").write(
            toFile: h.workspace + "/formulas/integration-test-full-validation.toml", atomically: true, encoding: .utf8)
        try "# Day 2\n".write(toFile: h.workspace + "/DAY2.md", atomically: true, encoding: .utf8)
        try h.expectOK([
            "molecule", "create", "--formula", "integration-test-full-validation", "--name", "m", "--convoy", "c",
            "--inputs", "DAY2.md",
        ])
        let agent = ["GASTOWN_AGENT": "polecat-7"]
        let approvals = [
            "analysis": "analysis-checkpoint", "plan": "plan-checkpoint",
            "test-validation": "test-validation-checkpoint",
        ]
        for step in [
            "analysis", "plan", "do-infrastructure", "do-red", "do-green", "do-refactor", "test-validation",
        ] {
            try h.expectOK(["molecule", "start", "m", step], environment: agent)
            if step == "test-validation" {
                try h.expectOK(["gate", "check", "m", "--passed", "12", "--failed", "0", "--skipped", "0"])
            }
            try h.expectOK(["molecule", "complete", "m", step], environment: agent)
            if let checkpoint = approvals[step] {
                try h.expectOK(["checkpoint", "approve", "m", checkpoint, "--reviewer", "r1"])
            }
        }
        try h.expectOK(["molecule", "start", "m", "compliance-triage"], environment: agent)
        return h
    }

    @Test func aHighFindingBlocksUntilAReviewerResolvesItThenTheReportIsRenderedAndApproved() throws {
        let h = try Self.atComplianceTriage()
        defer { h.cleanup() }
        let agent = ["GASTOWN_AGENT": "polecat-7"]
        let added =
            try h.expectOK(
                [
                    "finding", "add", "m", "--severity", "high", "--category", "SOC2 requirements", "--title",
                    "Audit log is mutable", "--json",
                ], environment: agent
            ).json as? [String: Any]
        let id = try #require(added?["id"] as? String)
        #expect(added?["recorded_by"] as? String == "polecat-7")

        let failing = try h.run(["gate", "check", "m"], environment: agent)
        #expect(failing.status == 5)
        #expect(failing.stdout.contains(#"FAILED — 1 open blocking finding: \#(id) high "Audit log is mutable""#))
        let refused = try h.run(["molecule", "complete", "m"], environment: agent)
        #expect(refused.status == 3)
        #expect(refused.stderr.contains("mandatory gate compliance-gate fails: 1 open blocking finding"))

        #expect(try h.run(["finding", "resolve", "m", id, "--note", "fixed"], environment: agent).status == 3)
        try h.expectOK(["finding", "resolve", "m", id, "--note", "append-only since PR 88", "--by", "r1"])
        let passing = try h.expectOK(["gate", "check", "m", "--json"], environment: agent).json as? [String: Any]
        #expect(passing?["passed"] as? Bool == true)
        #expect(passing?["error"] == nil)
        #expect((passing?["evidence"] as? [String: Any])?["checked_by"] as? String == "polecat-7")

        let completed = try h.expectOK(["molecule", "complete", "m"], environment: agent)
        #expect(
            completed.stdout.contains(
                "rendered report .beads/convoys/c/molecules/m/reports/compliance-triage-report-v2-r"))
        let status = try h.expectOK(["molecule", "status", "m", "--json"]).json as? [String: Any]
        let steps = try #require(status?["steps"] as? [[String: Any]])
        let triage = try #require(steps.first { $0["id"] as? String == "compliance-triage" })
        #expect((triage["report"] as? [String: Any])?["current"] as? Bool == true)
        #expect(triage["assignee"] as? String == "polecat-7")
        #expect(status?["assignee"] is NSNull)
        #expect((status?["variables"] as? [String: Any])?["inputs"] as? String == "DAY2.md")
        let open = try #require((status?["open_checkpoints"] as? [[String: Any]])?.first)
        #expect(open["approval_blockers"] as? [String] == [])

        let approved = try h.expectOK(["checkpoint", "approve", "m", "compliance-checkpoint", "--reviewer", "r1"])
        #expect(approved.stdout.hasPrefix("approved m compliance-checkpoint as r1"))
        #expect(try h.expectOK(["audit", "verify"]).stdout.hasPrefix("audit trail verified"))
    }

    @Test func aStaleReportOrAnOpenFindingRefusesTheApprovalUntilOverridden() throws {
        let h = try Self.atComplianceTriage()
        defer { h.cleanup() }
        try h.expectOK(["gate", "check", "m"])
        try h.expectOK(["molecule", "complete", "m"])
        try h.expectOK([
            "finding", "add", "m", "--severity", "critical", "--category", "SOC2 requirements", "--title",
            "No retention",
        ])
        let refused = try h.run(["checkpoint", "approve", "m", "compliance-checkpoint", "--reviewer", "r1", "--json"])
        #expect(refused.status == 3)
        let error = try #require((refused.json as? [String: Any])?["error"] as? [String: Any])
        #expect(error["code"] as? Int == 3)
        #expect(error["kind"] as? String == "refused")
        #expect((error["message"] as? String)?.contains("is stale") == true)
        #expect((error["message"] as? String)?.contains(#"critical "No retention""#) == true)
        #expect(refused.stderr.contains("--override-report"))
        let day = try h.run(["convoy", "advance-day", "c", "--json"])
        #expect(day.status == 3)
        #expect(((day.json as? [String: Any])?["error"] as? [String: Any])?["kind"] as? String == "refused")

        let record =
            try h.expectOK([
                "checkpoint", "approve", "m", "compliance-checkpoint", "--reviewer", "r1", "--override-report",
                "accepted: fix lands tomorrow", "--json",
            ]).json as? [String: Any]
        #expect(record?["override_report"] as? String == "accepted: fix lands tomorrow")
        let file = h.workspace + "/.beads/convoys/c/molecules/m/checkpoints/" + (record?["file"] as? String ?? "")
        #expect(
            try String(contentsOfFile: file, encoding: .utf8).contains(
                #"override_report = "accepted: fix lands tomorrow""#))
        #expect(try h.expectOK(["audit", "verify"]).status == 0)
    }

    @Test func aVerdictWrittenByHandIsIgnoredAndReportedAsAGateClaim() throws {
        // GateCLITests' workspace: molecule m at its "test" step, whose tests gate is not checked yet.
        let h = try GateCLITests.make()
        defer { h.cleanup() }
        #expect(try h.run(["gate", "check", "m", "--passed", "3", "--skipped", "1"]).status == 5)
        let path = h.moleculePath("m")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(
            of: "[gates.tests-pass]\npassed = false", with: "[gates.tests-pass]\npassed = true"
        )
        .write(toFile: path, atomically: true, encoding: .utf8)
        let refused = try h.run(["molecule", "complete", "m", "test"])
        #expect(refused.status == 3)
        let status = try h.run(["molecule", "status", "m", "--json"]).json as? [String: Any]
        let problems = try #require(status?["problems"] as? [[String: Any]])
        #expect(problems.contains { $0["category"] as? String == "gate-claim" })
        #expect(status?["state"] as? String == "blocked")
    }
}

/// Errors an agent can read: `{"error": {"code", "kind", "message"}}` on stdout under `--json`, the same exit
/// code, the human text on stderr.
@Suite struct JSONErrorCLITests {
    func errorObject(_ result: StoreHarness.Result) -> [String: Any]? {
        (result.json as? [String: Any])?["error"] as? [String: Any]
    }

    @Test func eachKindOfFailureHasItsCodeAndKind() throws {
        let h = try StoreHarness.make()
        defer { h.cleanup() }
        try h.expectOK(["molecule", "create", "--formula", "e2e", "--name", "m", "--convoy", "c"])
        let cases: [([String], Int32, String)] = [
            (["molecule", "status", "nope", "--json"], 1, "not-found"),
            (
                ["molecule", "create", "--formula", "e2e", "--name", "a/b", "--convoy", "c", "--json"], 2,
                "invalid-input"
            ),
            (["checkpoint", "approve", "m", "s1-review", "--reviewer", "r1", "--json"], 3, "refused"),
            (["molecule", "create", "--formula", "e2e", "--name", "m", "--convoy", "c", "--json"], 1, "conflict"),
            (["convoy", "show", "nope", "--json"], 1, "not-found"),
        ]
        for (arguments, code, kind) in cases {
            let result = try h.run(arguments)
            #expect(result.status == code, "\(arguments)")
            let error = try #require(errorObject(result), "\(arguments): \(result.stdout)")
            #expect(error["code"] as? Int == Int(code), "\(arguments)")
            #expect(error["kind"] as? String == kind, "\(arguments)")
            let message = try #require(error["message"] as? String)
            #expect(result.stderr == "gastown: " + message + "\n", "\(arguments)")
        }
        // Without --json, stdout stays empty.
        #expect(try h.run(["molecule", "status", "nope"]).stdout.isEmpty)
    }

    @Test func verbsWithAnObjectOfTheirOwnAddTheErrorToIt() throws {
        // GateCLITests' workspace: molecule m at its "test" step, whose tests gate is not checked yet.
        let h = try GateCLITests.make()
        defer { h.cleanup() }
        let gate = try h.run(["gate", "check", "m", "--passed", "1", "--failed", "1", "--json"])
        #expect(gate.status == 5)
        let object = try #require(gate.json as? [String: Any])
        #expect(object["passed"] as? Bool == false)
        #expect((object["error"] as? [String: Any])?["kind"] as? String == "gate-failed")
        #expect((object["error"] as? [String: Any])?["code"] as? Int == 5)
        #expect(gate.stderr.contains("gate tests-pass of m fails: pass rate 50% is below 100%"))

        let records = h.workspace + "/.beads/convoys/c/reviewers"
        let first = try #require(try FileManager.default.contentsOfDirectory(atPath: records).sorted().first)
        let text = try String(contentsOfFile: records + "/" + first, encoding: .utf8)
        try text.replacingOccurrences(of: "convoy = \"c\"", with: "convoy = \"x\"")
            .write(toFile: records + "/" + first, atomically: true, encoding: .utf8)
        let audit = try h.run(["audit", "verify", "--json"])
        #expect(audit.status == 4)
        let verify = try #require(audit.json as? [String: Any])
        #expect(verify["verified"] as? Bool == false)
        #expect((verify["error"] as? [String: Any])?["kind"] as? String == "audit")
    }

    @Test func usageErrorsPrintOnlyTheParsersText() throws {
        let h = try StoreHarness.make()
        defer { h.cleanup() }
        let result = try h.run(["molecule", "status", "m", "--json", "--no-such-option"])
        #expect(result.status == 64)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("--no-such-option"))
    }

    @Test func convoyShowPrintsProblemsEvenWithoutMolecules() throws {
        let h = try StoreHarness.make()
        defer { h.cleanup() }
        let path = h.workspace + "/.beads/convoys/c/convoy.toml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        // convoy.toml's reviewers no longer match the signed trail: a trust problem, and no molecule at all.
        try text.replacingOccurrences(of: "\"r8\"", with: "\"mallory\"").write(
            toFile: path, atomically: true, encoding: .utf8)
        let shown = try h.run(["convoy", "show", "c"])
        #expect(shown.stdout.contains("no molecules yet"))
        #expect(shown.stderr.contains("mallory"))
    }
}
