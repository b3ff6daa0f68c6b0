import ArgumentParser
import Foundation
import Store

/// `gastown init`: creates the .beads/ tree, with the seed's starter formula and template and a README.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the .beads/ store (formulas/, templates/, convoys/, mail/) in a workspace.",
        discussion: """
            In a git work tree it also writes .beads/.gitattributes and registers the merge driver in the \
            repository's git config (merge.gastown.driver = "gastown merge-driver %O %A %B %P"), so molecule \
            and convoy files merge without conflicts; run it again in every fresh clone. \
            Also writes .beads/README.md and copies the built-in formula integration-test-full-validation \
            into .beads/formulas/ and its report template compliance-triage-report-v2 into .beads/templates/ \
            (--bare skips the copies). Idempotent: existing files and directories are never overwritten. The \
            workspace is --root, else GASTOWN_ROOT, else the working directory.
            """
    )

    @Option(name: .long, help: ArgumentHelp("The workspace to create .beads/ in.", valueName: "DIR"))
    var root: String?

    @Flag(
        help:
            "Solo use: decisions count without SSH signatures (written to .beads/config.toml; every screen shows the workspace as unsigned). Default: signed."
    )
    var unsigned = false

    @Flag(help: "Do not copy the built-in starter formula and template (they stay available as built-ins).")
    var bare = false

    func run() throws {
        try runStoreCommand { () throws(StoreError) in
            let cwd = FileManager.default.currentDirectoryPath
            let given =
                root ?? ProcessInfo.processInfo.environment["GASTOWN_ROOT"].flatMap { $0.isEmpty ? nil : $0 } ?? cwd
            let workspace = StoreDiscovery.workspaceFor(PathResolution.absolute(given, from: cwd))
            let created = try StoreInitializer.initialize(workspace: workspace)
            let layout = StoreLayout(workspace: workspace)
            var files = [try StoreInitializer.writeReadme(layout)]
            if !bare { files += try ShippedInstall.installStarterFiles(layout) }
            if unsigned || !FileManager.default.fileExists(atPath: WorkspaceConfig.path(layout)) {
                var (config, _) = WorkspaceConfig.load(layout)
                config.signing = unsigned ? .unsigned : config.signing
                try config.write(layout)
                // The user who chose the policy accepts it: a later switch is what the pin guards against.
                try TrustStore.locate(environment: ProcessInfo.processInfo.environment)?.update(layout) {
                    $0.signing = config.signing
                }
                if unsigned { Output.line("signing: unsigned (decisions count without signatures; solo use)") }
            }
            let written = files.filter { $0.outcome == .created }
            if created.isEmpty && written.isEmpty {
                Output.line("\(Output.safe(layout.beads)) already exists; nothing to do")
            } else {
                Output.line("initialized \(Output.safe(layout.beads))")
            }
            for file in written { Output.line("  wrote \(Output.safe(file.path))") }
            for file in files where file.outcome == .kept {
                Output.line("  kept \(Output.safe(file.path)) (an existing file is never overwritten)")
            }
            try registerMergeDriver(layout)
        }
    }

    /// In a git work tree (also a fresh clone of one), `.beads/` files merge through `gastown merge-driver`.
    private func registerMergeDriver(_ layout: StoreLayout) throws(StoreError) {
        guard let repository = GitRepository.containing(layout.workspace) else { return }
        let changes = try GitMergeSetup.install(layout, in: repository)
        if changes.isEmpty {
            Output.line("git: the merge driver for .beads/ is registered in this clone")
        } else {
            Output.line("git: .beads/ files now merge through `gastown merge-driver` in this clone")
            for change in changes { Output.line("  \(Output.safe(change.description))") }
        }
    }
}
