import Foundation
import TestSupport
import Testing

/// A team adopting gastown in its own repository with the installed binary only: the seed README's whole
/// walkthrough (seeds/002), init, identity, completions.
@Suite struct AdoptionEndToEndTests {
    static let molecule = "day3-soc2-hybrid-integration-tests"

    /// An installed gastown in a fresh repository whose git identity is Alice's, signing with her SSH key the way
    /// git signs commits; reviewers alice and bob.
    static func aliceRepository() throws -> InstalledGastown {
        let installed = try InstalledGastown()
        let alice = try installed.makeKey("alice")
        try installed.makeKey("bob")
        try installed.git(["config", "user.name", "Alice"])
        try installed.git(["config", "gpg.format", "ssh"])
        try installed.git(["config", "user.signingkey", alice.privateKeyPath])
        return installed
    }

    @Test func theSeedWalkthroughRunsOnTheInstalledBinaryInAFreshRepository() throws {
        let gastown = try Self.aliceRepository()
        defer { gastown.remove() }
        let m = Self.molecule
        #expect(!gastown.bin.hasPrefix(Repository.root.path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: gastown.bin) == ["gastown"])

        // init: the seed's layout, with the formula and template built into the binary.
        let initialized = try gastown.ok(["init"])
        #expect(initialized.stdout.contains("wrote .beads/formulas/integration-test-full-validation.toml"))
        #expect(
            gastown.read(".beads/formulas/integration-test-full-validation.toml")
                == (try Repository.text("formulas/integration-test-full-validation.toml")))
        #expect(
            gastown.read(".beads/templates/compliance-triage-report-v2.md")
                == (try Repository.text("templates/compliance-triage-report-v2.md")))
        #expect(gastown.read(".beads/README.md")?.contains("## What agents may write") == true)

        // A convoy with the seed's four teams spelled as the seed spells them, two reviewers with keys, on Day 3.
        let created = try gastown.ok([
            "convoy", "create", "soc2-audit-trail", "--title", "SOC2 Audit Trail",
            "--team", "AI Analysis", "--team", "HolmesAPI", "--team", "Data Storage", "--team", "Gateway",
            "--reviewer", "alice=\(gastown.keys)/alice.pub", "--reviewer", "bob=\(gastown.keys)/bob.pub", "--day", "3",
        ])
        #expect(created.stdout.contains("day 3"))
        let convoy = try #require(gastown.read(".beads/convoys/soc2-audit-trail/convoy.toml"))
        #expect(convoy.contains(#"teams = ["ai-analysis", "holmesapi", "data-storage", "gateway"]"#))
        #expect(convoy.contains(#"ai-analysis = "AI Analysis""#))
        #expect(convoy.contains("day = 3"))

        // The seed's exact molecule create.
        try gastown.write("docs/development/SOC2/DAY2_HYBRID_AUDIT_COMPLETE.md", "# Day 2 hybrid audit: complete\n")
        try gastown.ok([
            "molecule", "create",
            "--formula", "integration-test-full-validation",
            "--name", "day3-soc2-hybrid-integration-tests",
            "--convoy", "soc2-audit-trail",
            "--inputs", "docs/development/SOC2/DAY2_HYBRID_AUDIT_COMPLETE.md",
        ])

        // Tracking progress, as the seed does.
        let show = try gastown.ok(["convoy", "show", "soc2-audit-trail"]).stdout
        #expect(
            show.contains(
                "day 3; teams: AI Analysis (ai-analysis), HolmesAPI (holmesapi), Data Storage (data-storage), Gateway (gateway)"
            ))
        #expect(show.contains("\(m)  -     3    pending  0/9    analysis (ready)"))
        let status = try gastown.ok(["molecule", "status", "day3-soc2-hybrid-integration-tests"]).stdout
        #expect(
            status.hasPrefix("\(m) [pending] convoy soc2-audit-trail, formula integration-test-full-validation v2.1"))
        #expect(status.contains("inputs: docs/development/SOC2/DAY2_HYBRID_AUDIT_COMPLETE.md"))
        let checkpoints = try gastown.ok(["checkpoint", "list", "day3-soc2-hybrid-integration-tests"]).stdout
        for checkpoint in [
            "analysis-checkpoint", "plan-checkpoint", "test-validation-checkpoint", "compliance-checkpoint",
        ] {
            #expect(checkpoints.contains(checkpoint))
        }

        // Alice's identity comes from git, and she may decide.
        let whoami = try gastown.ok(["whoami"]).stdout
        #expect(whoami.contains(#"reviewer:    alice (from git user.name "Alice")"#))
        #expect(whoami.contains("(from git config user.signingkey)"))
        #expect(whoami.contains("  soc2-audit-trail  yes"))

        // The agent works; the seed's checkpoint commands decide, signed with Alice's key.
        try gastown.agent(["molecule", "start", m])
        try gastown.agent(["molecule", "complete", m])
        let approved = try gastown.ok([
            "checkpoint", "approve", "day3-soc2-hybrid-integration-tests", "analysis-checkpoint",
        ])
        #expect(approved.stdout.contains(#"as alice (git user.name "Alice")"#))
        try gastown.agent(["molecule", "start", m])
        try gastown.agent(["molecule", "complete", m])
        try gastown.ok(["checkpoint", "approve", m, "plan-checkpoint"])
        for _ in ["do-infrastructure", "do-red", "do-green", "do-refactor"] {
            try gastown.agent(["molecule", "start", m])
            try gastown.agent(["molecule", "complete", m])
        }
        try gastown.agent(["molecule", "start", m, "test-validation"])
        try gastown.agent(["molecule", "record-tests", m, "--passed", "41", "--failed", "0", "--skipped", "0"])
        try gastown.agent(["molecule", "complete", m])

        // The seed's exact rejection sends the work back to do-refactor.
        let rejected = try gastown.ok([
            "checkpoint", "reject", "day3-soc2-hybrid-integration-tests", "test-validation-checkpoint",
            "--reason", "3 tests failing, anti-pattern detected in line 145",
        ])
        #expect(rejected.stdout.contains("work returns to do-refactor"))
        let reworked = try #require(gastown.run(["molecule", "status", m, "--json"]).json)
        let steps = try #require(reworked["steps"] as? [[String: Any]])
        let refactor = try #require(steps.first { $0["id"] as? String == "do-refactor" })
        #expect(refactor["status"] as? String == "pending")
        #expect(refactor["attempt"] as? Int == 2)

        try gastown.agent(["molecule", "start", m])
        try gastown.agent(["molecule", "complete", m])
        try gastown.agent(["molecule", "start", m])
        try gastown.agent(["molecule", "record-tests", m, "--passed", "44", "--failed", "0", "--skipped", "0"])
        try gastown.agent(["molecule", "complete", m])
        try gastown.ok(["checkpoint", "approve", m, "test-validation-checkpoint"])
        try gastown.agent(["molecule", "start", m])
        try gastown.agent(["gate", "check", m])
        try gastown.agent(["molecule", "complete", m])

        // The seed's exact compliance approval, then the last step.
        try gastown.ok(["checkpoint", "approve", "day3-soc2-hybrid-integration-tests", "compliance-checkpoint"])
        try gastown.agent(["molecule", "start", m])
        try gastown.agent(["molecule", "complete", m])
        let done = try #require(gastown.run(["molecule", "status", m, "--json"]).json)
        #expect(done["state"] as? String == "done")

        let verified = try gastown.ok(["audit", "verify"])
        #expect(verified.stdout.contains("audit trail verified: 5 decisions in 1 molecules"))
        let log = try gastown.ok(["audit", "log", m]).stdout
        #expect(log.contains("3 tests failing, anti-pattern detected in line 145"))
    }

    @Test func aRefusalSaysWhereTheNameCameFrom() throws {
        let gastown = try Self.aliceRepository()
        defer { gastown.remove() }
        try gastown.git(["config", "user.name", "Alice Smith"])
        try gastown.ok(["init", "--bare"])
        try gastown.ok([
            "convoy", "create", "c", "--team", "Gateway", "--reviewer", "alice=\(gastown.keys)/alice.pub",
        ])
        try gastown.ok([
            "molecule", "create", "--formula", "quick-fix", "--name", "m", "--convoy", "c", "--var", "component=x",
        ])
        try gastown.agent(["molecule", "start", "m"])
        try gastown.agent(["molecule", "complete", "m"])
        try gastown.agent(["molecule", "start", "m"])
        try gastown.agent(["molecule", "record-tests", "m", "--passed", "1", "--failed", "0", "--skipped", "0"])
        try gastown.agent(["molecule", "complete", "m"])
        try gastown.agent(["molecule", "start", "m"])
        try gastown.agent(["molecule", "complete", "m"])
        let refused = try gastown.run(["checkpoint", "approve", "m", "review-checkpoint"])
        #expect(refused.status == 3)
        #expect(refused.stderr.contains("alice-smith is not a reviewer of convoy c (its reviewers are alice)"))
        #expect(refused.stderr.contains(#"you are alice-smith (from git user.name "Alice Smith")"#))
        let whoami = try #require(gastown.run(["whoami", "--json"]).json)
        let reviewer = try #require(whoami["reviewer"] as? [String: Any])
        #expect(reviewer["name"] as? String == "alice-smith")
        #expect(reviewer["source"] as? String == "git user.name")
        #expect(reviewer["written"] as? String == "Alice Smith")
        let convoys = try #require(whoami["convoys"] as? [[String: Any]])
        #expect(convoys.first?["may_decide"] as? Bool == false)
        // The same person with the name the convoy lists.
        try gastown.ok(["checkpoint", "approve", "m", "review-checkpoint", "--reviewer", "alice"])
    }

    @Test func initCopiesOnceNeverOverwritesAndBareSkipsTheCopies() throws {
        let gastown = try InstalledGastown()
        defer { gastown.remove() }
        try gastown.ok(["init", "--bare"])
        #expect(gastown.read(".beads/formulas/integration-test-full-validation.toml") == nil)
        #expect(gastown.read(".beads/README.md") != nil)
        // The built-ins work without a copy.
        let list = try gastown.ok(["formula", "list"]).stdout
        #expect(
            list.split(separator: "\n").contains {
                $0.hasPrefix("integration-test-full-validation") && $0.hasSuffix("built-in")
            })

        try gastown.write(".beads/README.md", "our own notes\n")
        let again = try gastown.ok(["init"])
        #expect(again.stdout.contains("wrote .beads/formulas/integration-test-full-validation.toml"))
        #expect(again.stdout.contains("kept .beads/README.md"))
        #expect(gastown.read(".beads/README.md") == "our own notes\n")
        try gastown.write(
            ".beads/formulas/integration-test-full-validation.toml",
            "formula = \"integration-test-full-validation\"\nversion = \"2.0\"\n[[steps]]\nid = \"only\"\n")
        let third = try gastown.ok(["init"])
        #expect(third.stdout.contains("kept .beads/formulas/integration-test-full-validation.toml"))
        let marked = try gastown.ok(["formula", "list"]).stdout
        #expect(marked.contains("ok (older than built-in 2.1)"))
        let refused = try gastown.run(["formula", "install", "integration-test-full-validation"])
        #expect(refused.status == 1)
        try gastown.ok(["formula", "install", "integration-test-full-validation", "--force"])
        #expect(
            gastown.read(".beads/formulas/integration-test-full-validation.toml")
                == (try Repository.text("formulas/integration-test-full-validation.toml")))
    }

    @Test func completionScriptsGenerateForEveryShell() throws {
        let gastown = try InstalledGastown()
        defer { gastown.remove() }
        for (shell, marker) in [
            ("bash", "-F _gastown gastown"), ("zsh", "#compdef gastown"), ("fish", "complete -c 'gastown'"),
        ] {
            let script = try gastown.ok(["--generate-completion-script", shell]).stdout
            #expect(script.contains(marker), "\(shell)")
            for verb in ["whoami", "convoy", "molecule", "checkpoint"] {
                #expect(script.contains(verb), "\(shell): \(verb)")
            }
        }
    }
}
