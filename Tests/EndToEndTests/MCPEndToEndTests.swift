import Foundation
import TestSupport
import Testing

/// `gastown mcp` driven by an independent client: Python's `mcp` package (pinned in .ci/run, installed into
/// .build/mcp-venv), over stdio, on a workspace like the demo's: signed, reviewers with keys, a formula with a
/// tests gate, anti-patterns and a checkpoint.
@Suite struct MCPEndToEndTests {
    static let python = Repository.root.path + "/.build/mcp-venv/bin/python"
    static let client = Repository.root.path + "/Tests/EndToEndTests/MCPClient/mcp_e2e.py"

    static let formula = """
        formula = "mcp"
        version = 1
        authoritative_sources = ["docs/payments.md"]

        [vars.service]
        required = true

        [[steps]]
        id = "build"
        title = "Build {{service}}"
        description = "Build the {{service}} service"
        tasks = ["write {{service}}", "test {{service}}"]
        acceptance = "every {{service}} test passes"
        duration = "30m"

        [steps.gate]
        type = "tests"

        [steps.checkpoint]
        id = "build-review"
        prompt = "Is {{service}} ready?"

        [[steps]]
        id = "ship"
        needs = ["build"]
        duration = "10m"

        [[anti_patterns]]
        name = "sleep in tests"
        severity = "high"
        pattern = 'sleep\\('
        paths = ["tests/**"]
        advice = "wait on a condition with a deadline"
        """

    @Test func anIndependentClientDrivesAMoleculeAndHearsTheReviewer() throws {
        // The client must be installed (scripts/install-mcp-client, which .ci/run runs first; run here when it
        // is missing, so `swift test` alone works): a client that cannot be installed fails, never skips.
        var installLog = ""
        if !FileManager.default.isExecutableFile(atPath: Self.python) {
            installLog = try ChildProcess.run(
                URL(fileURLWithPath: "/bin/bash"), [Repository.root.path + "/scripts/install-mcp-client"],
                environment: ProcessInfo.processInfo.environment, directory: Repository.root.path
            ).stderr
        }
        try #require(
            FileManager.default.isExecutableFile(atPath: Self.python),
            "the Python MCP client is not installed at \(Self.python) (scripts/install-mcp-client installs it) \(installLog)"
        )
        let h = try StoreHarness.make()
        defer { h.cleanup() }
        try h.install(formula: Self.formula, as: "mcp")
        try h.expectOK([
            "molecule", "create", "--formula", "mcp", "--name", "pay", "--convoy", "c", "--var", "service=payments",
        ])
        let config: [String: Any] = [
            "gastown": BuiltProducts.gastown.path, "workspace": h.workspace, "molecule": "pay",
            "server_env": h.environment(for: [], [:]),
            "reviewer_env": h.environment(for: ["--reviewer", "r1"], [:]),
        ]
        let configPath = h.userState + "/mcp-e2e.json"
        try FileManager.default.createDirectory(atPath: h.userState, withIntermediateDirectories: true)
        try JSONSerialization.data(withJSONObject: config).write(to: URL(fileURLWithPath: configPath))
        let run = try ChildProcess.run(
            URL(fileURLWithPath: Self.python), [Self.client, configPath],
            environment: ProcessInfo.processInfo.environment,
            directory: h.workspace)
        #expect(run.status == 0, "\(run.stderr)\n\(run.stdout)")
        let seen = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        #expect(seen?["updated"] as? String == "gastown://molecule/pay")
        #expect(seen?["protocol"] as? String == "2025-06-18")
    }

    @Test func aBadAgentNameOrNoStoreFailsAsEveryVerbFails() throws {
        let h = try StoreHarness.make()
        defer { h.cleanup() }
        let badName = try h.run(["mcp", "--agent", "a/b"])
        #expect(badName.status == 2)
        #expect(badName.stderr.contains("--agent"), "\(badName.stderr)")
        let noStore = try h.run(["mcp", "--root", h.workspace + "/missing"])
        #expect(noStore.status == 1, "\(noStore.stderr)")
        #expect(noStore.stderr.hasPrefix("gastown: "), "\(noStore.stderr)")
    }
}
