import Dispatch
import Foundation
import GastownCLI
import Store

/// What `gastown mcp` does: find the store and the agent's name (a failure is reported as every verb reports
/// one: `gastown: …` and its exit code), then serve on standard input and output until the client closes them.
public enum GastownMCPCLI {
    public static func server(root: String?, agent: String?, environment: [String: String]) throws(StoreError)
        -> GastownMCPServer
    {
        let name = try AgentIdentity.resolve(explicit: agent, environment: environment)
        let store = try AgentVerbs.openStore(
            root: root, environment: environment, currentDirectory: FileManager.default.currentDirectoryPath)
        return GastownMCPServer(context: ToolContext(store: store, agent: name))
    }

    /// Runs the server; the caller (a synchronous command) waits while it serves on the concurrency pool.
    public static func run(root: String?, agent: String?) throws {
        var started: GastownMCPServer?
        try runStoreCommand { () throws(StoreError) in
            started = try server(root: root, agent: agent, environment: ProcessInfo.processInfo.environment)
        }
        guard let server = started else { return }
        let done = DispatchSemaphore(value: 0)
        let failure = Failure()
        Task {
            do { try await server.serveStdio() } catch { failure.error = error }
            done.signal()
        }
        done.wait()
        if let error = failure.error { throw error }
    }

    /// The serving task's error, read after it signalled.
    private final class Failure: @unchecked Sendable {
        var error: (any Error)?
    }
}
