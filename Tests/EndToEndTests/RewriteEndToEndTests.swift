import Foundation
import TOML
import Testing

/// Files people and agents annotate by hand keep what they wrote through gastown's rewrites: `git diff`
/// shows only the lines whose values changed (and the keys and tables gastown added).
@Suite struct RewriteEndToEndTests {
    /// A two-step formula: "build" with a tests gate, then "ship"; findings filed under "Quality".
    static func make() throws -> StoreHarness {
        let harness = try StoreHarness.make(steps: 1)
        try harness.install(
            formula: """
                formula = "annotated"
                version = 1
                validation_categories = ["Quality"]

                [[steps]]
                id = "build"
                [steps.gate]
                id = "build-tests"
                type = "tests"

                [[steps]]
                id = "ship"
                """, as: "annotated")
        try harness.expectOK(["molecule", "create", "--formula", "annotated", "--name", "m", "--convoy", "c"])
        return harness
    }

    /// The molecule as someone wrote it: CRLF, comments above and beside keys, odd spacing and
    /// indentation, keys gastown does not know (with their comments), at the top and in a step.
    static let annotated = [
        "# agent note: keep this comment",
        "name   =   \"m\"      # the molecule",
        "convoy=\"c\"",
        "formula = \"annotated\"   # pinned by hand",
        "formula_version = 1",
        "revision = 1",
        "",
        "# notes are ours, not gastown's",
        "notes = \"mine\"   # why",
        "",
        "[variables]",
        "",
        "[steps.build]",
        "    status   = \"pending\"   # nobody started",
        "    attempt = 1",
        "    owner_hint = \"alice\"  # unknown step key",
        "",
    ].joined(separator: "\r\n")

    @Test func aHandAnnotatedMoleculeKeepsEverythingButTheChangedValues() throws {
        let h = try Self.make()
        defer { h.cleanup() }
        let path = h.moleculePath("m")
        try Self.annotated.write(toFile: path, atomically: true, encoding: .utf8)
        try commitAll(h)

        try h.expectOK(["molecule", "start", "m"])
        try h.expectOK(["molecule", "record-tests", "m", "--passed", "3", "--failed", "0", "--skipped", "0"])
        try h.expectOK(["gate", "check", "m", "--passed", "3"])
        try h.expectOK(["molecule", "complete", "m", "build"])
        try h.expectOK(["molecule", "assign", "m", "bob"])

        let diff = try StoreHarness.git(["diff", "--no-color", "-U0", "--", path], in: h.workspace).stdout
        let removed = diffLines(diff, "-")
        let added = diffLines(diff, "+")
        // Only the two lines whose values changed went; each came back with its key, spacing and comment.
        #expect(removed == ["revision = 1\r", "    status   = \"pending\"   # nobody started\r"])
        #expect(added.contains { $0.hasPrefix("revision = ") && $0 != "revision = 1\r" })
        #expect(added.contains("    status   = \"done\"   # nobody started\r"))
        // New keys go after their table's last key, in its indentation; new tables after the last.
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("    owner_hint = \"alice\"  # unknown step key\r\n    started = "))
        #expect(text.contains("notes = \"mine\"   # why\r\nupdated = "))
        #expect(text.contains("\r\nassignee = \"bob\"\r\n\r\n[variables]"))
        #expect(text.contains("[steps.ship]\r\nstatus = \"pending\"\r\nattempt = 1\r\n"))
        #expect(text.contains("[gates.build-tests]\r\npassed = true\r\n"))
        // Every line still ends with CRLF.
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))

        let status = try h.expectOK(["molecule", "status", "m", "--json"]).json as? [String: Any]
        #expect(status?["assignee"] as? String == "bob")
        #expect((status?["problems"] as? [Any])?.isEmpty == true)
        let values = try StoreHarness.parseTOML(path)
        #expect(values["notes"] == "mine")
        #expect(values["steps"]?["build"]?["owner_hint"] == "alice")
    }

    @Test func aSecondGateCheckKeepsCommentsInTheEvidenceFile() throws {
        let h = try Self.make()
        defer { h.cleanup() }
        try h.expectOK(["molecule", "start", "m"])
        try h.expectOK(["gate", "check", "m", "--passed", "3"])
        let evidence = h.workspace + "/.beads/convoys/c/molecules/m/gates/build-tests.toml"
        let written = try String(contentsOfFile: evidence, encoding: .utf8)
        try written.replacingOccurrences(of: "\nsummary = ", with: "\n# reviewed by hand\nsummary = ").write(
            toFile: evidence, atomically: true, encoding: .utf8)
        try commitAll(h)

        try h.expectOK(["gate", "check", "m", "--passed", "4"])
        let diff = try StoreHarness.git(["diff", "--no-color", "-U0", "--", evidence], in: h.workspace).stdout
        #expect(!diffLines(diff, "-").contains { $0.hasPrefix("#") })
        #expect(try String(contentsOfFile: evidence, encoding: .utf8).contains("\n# reviewed by hand\nsummary = "))
        #expect(try StoreHarness.parseTOML(evidence)["tests"]?["passed"] == 4)
    }

    @Test func advancingTheDayEditsOnlyTheDayOfAnAnnotatedConvoy() throws {
        let h = try Self.make()
        defer { h.cleanup() }
        let path = h.workspace + "/.beads/convoys/c/convoy.toml"
        let original = try String(contentsOfFile: path, encoding: .utf8)
        try (original + "# the lead's note\nowner = \"lead\"  # who to ask\n").write(
            toFile: path, atomically: true, encoding: .utf8)
        try h.expectOK(["molecule", "start", "m"])
        try h.expectOK(["gate", "check", "m", "--passed", "1"])
        try h.expectOK(["molecule", "complete", "m", "build"])
        try h.expectOK(["molecule", "start", "m", "ship"])
        try h.expectOK(["molecule", "complete", "m", "ship"])
        try commitAll(h)

        try h.expectOK(["convoy", "advance-day", "c"])
        let diff = try StoreHarness.git(["diff", "--no-color", "-U0", "--", path], in: h.workspace).stdout
        #expect(diffLines(diff, "-") == ["day = 1"])
        #expect(diffLines(diff, "+") == ["day = 2"])
    }

    @Test func resolvingAFindingAddsItsResolutionAndKeepsTheRest() throws {
        let h = try Self.make()
        defer { h.cleanup() }
        let added = try h.expectOK([
            "finding", "add", "m", "--severity", "low", "--category", "Quality", "--title", "Flaky", "--json",
        ])
        let id = try #require((added.json as? [String: Any])?["id"] as? String)
        let path = h.workspace + "/.beads/convoys/c/molecules/m/findings/\(id).toml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: "\ntitle = ", with: "\n# seen twice this week\ntitle = ").write(
            toFile: path, atomically: true, encoding: .utf8)
        try commitAll(h)

        try h.expectOK(["finding", "resolve", "m", id, "--note", "fixed", "--by", "r1"])
        let diff = try StoreHarness.git(["diff", "--no-color", "-U0", "--", path], in: h.workspace).stdout
        #expect(diffLines(diff, "-").isEmpty)
        #expect(diffLines(diff, "+").first == "")
        #expect(diffLines(diff, "+").dropFirst().first == "[resolution]")
        #expect(try StoreHarness.parseTOML(path)["resolution"]?["note"] == "fixed")
    }

    // MARK: - Helpers

    private func commitAll(_ h: StoreHarness) throws {
        if !FileManager.default.fileExists(atPath: h.workspace + "/.git") {
            #expect(try StoreHarness.git(["init", "-q", "-b", "main"], in: h.workspace).status == 0)
        }
        #expect(try StoreHarness.git(["add", "-A"], in: h.workspace).status == 0)
        #expect(try StoreHarness.git(["commit", "-q", "-m", "as written by hand"], in: h.workspace).status == 0)
    }

    /// The removed (`-`) or added (`+`) lines of a unified diff, without their marker.
    private func diffLines(_ diff: String, _ marker: Character) -> [String] {
        // Split at LF bytes: a CRLF line keeps its CR (a Swift Character holds CR and LF together).
        diff.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
            .filter { $0.first == marker && !$0.hasPrefix("---") && !$0.hasPrefix("+++") }
            .map { String($0.dropFirst()) }
    }
}
