import Foundation
import GastownCLI
import Store

/// What `gastown mcp` does before serving: find the store and the agent's name, or fail as a CLI verb fails.
public enum GastownMCPCLI {
    public static func server(root: String?, agent: String?, environment: [String: String]) throws
        -> GastownMCPServer
    {
        do {
            let name = try AgentIdentity.resolve(explicit: agent, environment: environment)
            let store = try AgentVerbs.openStore(
                root: root, environment: environment, currentDirectory: FileManager.default.currentDirectoryPath)
            return GastownMCPServer(context: ToolContext(store: store, agent: name))
        } catch {
            throw GastownMCPStartFailure(message: error.message)
        }
    }
}

public struct GastownMCPStartFailure: Error, CustomStringConvertible {
    public var message: String
    public var description: String { "gastown mcp: " + message }
}
