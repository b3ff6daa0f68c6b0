import Core
import Dashboard
import Foundation
import Screen
import Store
import TestSupport
import Testing

@testable import GastownCLI

/// One truth for every screen: a store with a molecule in every state, and for each one the dashboard's row in
/// the convoy grid — its state and its glyphs — says what `molecule status --json` says.
@Suite struct DashboardAgreementTests {
    /// plan (checkpoint), work, test (tests gate), ship (checkpoint; a rejection returns to work).
    static let formula = Formula(
        name: "flow", version: .integer(1),
        steps: [
            FormulaStep(
                id: "plan", duration: .seconds(600),
                checkpoint: Checkpoint(id: "plan-review", prompt: "Plan ok?", onReject: "plan")),
            FormulaStep(id: "work", duration: .seconds(1200)),
            FormulaStep(
                id: "test", duration: .seconds(300),
                gate: Gate(
                    id: "tests-pass", type: .tests(requiredPassRate: 100, allowSkipped: false, allowAntiPatterns: false)
                )),
            FormulaStep(
                id: "ship", duration: .seconds(60),
                checkpoint: Checkpoint(id: "ship-review", prompt: "Ship?", onReject: "work")),
        ])
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    struct World {
        let directory: TemporaryDirectory
        var store: BeadsStore
        var clock = DashboardAgreementTests.t0

        init() throws {
            directory = try TemporaryDirectory(prefix: "gastown-agreement")
            try StoreInitializer.initialize(workspace: directory.path)
            store = BeadsStore(
                layout: StoreLayout(workspace: directory.path),
                formulas: FixedFormulas([DashboardAgreementTests.formula]))
            store.clock = TestKeys.lateClock
            try store.createConvoy(
                ConvoyFile(name: "c", title: "C", teams: ["t"], reviewers: ["alice"], created: clock),
                reviewerKeys: TestKeys.keys(["alice"]))
        }

        mutating func tick() -> Date {
            clock += 60
            return clock
        }

        mutating func create(_ name: String) throws {
            try store.createMolecule(name: name, convoy: "c", formula: "flow", variables: [], inputs: [], now: tick())
        }

        mutating func run(_ name: String, _ step: String, tests: TestCounts? = nil, complete: Bool = true) throws {
            try store.start(molecule: name, step: step, now: tick())
            if let tests { try store.recordTests(molecule: name, step: step, tests: .counts(tests), now: tick()) }
            if complete { _ = try store.complete(molecule: name, step: step, now: tick()) }
        }

        mutating func decide(_ name: String, _ checkpoint: String, approve: Bool) throws {
            try store.decide(
                molecule: name, checkpoint: checkpoint, decision: approve ? .approved : .rejected, reviewer: "alice",
                reason: approve ? nil : "not yet", returnTo: nil, isAgent: false, signer: TestKeys.signer("alice"),
                now: tick())
        }

        func moleculeFile(_ name: String) -> String { store.layout.moleculeFile("c", name) }
    }

    /// Every state the issue names, built the way agents and reviewers build them (and two files edited by hand).
    static func world() throws -> World {
        var w = try World()
        let passing = TestCounts(passed: 4, failed: 0, skipped: 0)
        // Through every step to the ship review, then approved (done) or rejected (sent back to work).
        for (name, approve) in [("m-done", true), ("m-sent-back", false)] {
            try w.create(name)
            try w.run(name, "plan")
            try w.decide(name, "plan-review", approve: true)
            try w.run(name, "work")
            try w.run(name, "test", tests: passing)
            try w.run(name, "ship")
            try w.decide(name, "ship-review", approve: approve)
        }

        try w.create("m-new")

        try w.create("m-active")
        try w.run("m-active", "plan", complete: false)

        try w.create("m-awaiting")
        try w.run("m-awaiting", "plan")

        try w.create("m-blocked")
        try w.run("m-blocked", "plan")
        try w.decide("m-blocked", "plan-review", approve: true)
        try w.run("m-blocked", "work")
        try w.run("m-blocked", "test", tests: TestCounts(passed: 3, failed: 1, skipped: 0), complete: false)

        try w.create("m-invalid")
        try AtomicFile.write("formula = \"flow\nrevision = 3\n", to: w.moleculeFile("m-invalid"))

        // Claims progress past an undecided checkpoint: plan done, work active, no approval.
        try w.create("m-unapproved")
        try w.run("m-unapproved", "plan")
        let claimed = try String(contentsOfFile: w.moleculeFile("m-unapproved"), encoding: .utf8)
            .replacingOccurrences(of: "status = \"awaiting-approval\"", with: "status = \"done\"")
            .replacingOccurrences(of: "[steps.work]\nstatus = \"pending\"", with: "[steps.work]\nstatus = \"active\"")
        try AtomicFile.write(claimed, to: w.moleculeFile("m-unapproved"))

        // A decision record edited after the fact: the trail does not verify, the edited approval does not count.
        try w.create("m-audit")
        try w.run("m-audit", "plan")
        try w.decide("m-audit", "plan-review", approve: true)
        let records = w.store.layout.checkpointsDirectory("c", "m-audit")
        let record = try #require(try FileManager.default.contentsOfDirectory(atPath: records).first)
        let edited = try String(contentsOfFile: records + "/" + record, encoding: .utf8)
            .replacingOccurrences(of: "reviewer = \"alice\"", with: "reviewer = \"mallory\"")
        try AtomicFile.write(edited, to: records + "/" + record)
        return w
    }

    static let glyphs: [String: String] = [
        "done": "✓", "active": "▸", "awaiting-approval": "◆", "blocked": "✗", "pending": "·",
    ]

    @Test func everyMoleculesRowAgreesWithMoleculeStatusJSON() throws {
        let w = try Self.world()
        defer { w.directory.remove() }
        let loaded = w.store.loadAll()
        var state = DashboardState(
            snapshot: WorkspaceIndex(loaded, root: w.directory.path).snapshot, loadedAt: Self.t0, colors: false)
        state.route = .convoy("c")
        // Every cell of the grid is one column wide here, so a line's characters are its columns.
        let screen = Dashboard.render(state, width: 159, height: 30, now: Self.t0 + 3600).lines.map(Array.init)
        let header = try #require(screen.first { String($0).hasPrefix("  MOLECULE") })
        let grid = try #require(String(header).range(of: "1 2 3 4").map { String(header)[..<$0.lowerBound].count })
        let stateColumn = try #require(String(header).range(of: "STATE").map { String(header)[..<$0.lowerBound].count })
        var seen: Set<String> = []
        for molecule in loaded.molecules {
            let json = try #require(
                try JSONSerialization.jsonObject(
                    with: Data(StorePresentation.molecule(molecule, now: Self.t0 + 3600).rendered().utf8))
                    as? [String: Any])
            let row = try #require(
                screen.first { String($0.dropFirst(2)).hasPrefix(molecule.name + " ") }, "\(molecule.name)")
            let word = try #require(json["state"] as? String)
            seen.insert(word)
            let shown = String(row[stateColumn..<(stateColumn + 8)]).trimmingCharacters(in: .whitespaces)
            #expect(shown == (word == "awaiting-approval" ? "awaiting" : word), "\(molecule.name)")
            let steps = try #require(json["steps"] as? [[String: Any]])
            let expected = steps.map { step in
                (step["sent_back"] as? Bool) == true ? "↺" : Self.glyphs[step["status"] as? String ?? ""] ?? "?"
            }
            let drawn = expected.indices.map { String(row[grid + 2 * $0]) }
            if word == "invalid" {
                #expect(steps.isEmpty)
                #expect(String(row).contains("✗ .beads/convoys/c/molecules/m-invalid/molecule.toml:1:"))
            } else {
                #expect(drawn == expected, "\(molecule.name)")
            }
            // A trail that does not verify is marked on the row, as `audit_verified` says.
            let verified = try #require(json["audit_verified"] as? Bool)
            #expect((row[1] == "!") == !verified, "\(molecule.name)")
        }
        #expect(seen == ["done", "active", "awaiting-approval", "blocked", "invalid", "pending"])
        // The states the issue names, on both screens.
        let byName = Dictionary(uniqueKeysWithValues: loaded.molecules.map { ($0.name, $0) })
        #expect(byName["m-sent-back"]?.summary == .active)
        #expect(byName["m-unapproved"]?.summary == .awaitingApproval)
        #expect(byName["m-unapproved"]?.allProblems.contains { $0.category == .unapprovedProgress } == true)
        #expect(byName["m-audit"]?.trail.isVerified == false)
        #expect(byName["m-audit"]?.summary == .awaitingApproval)
        let sentBack = try #require(screen.first { String($0.dropFirst(2)).hasPrefix("m-sent-back ") })
        #expect(String(sentBack[grid..<(grid + 7)]) == "✓ ↺ · ·")
    }
}
