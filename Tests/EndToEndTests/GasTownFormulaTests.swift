import Foundation
import TestSupport
import Testing

/// Gas Town formula types driven through the built binary (issue 12): a molecule made from a convoy and
/// one from an expansion-composed workflow are created, driven step by step and completed.
@Suite struct GasTownFormulaTests {
    static let fixtures = Repository.root.appendingPathComponent("Tests/CoreTests/Fixtures/formulas").path

    /// A workspace with the fixtures `names` installed in `.beads/formulas/`.
    static func harness(_ names: [String]) throws -> StoreHarness {
        let h = try StoreHarness.make(steps: 1)
        for name in names {
            try FileManager.default.copyItem(
                atPath: "\(fixtures)/\(name).formula.toml",
                toPath: "\(h.workspace)/.beads/formulas/\(name).formula.toml")
        }
        return h
    }

    static func statuses(_ h: StoreHarness, _ molecule: String) throws -> [String: String] {
        let json = try h.expectOK(["molecule", "status", molecule, "--json"]).json as? [String: Any]
        let steps = json?["steps"] as? [[String: Any]] ?? []
        return Dictionary(
            steps.compactMap { step in (step["id"] as? String).map { ($0, step["status"] as? String ?? "") } },
            uniquingKeysWith: { a, _ in a })
    }

    @Test func aConvoyMoleculeRunsItsLegsAtOnceThenItsSynthesis() throws {
        let h = try Self.harness(["design-review"])
        defer { h.cleanup() }
        let missing = try h.run(["molecule", "create", "--formula", "design-review", "--name", "rev", "--convoy", "c"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("variable feature is required"))
        try h.expectOK([
            "molecule", "create", "--formula", "design-review", "--name", "rev", "--convoy", "c", "--var",
            "feature=search", "--var", "ticket=7",
        ])
        let first = try h.expectOK(["molecule", "start", "rev"])
        #expect(
            first.stdout
                == "started rev step interface; also ready: storage, threats (start them by name or with --all)\n")
        #expect(try h.expectOK(["molecule", "start", "rev", "--all"]).stdout == "started rev steps storage, threats\n")
        let ambiguous = try h.run(["molecule", "complete", "rev"])
        #expect(ambiguous.status == 2)
        #expect(ambiguous.stderr.contains("several steps of rev are active (interface, storage, threats)"))
        let show = try h.expectOK(["convoy", "show", "c"]).stdout
        #expect(show.contains("interface, storage, threats (active)"))
        let early = try h.run(["molecule", "start", "rev", "synthesis"])
        #expect(early.status == 3)
        #expect(early.stderr.contains("it needs interface, storage, threats done first"))
        for leg in ["storage", "interface", "threats"] { try h.expectOK(["molecule", "complete", "rev", leg]) }
        #expect(try h.expectOK(["molecule", "start", "rev"]).stdout == "started rev step synthesis\n")
        try h.expectOK(["molecule", "complete", "rev"])
        #expect(
            try Self.statuses(h, "rev") == [
                "interface": "done", "storage": "done", "threats": "done", "synthesis": "done",
            ])
        let status = try h.expectOK(["molecule", "status", "rev", "--json"]).json as? [String: Any]
        #expect(status?["state"] as? String == "done")
        let steps = status?["steps"] as? [[String: Any]]
        #expect(steps?.first?["assignee"] as? String == "ui-reviewer", "a leg's agent is its assignee")
        let variables = status?["variables"] as? [String: Any]
        #expect(variables?["depth"] as? String == "standard", "an input's default")
    }

    @Test func anExpansionComposedMoleculeFollowsTheExpandedSteps() throws {
        let h = try Self.harness(["feature-flow", "feature-flow-hardened", "triple-check", "audit-trail"])
        defer { h.cleanup() }
        let refused = try h.run(["molecule", "create", "--formula", "triple-check", "--name", "x", "--convoy", "c"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("triple-check is an expansion formula"))
        try h.expectOK([
            "molecule", "create", "--formula", "feature-flow-hardened", "--name", "login", "--convoy", "c", "--var",
            "feature=login",
        ])
        var order: [[String]] = []
        while true {
            let started = try h.run(["molecule", "start", "login", "--all"])
            if started.status != 0 {
                #expect(started.status == 3)
                #expect(started.stderr.contains("no step of login is ready to start"))
                break
            }
            let ids = started.stdout.trimmingCharacters(in: .newlines)
                .replacingOccurrences(of: "started login steps ", with: "")
                .replacingOccurrences(of: "started login step ", with: "").components(separatedBy: ", ")
            order.append(ids)
            for id in ids { try h.expectOK(["molecule", "complete", "login", id]) }
        }
        #expect(
            order == [
                ["design"], ["build.sketch"], ["build.harden-snapshot"], ["build.harden"], ["build.harden-diff"],
                ["build.polish"], ["lint", "test"], ["ship"], ["ship-signoff"],
            ])
        let statuses = try Self.statuses(h, "login")
        #expect(statuses.count == 10)
        #expect(statuses.values.allSatisfy { $0 == "done" })
        let status = try h.expectOK(["molecule", "status", "login", "--json"]).json as? [String: Any]
        #expect(status?["state"] as? String == "done")
    }

    @Test func fixturesValidateAndCyclesArePrintedWithTheirPath() throws {
        let h = try StoreHarness.make(steps: 1)
        defer { h.cleanup() }
        let all = try h.run(["formula", "validate", Self.fixtures])
        #expect(all.status == 0, "\(all.stdout)")
        #expect(all.stdout.contains("0 errors"))
        let strict = try h.run(["formula", "validate", "--strict", Self.fixtures + "/feature-flow.formula.toml"])
        #expect(strict.status == 1, "unknown keys, an unknown {{name}} and required+default are warnings")
        let clean = try h.run(["formula", "validate", "--strict", Self.fixtures + "/template-text.formula.toml"])
        #expect(clean.status == 0, "\(clean.stdout)")
        let cycle = try h.run(["formula", "validate", Self.fixtures + "/invalid/ring-1.formula.toml"])
        #expect(cycle.status == 1)
        #expect(cycle.stdout.contains(#"error: compose.expand[0].with "ring-2" is cyclic: ring-2 → ring-3 → ring-2"#))
        let hostile = try h.run(["formula", "validate", Self.fixtures + "/invalid/hostile-ids.formula.toml"])
        #expect(hostile.status == 1)
        #expect(hostile.stdout.contains(#"step id "../../x" is not a valid name"#))
    }

    @Test func showPrintsEachTypesParts() throws {
        let h = try Self.harness(["design-review", "triple-check", "audit-trail"])
        defer { h.cleanup() }
        let convoy = try h.expectOK(["formula", "show", "design-review"]).stdout
        #expect(convoy.hasPrefix("design-review v1 (convoy)\n"))
        #expect(
            convoy.contains(
                " 3. Threat model [threats]  (leg, review only)\n      focus: Untrusted input and trust boundaries\n      assignee: security-reviewer\n"
            ))
        #expect(convoy.contains("      done when: Every leg's findings are in the summary, deduplicated\n"))
        #expect(
            convoy.contains("Prompts (kept, not interpreted):\n  base: # Review assignment: {{.leg.title}} (7 lines)\n")
        )
        let json = try h.expectOK(["formula", "show", "design-review", "--json"]).json as? [String: Any]
        #expect(json?["type"] as? String == "convoy")
        let steps = json?["steps"] as? [[String: Any]]
        #expect(steps?.map { $0["role"] as? String } == ["leg", "leg", "leg", "synthesis"])
        #expect(steps?.last?["needs"] as? [String] == ["interface", "storage", "threats"])
        #expect((json?["output"] as? [String: Any])?["synthesis"] as? String == "summary.md")
        let expansion = try h.expectOK(["formula", "show", "triple-check", "--json"]).json as? [String: Any]
        #expect((expansion?["templateSteps"] as? [[String: Any]])?.first?["id"] as? String == "{target}.sketch")
        let aspect = try h.expectOK(["formula", "show", "audit-trail"]).stdout
        #expect(aspect.contains("  around *.harden:\n    before: {step.id}-snapshot — Snapshot before {step.id}\n"))
        let list = try h.expectOK(["formula", "list", "--json"]).json as? [String: Any]
        let types = (list?["formulas"] as? [[String: Any]])?.compactMap { $0["type"] as? String }
        #expect(Set(types ?? []) == ["convoy", "expansion", "aspect", "workflow"])
    }
}
