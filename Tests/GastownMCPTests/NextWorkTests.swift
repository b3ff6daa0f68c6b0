import Core
import Foundation
import GastownCLI
import MCP
import Store
import TestSupport
import Testing

@testable import GastownMCP

/// `next_work` on each situation an agent meets: sent back with the reviewer's reason, blocked with the gate's
/// evidence, at work with the anti-patterns that fail the gate and the variables filled in.
@Suite struct NextWorkTests {
    static let formula = Formula(
        name: "gated", version: .integer(1),
        variables: [FormulaVariable(name: "service", required: true)],
        steps: [
            FormulaStep(
                id: "build", title: "Build {{service}}", description: "Build {{service}} well",
                acceptance: "{{service}} tests pass", duration: .seconds(600), tasks: ["write {{service}}"],
                checkpoint: Checkpoint(id: "build-review", prompt: "{{service}} ok?", onReject: "build"),
                gate: Gate(
                    id: "build-tests",
                    type: .tests(requiredPassRate: 100, allowSkipped: false, allowAntiPatterns: false))),
            FormulaStep(id: "ship", needs: ["build"], duration: .seconds(60)),
        ],
        antiPatterns: [
            AntiPattern(id: "sleep", name: "sleep", severity: .high, pattern: "sleep\\(", advice: "wait on a condition")
        ],
        authoritativeSources: ["docs/spec.md"])

    let directory: TemporaryDirectory
    let store: BeadsStore
    let server: GastownMCPServer

    init() throws {
        directory = try TemporaryDirectory(prefix: "gastown-next-work")
        try StoreInitializer.initialize(workspace: directory.path)
        var store = BeadsStore(layout: StoreLayout(workspace: directory.path), formulas: FixedFormulas([Self.formula]))
        store.clock = TestKeys.lateClock
        try store.createConvoy(
            ConvoyFile(name: "c1", title: "C", reviewers: ["tester"], created: ReviewWorkspace.t0),
            reviewerKeys: TestKeys.keys(["tester"]))
        try store.createMolecule(
            name: "m", convoy: "c1", formula: "gated", variables: [("service", "payments")], inputs: [],
            now: ReviewWorkspace.t0)
        self.store = store
        server = GastownMCPServer(context: ToolContext(store: store, agent: "polecat-7"))
    }

    func nextWork() throws -> [String: Any] {
        let answer = try #require(server.call("next_work", arguments: ["molecule": "m"]))
        #expect(!answer.isError)
        return try #require(try JSONSerialization.jsonObject(with: Data(answer.json.utf8)) as? [String: Any])
    }

    @Test func atWorkItSaysWhatWillBeChecked() throws {
        _ = try store.start(molecule: "m", step: nil, agent: "polecat-7", now: ReviewWorkspace.t0)
        let work = try nextWork()
        #expect(work["action"] as? String == "work")
        let step = try #require(work["step"] as? [String: Any])
        #expect(step["title"] as? String == "Build payments")
        #expect(step["description"] as? String == "Build payments well")
        #expect(step["acceptance"] as? String == "payments tests pass")
        #expect(step["tasks"] as? [String] == ["write payments"])
        let patterns = try #require(work["anti_patterns"] as? [[String: Any]])
        #expect(patterns.map { $0["advice"] as? String } == ["wait on a condition"])
        #expect(work["authoritative_sources"] as? [String] == ["docs/spec.md"])
        #expect((work["checkpoint"] as? [String: Any])?["prompt"] as? String == "payments ok?")
    }

    @Test func blockedItCarriesTheGatesEvidence() throws {
        _ = try store.start(molecule: "m", step: nil, agent: "polecat-7", now: ReviewWorkspace.t0)
        try store.recordTests(
            molecule: "m", step: nil, tests: .counts(TestCounts(passed: 3, failed: 2, skipped: 0)),
            checkedBy: "polecat-7", now: ReviewWorkspace.t0 + 60)
        let blocked = try nextWork()
        #expect(blocked["action"] as? String == "unblock")
        #expect((blocked["reason"] as? String)?.contains("build-tests") == true)
        let gate = try #require(blocked["gate"] as? [String: Any])
        #expect(gate["verdict"] as? String == "failing")
        #expect(gate["evidence"] is [String: Any])
    }

    @Test func sentBackItCarriesTheReviewersReason() throws {
        _ = try store.start(molecule: "m", step: nil, agent: "polecat-7", now: ReviewWorkspace.t0)
        try store.recordTests(
            molecule: "m", step: nil, tests: .counts(TestCounts(passed: 5, failed: 0, skipped: 0)),
            checkedBy: "polecat-7", now: ReviewWorkspace.t0 + 60)
        _ = try store.complete(molecule: "m", step: nil, now: ReviewWorkspace.t0 + 120)
        #expect(try nextWork()["action"] as? String == "wait")
        _ = try store.decide(
            molecule: "m", checkpoint: "build-review", decision: .rejected, reviewer: "tester",
            reason: "the retry loop still sleeps", returnTo: nil, isAgent: false, signer: TestKeys.signer("tester"),
            now: ReviewWorkspace.t0 + 180)
        let rework = try nextWork()
        #expect(rework["action"] as? String == "rework")
        #expect((rework["reason"] as? String)?.contains("the retry loop still sleeps") == true)
        #expect((rework["last_rejection"] as? [String: Any])?["reviewer"] as? String == "tester")
        #expect((rework["step"] as? [String: Any])?["attempt"] as? Int == 2)
    }
}
