import ArgumentParser
import DashboardRuntime
import Foundation
import Screen
import Store

/// `gastown demo`: its options and what it does; the executable supplies the terminal.
public struct DemoArguments: ParsableArguments {
    public static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Build a sample workspace in a temporary folder and open the dashboard on it.",
        discussion:
            "The soc2-audit-trail convoy (teams AI Analysis, HolmesAPI, Data Storage, Gateway) on Day 3, with molecules of integration-test-full-validation in every state, a second convoy, and handoff documents. See docs/dashboard.md."
    )

    @OptionGroup var display: DashboardOptions

    @Option(
        name: .long,
        help: "Build the workspace here instead of a new temporary folder (it must not hold a .beads/ yet).")
    var root: String?

    @Option(
        name: .long,
        help:
            "Who decides checkpoints (made a reviewer of the demo convoys). Default: GASTOWN_REVIEWER, git user.name, login name."
    )
    var reviewer: String?

    @Flag(name: .long, help: "Build the workspace, print its path and exit without opening the dashboard.")
    var buildOnly = false

    public init() {}

    /// Whether the terminal should report the mouse (`--no-mouse` leaves it to the terminal).
    public var mouse: Bool { !display.noMouse }

    /// Builds the demo workspace, then (unless --build-only) opens the dashboard on it.
    public func run(openTerminal: (_ colors: Bool) throws -> any TerminalPort) throws {
        let environment = ProcessInfo.processInfo.environment
        let who = (try? ReviewerIdentity.resolve(explicit: reviewer, environment: environment))?.name ?? "reviewer"
        let directory = try root ?? Self.temporaryDirectory()
        var store: BeadsStore?
        try runStoreCommand { () throws(StoreError) in
            if FileManager.default.fileExists(atPath: StoreLayout(workspace: directory).beads) {
                throw StoreError(.alreadyExists, "\(directory) already holds a .beads/ workspace")
            }
            // The runner's own key when they have one; otherwise the demo makes one (no ssh set-up needed).
            let runnerKey = try? SigningKeyLookup.resolve(
                explicit: nil, environment: environment, gitConfig: SystemIdentity.gitConfig, demoKey: nil)
            store = try DemoWorkspace.build(in: directory, reviewer: who, runnerKey: runnerKey?.publicKey, now: Date())
            store?.clock = { Date() }
            store?.trust = TrustStore.locate(environment: environment)
            if let workspace = store?.layout.workspace {
                store?.signatureCache = SignatureCache.locate(environment: environment, workspace: workspace)
            }
        }
        guard let store else { return }
        if buildOnly {
            Output.line(directory)
            return
        }
        let source = StoreSource(store: store, reviewer: who, environment: environment)
        try DashboardSession.show(source, options: display.session, openTerminal: openTerminal)
        Output.line("The demo workspace stays in \(directory) (gastown dash --root \(directory)).")
    }

    static func temporaryDirectory() throws -> String {
        var template = Array(
            (URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("gastown-demo-XXXXXX").path)
                .utf8CString)
        guard let made = mkdtemp(&template) else { throw ValidationError("cannot create a temporary folder") }
        return String(cString: made)
    }
}
