import ArgumentParser
import Foundation
import Store

/// `gastown init`: creates the .beads/ tree.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the .beads/ store (formulas/, templates/, convoys/, mail/) in a workspace.",
        discussion:
            "Idempotent: existing files and directories are kept. The workspace is --root, else GASTOWN_ROOT, else the working directory."
    )

    @Option(name: .long, help: ArgumentHelp("The workspace to create .beads/ in.", valueName: "DIR"))
    var root: String?

    func run() throws {
        try runStoreCommand { () throws(StoreError) in
            let cwd = FileManager.default.currentDirectoryPath
            let given =
                root ?? ProcessInfo.processInfo.environment["GASTOWN_ROOT"].flatMap { $0.isEmpty ? nil : $0 } ?? cwd
            let workspace = StoreDiscovery.workspaceFor(PathResolution.absolute(given, from: cwd))
            let created = try StoreInitializer.initialize(workspace: workspace)
            let layout = StoreLayout(workspace: workspace)
            if created.isEmpty {
                Output.line("\(Output.safe(layout.beads)) already exists; nothing to do")
            } else {
                Output.line("initialized \(Output.safe(layout.beads))")
            }
        }
    }
}
