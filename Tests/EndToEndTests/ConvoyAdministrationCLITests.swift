import Foundation
import TestSupport
import Testing

/// `gastown convoy edit` and `gastown whoami` through the binary: plain edits, signed status and day changes, and
/// who may decide where.
@Suite struct ConvoyAdministrationCLITests {
    @Test func editChangesTitleTeamsStatusAndDayAndSignsWhatTheDayRulesEnforce() throws {
        let h = try StoreHarness.make()
        defer { h.cleanup() }
        let edited = try h.expectOK([
            "convoy", "edit", "c", "--title", "SOC2 Audit Trail", "--add-team", "AI Analysis", "--add-team", "Gateway",
            "--alias", "gateway=GW", "--status", "paused", "--day", "2", "--reviewer", "r1",
        ])
        #expect(edited.stdout.contains("convoy c: title \"SOC2 Audit Trail\""))
        #expect(edited.stdout.contains("convoy c: teams AI Analysis (ai-analysis), Gateway (gateway; also GW)"))
        #expect(edited.stdout.contains("convoy c: status active → paused by r1, signed by SHA256:"))
        #expect(edited.stdout.contains("convoy c: day 1 → 2 by r1, signed by SHA256:"))
        let show = try h.expectOK(["convoy", "show", "c"]).stdout
        #expect(
            show.hasPrefix(
                "c: SOC2 Audit Trail [paused]\nday 2; teams: AI Analysis (ai-analysis), Gateway (gateway; also GW)"))
        #expect(show.contains("signed changes: status active → paused (r1, "))
        let json = try #require(try h.run(["convoy", "show", "c", "--json"]).json as? [String: Any])
        let convoy = try #require(json["convoy"] as? [String: Any])
        #expect(convoy["teams"] as? [String] == ["ai-analysis", "gateway"])
        #expect(convoy["team_names"] as? [String: String] == ["ai-analysis": "AI Analysis", "gateway": "Gateway"])
        #expect(convoy["team_aliases"] as? [String: [String]] == ["ai-analysis": [], "gateway": ["GW"]])
        #expect((convoy["setting_changes"] as? [[String: Any]])?.map { $0["value"] as? String } == ["paused", "2"])
        try h.expectOK(["audit", "verify"])

        // A molecule of the team, in any spelling; the convoy's day by default.
        try h.expectOK(["molecule", "create", "--formula", "e2e", "--name", "m", "--convoy", "c", "--team", "gw"])
        let molecule = try #require(try h.run(["molecule", "status", "m", "--json"]).json as? [String: Any])
        #expect(molecule["team"] as? String == "gateway")
        #expect(molecule["team_name"] as? String == "Gateway")
        #expect(molecule["day"] as? Int == 2)
        #expect(try h.expectOK(["molecule", "list", "--team", "Gateway"]).stdout.contains("m  "))
    }

    @Test func statusAndDayAreRefusedToAgentsStrangersAndPastIncompleteDays() throws {
        let h = try StoreHarness.make()
        defer { h.cleanup() }
        let before = h.snapshot()
        let agent = try h.run(
            ["convoy", "edit", "c", "--day", "2", "--reviewer", "r1"], environment: ["GASTOWN_AGENT": "1"])
        #expect(agent.status == 3)
        #expect(agent.stderr.contains("agents may never change a convoy's status or day"))
        let stranger = try h.run(["convoy", "edit", "c", "--status", "done", "--reviewer", "intruder"])
        #expect(stranger.status == 3)
        #expect(stranger.stderr.contains("intruder is not a reviewer of convoy c"))
        #expect(stranger.stderr.contains("you are intruder (from --reviewer)"))
        try h.expectOK(["molecule", "create", "--formula", "e2e", "--name", "m", "--convoy", "c"])
        let afterMolecule = h.snapshot()
        let tooFar = try h.run(["convoy", "edit", "c", "--day", "2", "--reviewer", "r1"])
        #expect(tooFar.status == 3)
        #expect(tooFar.stderr.contains("cannot move past day 1"))
        #expect(tooFar.stderr.contains("--force \"reason\""))
        #expect(h.snapshot() == afterMolecule)
        #expect(before.count < afterMolecule.count)
        let forced = try h.expectOK([
            "convoy", "edit", "c", "--day", "2", "--force", "day 1 was finished before adoption", "--reviewer", "r1",
        ])
        #expect(forced.stdout.contains("forced: day 1 was finished before adoption"))
        let nothing = try h.run(["convoy", "edit", "c"])
        #expect(nothing.status == 2)
        #expect(try h.run(["convoy", "create", "d", "--day", "0"]).status == 2)
        #expect(try h.run(["convoy", "edit", "c", "--force", "why"]).status == 2)
    }

    @Test func whoamiSaysWhoYouAreWhereItCameFromAndWhereYouMayDecide() throws {
        let h = try StoreHarness.make()
        defer { h.cleanup() }
        try h.expectOK(["convoy", "create", "other", "--reviewer", "r2=\(StoreHarness.key("r2")!).pub"])
        let text = try h.expectOK(["whoami"], environment: ["GASTOWN_REVIEWER": "r1"]).stdout
        #expect(text.contains("reviewer:    r1 (from GASTOWN_REVIEWER)\n"))
        #expect(text.contains("(from GASTOWN_SIGNING_KEY)\n"))
        #expect(text.contains("agent:       no\n"))
        #expect(
            text.contains(
                "convoys where r1 may decide:\n  c      yes\n  other  no: r1 is not a reviewer of convoy other (its reviewers are r2)"
            ))
        let json = try #require(try h.run(["whoami", "--reviewer", "r2", "--json"]).json as? [String: Any])
        let reviewer = try #require(json["reviewer"] as? [String: Any])
        #expect(reviewer["name"] as? String == "r2" && reviewer["source"] as? String == "--reviewer")
        let key = try #require(json["signing_key"] as? [String: Any])
        #expect((key["fingerprint"] as? String)?.hasPrefix("SHA256:") == true)
        let convoys = try #require(json["convoys"] as? [[String: Any]])
        #expect(convoys.map { $0["name"] as? String } == ["c", "other"])
        #expect(convoys.map { $0["may_decide"] as? Bool } == [true, true])
        // The wrong key for the name: said before anyone tries to approve.
        let wrongKey = try h.expectOK(
            ["whoami", "--reviewer", "r1", "--signing-key", StoreHarness.key("r2")!]).stdout
        #expect(wrongKey.contains("  c      no: your signing key SHA256:"))
        #expect(wrongKey.contains("is not r1's key in convoy c"))
        let agent = try h.expectOK(["whoami"], environment: ["GASTOWN_AGENT": "1", "GASTOWN_REVIEWER": "r1"]).stdout
        #expect(agent.contains("agent:       yes"))
        #expect(agent.contains("  c      no: this process identifies itself as an agent (GASTOWN_AGENT is set)"))
    }
}
