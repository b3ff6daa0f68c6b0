import ArgumentParser
import GastownCLI
import GastownMCP

/// `gastown mcp`: wires the MCP server (GastownMCP, docs/mcp.md) to standard input and output.
struct MCPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Serve the agent verbs as MCP tools, and the store as resources, over standard input and output.",
        discussion: """
            An MCP client starts it (docs/mcp.md has a configuration snippet). It always acts as an agent: \
            --agent, else GASTOWN_AGENT when it is a name, else mcp-agent. No tool approves, rejects, resolves a \
            blocking finding or an external gate, or confirms a manual check.
            """)

    @Option(
        help: ArgumentHelp(
            "The workspace holding .beads/ (default: GASTOWN_ROOT, else the nearest parent with a .beads/).",
            valueName: "DIR"))
    var root: String?

    @Option(
        help: ArgumentHelp("Who the agent is (default: GASTOWN_AGENT when a name, else mcp-agent).", valueName: "NAME"))
    var agent: String?

    func run() throws { try GastownMCPCLI.run(root: root, agent: agent) }
}
