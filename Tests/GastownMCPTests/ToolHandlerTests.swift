import Core
import Foundation
import MCP
import Store
import TestSupport
import Testing

@testable import GastownMCP

/// The tool handlers on a small signed workspace, through the same Store calls as the CLI: m1 awaits its
/// work-review checkpoint, m2 has not started (ReviewWorkspace).
@Suite struct ToolHandlerTests {
    let workspace: ReviewWorkspace
    let server: GastownMCPServer

    init() throws {
        workspace = try ReviewWorkspace()
        server = GastownMCPServer(context: ToolContext(store: workspace.store, agent: "polecat-7"))
    }

    func call(_ name: String, _ arguments: [String: Value] = [:]) throws -> (json: [String: Any], isError: Bool) {
        let answer = try #require(server.call(name, arguments: arguments))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(answer.json.utf8)) as? [String: Any])
        return (json, answer.isError)
    }

    @Test func everyToolHasObjectSchemasAndNoneDecides() {
        let names = Set(server.tools.map(\.name))
        #expect(names.count == 21)
        for tool in server.tools {
            #expect(tool.inputSchema.objectValue?["type"] == "object", "\(tool.name)")
            #expect(tool.outputSchema?.objectValue?["type"] == "object", "\(tool.name)")
        }
        for forbidden in ["checkpoint_approve", "checkpoint_reject", "gate_resolve", "gate_confirm"] {
            #expect(server.call(forbidden, arguments: ["molecule": "m1"]) == nil, "\(forbidden)")
        }
    }

    @Test func startAssignsTheAgentAndAnswersTheMolecule() throws {
        let started = try call("molecule_start", ["molecule": "m2"])
        #expect(!started.isError)
        let steps = try #require(started.json["steps"] as? [[String: Any]])
        #expect(steps.first?["status"] as? String == "active")
        #expect(steps.first?["assignee"] as? String == "polecat-7")
        // The same file the CLI would write: the store's own load agrees.
        let state = try workspace.store.loadMolecule("m2")
        #expect(state.progress?.steps["work"]?.assignee == "polecat-7")
    }

    @Test func aFailureIsTheCLIsErrorObject() throws {
        let missing = try call("molecule_status", ["molecule": "nope"])
        #expect(missing.isError)
        let error = try #require(missing.json["error"] as? [String: Any])
        #expect(error["kind"] as? String == "not-found")
        #expect(error["code"] as? Int == 1)
        let badName = try call("molecule_status", ["molecule": "../x"])
        #expect((badName.json["error"] as? [String: Any])?["kind"] as? String == "invalid-input")
        let wrongType = try call("molecule_status", ["molecule": 3])
        #expect(
            (wrongType.json["error"] as? [String: Any])?["message"] as? String == "argument molecule: expected a string"
        )
    }

    @Test func completingAnAwaitingStepIsRefused() throws {
        let refused = try call("molecule_complete", ["molecule": "m1"])
        #expect(refused.isError)
        #expect((refused.json["error"] as? [String: Any])?["kind"] as? String != nil)
        #expect(try workspace.store.loadMolecule("m1").summary == .awaitingApproval)
    }

    @Test func nextWorkWaitsForTheReviewerThenSaysWhatToStart() throws {
        let waiting = try call("next_work", ["molecule": "m1"])
        #expect(waiting.json["action"] as? String == "wait")
        #expect((waiting.json["reason"] as? String)?.contains("work-review") == true)
        let fresh = try call("next_work", ["molecule": "m2"])
        #expect(fresh.json["action"] as? String == "start")
        let step = try #require(fresh.json["step"] as? [String: Any])
        #expect(step["id"] as? String == "work")
        #expect((fresh.json["checkpoint"] as? [String: Any])?["prompt"] as? String == "Is the work right?")
    }

    @Test func pathsOutsideTheWorkspaceAreRefused() throws {
        for path in ["/etc/passwd", "../outside.xml"] {
            let refused = try call("record_tests", ["molecule": "m2", "junit": .string(path)])
            let error = try #require(refused.json["error"] as? [String: Any])
            #expect(error["kind"] as? String == "invalid-input")
            #expect((error["message"] as? String)?.contains("outside the workspace") == true, "\(path)")
        }
    }

    @Test func moleculeListPages() throws {
        let page = try call("molecule_list", ["limit": 1, "offset": 1])
        #expect(page.json["total"] as? Int == 2)
        #expect((page.json["molecules"] as? [[String: Any]])?.map { $0["name"] as? String } == ["m2"])
        let badLimit = try call("molecule_list", ["limit": 0])
        #expect(badLimit.isError)
    }

    @Test func findingResolveRefusesBlockingSeveritiesToTheAgent() throws {
        // The review formula has no validation categories: record the finding files as the store would.
        for (severity, expectRefused) in [(Severity.high, true), (.low, false)] {
            let record = try addFinding(severity)
            let answer = try call("finding_resolve", ["molecule": "m2", "id": .string(record), "note": "fixed"])
            #expect(answer.isError == expectRefused, "\(severity)")
            if expectRefused {
                #expect((answer.json["error"] as? [String: Any])?["kind"] as? String == "refused")
            } else {
                #expect(answer.json["status"] as? String == "resolved")
                #expect((answer.json["resolution"] as? [String: Any])?["by"] as? String == "polecat-7")
            }
        }
    }

    func addFinding(_ severity: Severity) throws -> String {
        let id = "f-" + String(format: "%08x", UInt32.random(in: 0...UInt32.max))
        let dir = FindingStore.directory(workspace.layout, convoy: "c1", molecule: "m2")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try """
        id = "\(id)"
        severity = "\(severity.rawValue)"
        category = "c"
        title = "t"
        recorded_by = "x"
        recorded = 2026-11-21T16:20:00Z
        """.write(toFile: dir + "/\(id).toml", atomically: true, encoding: .utf8)
        return id
    }

    @Test func aDecisionNotifiesTheSubscribedMolecule() async throws {
        try await server.subscribe("gastown://molecule/m1")
        try await server.subscribe("gastown://convoy/c1")
        let path = workspace.layout.checkpointsDirectory("c1", "m1") + "/20260101T000000000Z-tester-00000000.toml"
        #expect(await server.changed([path]) == ["gastown://convoy/c1", "gastown://molecule/m1"])
        #expect(await server.changed([workspace.layout.moleculeFile("c1", "m2")]) == ["gastown://convoy/c1"])
        #expect(await server.changed(nil).count == 2)
        await server.unsubscribe("gastown://convoy/c1")
        #expect(await server.changed([path]) == ["gastown://molecule/m1"])
    }

    @Test func identityIsTheAgentsNameNeverAFlag() throws {
        #expect(try AgentIdentity.resolve(explicit: nil, environment: [:]) == "mcp-agent")
        #expect(try AgentIdentity.resolve(explicit: nil, environment: ["GASTOWN_AGENT": "1"]) == "mcp-agent")
        #expect(try AgentIdentity.resolve(explicit: nil, environment: ["GASTOWN_AGENT": "true"]) == "mcp-agent")
        #expect(try AgentIdentity.resolve(explicit: nil, environment: ["GASTOWN_AGENT": "polecat-3"]) == "polecat-3")
        #expect(try AgentIdentity.resolve(explicit: "p9", environment: ["GASTOWN_AGENT": "polecat-3"]) == "p9")
        #expect(throws: StoreError.self) { try AgentIdentity.resolve(explicit: "a/b", environment: [:]) }
    }
}
