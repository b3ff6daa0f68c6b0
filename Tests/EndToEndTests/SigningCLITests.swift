import Foundation
import TestSupport
import Testing

/// Signing through the real binary and the real ssh-keygen: reviewer changes, the trust anchor, unsigned
/// workspaces, and a stored decision checked by `ssh-keygen -Y verify` alone.
@Suite struct SigningCLITests {
    /// A harness whose molecule m awaits its s1-review checkpoint.
    func awaiting() throws -> StoreHarness {
        let h = try StoreHarness.make(steps: 1)
        try h.expectOK(["molecule", "create", "--formula", "e2e", "--name", "m", "--convoy", "c"])
        try h.expectOK(["molecule", "start", "m"])
        try h.expectOK(["molecule", "complete", "m"])
        return h
    }

    func problems(_ h: StoreHarness, _ molecule: String = "m") throws -> [[String: Any]] {
        let status = try h.expectOK(["molecule", "status", molecule, "--json"]).json as? [String: Any]
        return status?["problems"] as? [[String: Any]] ?? []
    }

    func shell(_ command: String, in directory: String, environment: [String: String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", command]
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func aStoredDecisionVerifiesWithSSHKeygenAloneByTheDocumentedRecipe() throws {
        let h = try awaiting()
        defer { h.cleanup() }
        try h.expectOK(["checkpoint", "approve", "m", "s1-review", "--reviewer", "r1", "--reason", "ok"])
        let directory = h.workspace + "/.beads/convoys/c/molecules/m/checkpoints"
        let file = try #require(try FileManager.default.contentsOfDirectory(atPath: directory).first)
        let env = h.environment(for: [], ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"])
        let g = BuiltProducts.gastown.path
        let out = h.userState
        let recipe = """
            \(g) audit canonical \(directory)/\(file) > \(out)/canonical && \
            sed -n '/BEGIN SSH SIGNATURE/,/END SSH SIGNATURE/p' \(directory)/\(file) > \(out)/sig && \
            ssh-keygen -Y verify -f <(\(g) convoy signers c) -I r1 -n gastown -s \(out)/sig < \(out)/canonical
            """
        let (status, output) = try shell(recipe, in: h.workspace, environment: env)
        #expect(status == 0, "\(output)")
        #expect(output.contains("Good \"gastown\" signature for r1"))
        // The same recipe naming another reviewer fails.
        let (other, _) = try shell(
            recipe.replacingOccurrences(of: "-I r1", with: "-I r2"), in: h.workspace, environment: env)
        #expect(other != 0)
    }

    @Test func withoutAKeyApprovingSaysHowToMakeAndRegisterOne() throws {
        let h = try awaiting()
        defer { h.cleanup() }
        let noKey = try h.run(
            ["checkpoint", "approve", "m", "s1-review", "--reviewer", "r1", "--signing-key", h.userState + "/none"])
        #expect(noKey.status == 2)
        #expect(noKey.stderr.contains("ssh-keygen -t ed25519"))
        let home = try h.run(
            ["checkpoint", "approve", "m", "s1-review"],
            environment: ["GASTOWN_REVIEWER": "r1", "GASTOWN_SIGNING_KEY": ""])
        #expect(home.status == 3)
        #expect(home.stderr.contains("ssh-keygen -t ed25519"))
        #expect(home.stderr.contains("gastown convoy edit CONVOY --set-key NAME=~/.ssh/id_ed25519.pub"))
    }

    @Test func aStrangersKeyOrAnAgentIsRefusedAndNothingIsWritten() throws {
        let h = try awaiting()
        defer { h.cleanup() }
        let before = h.snapshot()
        let stranger = try h.run(
            [
                "checkpoint", "approve", "m", "s1-review", "--reviewer", "r1", "--signing-key",
                StoreHarness.key("intruder")!,
            ])
        #expect(stranger.status == 3)
        #expect(stranger.stderr.contains("is not r1's key"))
        let agent = try h.run(
            [
                "convoy", "edit", "c", "--add-reviewer", "intruder=\(StoreHarness.key("intruder")!).pub", "--reviewer",
                "r1",
            ],
            environment: ["GASTOWN_AGENT": "1"])
        #expect(agent.status == 3)
        let outsider = try h.run(
            [
                "convoy", "edit", "c", "--add-reviewer", "intruder=\(StoreHarness.key("intruder")!).pub", "--reviewer",
                "intruder",
            ])
        #expect(outsider.status == 3)
        #expect(outsider.stderr.contains("intruder is not a reviewer"))
        #expect(h.snapshot() == before)
    }

    @Test func reviewersChangeOnlyThroughSignedChangesAndKeysRotate() throws {
        let h = try awaiting()
        defer { h.cleanup() }
        let intruderKey = StoreHarness.key("intruder")!
        try h.expectOK(["convoy", "edit", "c", "--add-reviewer", "intruder=\(intruderKey).pub", "--reviewer", "r1"])
        var signers = try h.expectOK(["convoy", "signers", "c"]).stdout
        #expect(signers.contains("intruder namespaces=\"gastown\" ssh-ed25519 "))
        try h.expectOK(["convoy", "edit", "c", "--remove-reviewer", "intruder", "--reviewer", "r2"])
        signers = try h.expectOK(["convoy", "signers", "c"]).stdout
        #expect(!signers.contains("intruder"))
        // r3 rotates to the intruder key pair (signed by r3's old key); the old key no longer signs.
        try h.expectOK(["convoy", "edit", "c", "--set-key", "r3=\(intruderKey).pub", "--reviewer", "r3"])
        let old = try h.run(["checkpoint", "approve", "m", "s1-review", "--reviewer", "r3"])
        #expect(old.status == 3)
        try h.expectOK(["checkpoint", "approve", "m", "s1-review", "--reviewer", "r3", "--signing-key", intruderKey])
        let verify = try h.run(["audit", "verify", "--json"])
        #expect(verify.status == 0, "\(verify.stdout)")
        #expect((verify.json as? [String: Any])?["reviewer_changes"] as? Int == 4)
        let convoy = try String(contentsOfFile: h.workspace + "/.beads/convoys/c/convoy.toml", encoding: .utf8)
        #expect(!convoy.contains("intruder"))
    }

    @Test func aReviewerWithoutAKeyRegistersOneOnFirstUse() throws {
        let h = try StoreHarness.make(steps: 1)
        defer { h.cleanup() }
        try h.expectOK(["convoy", "create", "legacy", "--reviewer", "r1"])
        try h.expectOK(["molecule", "create", "--formula", "e2e", "--name", "lm", "--convoy", "legacy"])
        try h.expectOK(["molecule", "start", "lm"])
        try h.expectOK(["molecule", "complete", "lm"])
        let refused = try h.run(["checkpoint", "approve", "lm", "s1-review", "--reviewer", "r1"])
        #expect(refused.status == 3)
        #expect(refused.stderr.contains("has no registered key"))
        // Registering someone else's first key with your own key is refused; with that key itself it works.
        let wrong = try h.run(
            [
                "convoy", "edit", "legacy", "--set-key", "r1=\(StoreHarness.key("r1")!).pub", "--reviewer", "r1",
                "--signing-key", StoreHarness.key("r2")!,
            ])
        #expect(wrong.status == 3)
        try h.expectOK([
            "convoy", "edit", "legacy", "--set-key", "r1=\(StoreHarness.key("r1")!).pub", "--reviewer", "r1",
        ])
        let show = try h.expectOK(["convoy", "show", "legacy"]).stdout
        #expect(show.contains("trusted on first use"))
        try h.expectOK(["checkpoint", "approve", "lm", "s1-review", "--reviewer", "r1"])
        #expect(try h.expectOK(["audit", "verify"]).status == 0)
    }

    @Test func aSwappedGenesisIsRefusedEverywhereUntilTrusted() throws {
        let h = try awaiting()
        defer { h.cleanup() }
        try h.expectOK(["checkpoint", "list"])  // pins the genesis as first seen
        // An agent replaces the reviewer trail with a well-formed one that starts from itself (made by gastown
        // in a scratch workspace, so every hash is right).
        let scratch = FileManager.default.temporaryDirectory.path + "/gastown-scratch-" + UUID().uuidString
        let other = StoreHarness(workspace: scratch)
        defer { other.cleanup() }
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        try other.expectOK(["init"])
        try other.expectOK(["convoy", "create", "c", "--reviewer", "intruder=\(StoreHarness.key("intruder")!).pub"])
        let trail = h.workspace + "/.beads/convoys/c/reviewers"
        try FileManager.default.removeItem(atPath: trail)
        try FileManager.default.copyItem(atPath: scratch + "/.beads/convoys/c/reviewers", toPath: trail)
        var convoy = try String(contentsOfFile: h.workspace + "/.beads/convoys/c/convoy.toml", encoding: .utf8)
        convoy = convoy.replacingOccurrences(of: "\"r1\"", with: "\"intruder\"")
        try convoy.write(toFile: h.workspace + "/.beads/convoys/c/convoy.toml", atomically: true, encoding: .utf8)
        let approve = try h.run(
            [
                "checkpoint", "approve", "m", "s1-review", "--reviewer", "intruder", "--signing-key",
                StoreHarness.key("intruder")!,
            ])
        #expect(approve.status == 3)
        let verify = try h.run(["audit", "verify"])
        #expect(verify.status == 4)
        let shown = try problems(h)
        #expect(
            shown.contains {
                ($0["category"] as? String) == "trust" && ($0["message"] as? String ?? "").contains("genesis changed")
            })
        let text = try h.run(["molecule", "status", "m"])
        #expect(text.stderr.contains("genesis changed"))
        #expect(verify.stdout.contains("genesis changed"))
    }

    @Test func aGenuineGenesisChangeCountsOnceTheUserTrustsIt() throws {
        let h = try awaiting()
        defer { h.cleanup() }
        try h.expectOK(["checkpoint", "list"])
        // The convoy's reviewer trail is gone: nothing counts, and gastown will not start a new one by itself.
        let trail = h.workspace + "/.beads/convoys/c/reviewers"
        try FileManager.default.removeItem(atPath: trail)
        #expect(try h.run(["audit", "verify"]).status == 4)
        let rebuild = ["convoy", "edit", "c", "--set-key", "r1=\(StoreHarness.key("r1")!).pub", "--reviewer", "r1"]
        #expect(try h.run(rebuild).status == 3)
        let trust = try h.run(["trust", "c"])  // no terminal: asks, reads nothing, declines
        #expect(trust.status == 3)
        #expect(trust.stdout.contains("convoy c:"))
        try h.expectOK(["trust", "c", "--yes"])
        // Accepted: r1 registers a key on the convoy's listed reviewers (a new genesis, pinned), then decides.
        try h.expectOK(rebuild)
        try h.expectOK(["checkpoint", "approve", "m", "s1-review", "--reviewer", "r1"])
        #expect(try h.run(["audit", "verify"]).status == 0)
    }

    @Test func aPolicyFlippedToUnsignedIsRefusedUntilTrusted() throws {
        let h = try awaiting()
        defer { h.cleanup() }
        let config = h.workspace + "/.beads/config.toml"
        try "signing = \"unsigned\"\n".write(toFile: config, atomically: true, encoding: .utf8)
        // An unsigned decision written through a process that believes the flip still needs a key.
        let approve = try h.run(
            ["checkpoint", "approve", "m", "s1-review", "--reviewer", "r1", "--signing-key", h.userState + "/none"])
        #expect(approve.status != 0)
        let verify = try h.run(["audit", "verify", "--json"])
        #expect(verify.status == 4)
        #expect((verify.json as? [String: Any])?["signing"] as? String == "required")
        #expect(try problems(h).contains { ($0["category"] as? String) == "trust" })
        try h.expectOK(["trust", "--yes"])
        let after = try h.expectOK(["audit", "verify", "--json"]).json as? [String: Any]
        #expect(after?["signing"] as? String == "unsigned")
    }

    @Test func anUnsignedWorkspaceDecidesWithoutKeysAndSaysSo() throws {
        let base = FileManager.default.temporaryDirectory.path + "/gastown-unsigned-" + UUID().uuidString
        let h = StoreHarness(workspace: base)
        defer { h.cleanup() }
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        try h.expectOK(["init", "--unsigned"])
        try
            "formula = \"e2e\"\nversion = 1\n\n[[steps]]\nid = \"s1\"\nduration = \"10m\"\n\n[steps.checkpoint]\nid = \"s1-review\"\nprompt = \"ok?\"\n"
            .write(toFile: base + "/.beads/formulas/e2e.toml", atomically: true, encoding: .utf8)
        try h.expectOK(["convoy", "create", "c", "--reviewer", "solo"])
        try h.expectOK(["molecule", "create", "--formula", "e2e", "--name", "m", "--convoy", "c"])
        try h.expectOK(["molecule", "start", "m"])
        try h.expectOK(["molecule", "complete", "m"])
        try h.expectOK(["checkpoint", "approve", "m", "s1-review", "--reviewer", "solo"])
        let status = try h.expectOK(["molecule", "status", "m"]).stdout
        #expect(status.contains("UNSIGNED workspace"))
        let json = try h.expectOK(["molecule", "status", "m", "--json"]).json as? [String: Any]
        #expect(json?["signing"] as? String == "unsigned")
        #expect(json?["state"] as? String == "done")
        #expect(try h.expectOK(["convoy", "list"]).stdout.contains("UNSIGNED workspace"))
    }
}
