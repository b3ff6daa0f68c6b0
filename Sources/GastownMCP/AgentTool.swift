import Foundation
import GastownCLI
import MCP
import Store

/// What a tool answers: the verb's JSON (as `--json` prints it) and whether it is a failure.
public struct ToolAnswer: Sendable {
    /// The rendered JSON object.
    public var json: String
    public var isError: Bool
    /// The same object as structured content (nil: decode `json`).
    var structured: Value?

    init(_ json: JSON, isError: Bool = false) {
        self.json = json.rendered()
        self.isError = isError
        structured = StructuredContent.value(json)
    }

    init(rendered: String, isError: Bool = false) {
        json = rendered
        self.isError = isError
    }

    /// A failure: `{"error": {"code", "kind", "message"}}`, the CLI's `--json` error.
    static func failure(_ error: any Error) -> ToolAnswer {
        ToolAnswer(.object([("error", AgentVerbs.errorJSON(error))]), isError: true)
    }
}

/// Where a tool runs: the store, who the agent is, and the verbs acting as it.
public struct ToolContext: Sendable {
    public let store: BeadsStore
    public let agent: String
    var verbs: AgentVerbs { AgentVerbs(store: store, agent: agent) }

    public init(store: BeadsStore, agent: String) {
        self.store = store
        self.agent = agent
    }

    /// A path argument, relative to the workspace (or absolute inside it), as an absolute path; outside the
    /// workspace (symlinks followed) is refused, as the CLI refuses `--inputs` outside it.
    func workspacePath(_ path: String, argument: String) throws(StoreError) -> (absolute: String, relative: String) {
        let relative: String
        do {
            relative = try InputPaths.contain(
                path, layout: store.layout, currentDirectory: store.layout.workspace, allowOutside: false)
        } catch {
            throw StoreError(
                .invalidInput,
                "argument \(argument): \(error.message.replacingOccurrences(of: " (pass --allow-outside-inputs to allow it)", with: "")); paths are relative to the workspace"
            )
        }
        return (PathResolution.absolute(relative, from: store.layout.workspace), relative)
    }
}

/// One tool: its name, description, schemas, and the handler that answers a call.
struct AgentTool: Sendable {
    var name: String
    var description: String
    var input: Value
    var output: Value
    /// Changes nothing (a hint for clients).
    var readOnly: Bool
    var handler: @Sendable (ToolContext, ToolArguments) throws -> ToolAnswer

    var definition: Tool {
        Tool(
            name: name, description: description, inputSchema: input,
            annotations: Tool.Annotations(readOnlyHint: readOnly, destructiveHint: false, openWorldHint: false),
            outputSchema: output)
    }
}
