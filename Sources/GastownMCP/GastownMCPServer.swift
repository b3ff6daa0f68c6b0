import Foundation
import GastownCLI
import MCP
import Store

/// `gastown mcp`: the agent verbs as MCP tools and the store as resources with subscriptions (docs/mcp.md).
/// The handlers are plain functions of a `ToolContext` (tested without a transport); `start` wires them to an
/// SDK server on any transport (stdio in the binary, in memory in tests).
public final class GastownMCPServer: Sendable {
    public let context: ToolContext
    let subscriptions = Subscriptions()

    public init(context: ToolContext) { self.context = context }

    public static let instructions = """
        gastown tracks molecules (work items) through formula steps, quality gates and human checkpoints. \
        Call next_work with a molecule to learn what to do now and what will be checked. You act as an agent: \
        you can start, complete, record tests, check gates and record findings, but a reviewer approves or \
        rejects checkpoints and resolves blocking findings; no tool here can.
        """

    // MARK: tools

    public var tools: [Tool] { AgentTools.all.map(\.definition) }

    /// Runs one tool. A store failure is an answer with `isError` and `{"error": {...}}`, never a thrown error;
    /// an unknown tool (there is none that approves) is nil.
    public func call(_ name: String, arguments: [String: Value]?) -> ToolAnswer? {
        guard let tool = AgentTools.named(name) else { return nil }
        do { return try tool.handler(context, ToolArguments(arguments)) } catch { return .failure(error) }
    }

    static func result(_ answer: ToolAnswer) -> CallTool.Result {
        let structured = answer.structured ?? (try? JSONDecoder().decode(Value.self, from: Data(answer.json.utf8)))
        return CallTool.Result(
            content: [.text(text: answer.json, annotations: nil, _meta: nil)], structuredContent: structured,
            isError: answer.isError)
    }

    // MARK: resources

    public var templates: [Resource.Template] {
        [
            ("convoy/{convoy}", "convoy", "A convoy with its molecules (convoy_show's answer).", "application/json"),
            ("molecule/{molecule}", "molecule", "A molecule's state (molecule_status's answer).", "application/json"),
            ("molecule/{molecule}/report", "report", "The molecule's latest rendered report.", "text/markdown"),
            ("formula/{formula}", "formula", "A formula (formula_show's answer).", "application/json"),
        ].map {
            Resource.Template(uriTemplate: ResourceURI.scheme + $0.0, name: $0.1, description: $0.2, mimeType: $0.3)
        }
    }

    /// The convoys (molecules and formulas are read through the templates: a store holds thousands).
    public func resources() throws -> [Resource] {
        let names: [String]
        do { names = try context.store.convoyNames() } catch { throw MCPError.internalError(error.message) }
        return names.map {
            Resource(
                name: $0, uri: ResourceURI.convoy($0).text, description: "convoy \($0)", mimeType: "application/json")
        }
    }

    public func read(_ uri: String) throws -> Resource.Content {
        guard let resource = ResourceURI(uri) else { throw MCPError.invalidParams("unknown resource \(uri)") }
        let verbs = context.verbs
        do throws(StoreError) {
            switch resource {
            case .convoy(let name):
                return .text(try verbs.convoyShow(name).rendered(), uri: uri, mimeType: "application/json")
            case .molecule(let name):
                return .text(try verbs.moleculeStatus(name).rendered(), uri: uri, mimeType: "application/json")
            case .formula(let name):
                return .text(try verbs.formulaShow(name).rendered(), uri: uri, mimeType: "application/json")
            case .report(let name):
                guard let latest = try context.store.loadMolecule(name).gateRecords.reports.last,
                    let text = try ReportStore.read(latest)
                else {
                    throw StoreError(.notFound, "molecule \(name) has no report yet (render one with report_render)")
                }
                return .text(text, uri: uri, mimeType: "text/markdown")
            }
        } catch {
            throw MCPError.invalidParams(error.message)
        }
    }

    public func subscribe(_ uri: String) async throws {
        guard let resource = ResourceURI(uri) else { throw MCPError.invalidParams("unknown resource \(uri)") }
        await subscriptions.add(resource)
    }

    public func unsubscribe(_ uri: String) async {
        if let resource = ResourceURI(uri) { await subscriptions.remove(resource) }
    }

    /// The subscribed resources a change of `paths` may have changed (nil: everything).
    public func changed(_ paths: Set<String>?) async -> [String] {
        let subscribed = await subscriptions.current
        return ResourceURI.affected(by: paths, layout: context.store.layout, subscribed: subscribed).map(\.text)
            .sorted()
    }

    // MARK: wiring

    /// Registers every handler on `server`. The store is watched from the first subscription on (a client that
    /// never subscribes costs no watches).
    public func register(on server: Server) async {
        await server.withMethodHandler(ListTools.self) { [self] _ in ListTools.Result(tools: tools) }
        await server.withMethodHandler(CallTool.self) { [self] params in
            guard let answer = call(params.name, arguments: params.arguments) else {
                throw MCPError.invalidParams("unknown tool \(params.name)")
            }
            return Self.result(answer)
        }
        await server.withMethodHandler(ListResources.self) { [self] _ in
            ListResources.Result(resources: try resources())
        }
        await server.withMethodHandler(ListResourceTemplates.self) { [self] _ in
            ListResourceTemplates.Result(templates: templates)
        }
        await server.withMethodHandler(ReadResource.self) { [self] params in
            ReadResource.Result(contents: [try read(params.uri)])
        }
        await server.withMethodHandler(ResourceSubscribe.self) { [self, weak server] params in
            try await subscribe(params.uri)
            if let server { await watch(for: server) }
            return Empty()
        }
        await server.withMethodHandler(ResourceUnsubscribe.self) { [self] params in
            await unsubscribe(params.uri)
            return Empty()
        }
    }

    /// Watches the store (once) and tells `server`'s client of every subscribed resource a change touches.
    func watch(for server: Server) async {
        await subscriptions.startWatching {
            ResourceWatch(beads: context.store.layout.beads) { [self, weak server] paths in
                Task {
                    for uri in await changed(paths) {
                        try? await server?.notify(ResourceUpdatedNotification.message(.init(uri: uri)))
                    }
                }
            }
        }
    }

    public static func makeServer() -> Server {
        Server(
            name: "gastown", version: "0.1.0", title: "gastown", instructions: instructions,
            capabilities: Server.Capabilities(
                resources: .init(subscribe: true, listChanged: false), tools: .init(listChanged: false)))
    }

    /// Serves on standard input and output until the client closes them.
    public func serveStdio() async throws {
        let server = Self.makeServer()
        await register(on: server)
        try await server.start(transport: PipeTransport())
        await server.waitUntilCompleted()
    }
}

/// The subscribed resources, and the watch started by the first subscription.
actor Subscriptions {
    private(set) var current: Set<ResourceURI> = []
    private var watch: ResourceWatch?
    func add(_ uri: ResourceURI) { current.insert(uri) }
    func remove(_ uri: ResourceURI) { current.remove(uri) }
    func startWatching(_ start: () -> ResourceWatch) {
        if watch == nil { watch = start() }
    }
}
