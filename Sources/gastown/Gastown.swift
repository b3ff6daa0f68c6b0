import ArgumentParser
import GastownCLI
import Terminal

/// The executable: the command tree, and the ncurses terminal wired to the dashboard. Every verb's
/// options and behaviour live in GastownCLI (tested there); see docs/ARCHITECTURE.md.
@main
struct Gastown: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gastown",
        abstract: "Track convoys of molecules through formulas: phases, human checkpoints, quality gates.",
        version: "0.1.0",
        subcommands: [DashCommand.self, DemoCommand.self] + GastownCommands.verbs + [MCPCommand.self],
        defaultSubcommand: DashCommand.self
    )
}

struct DashCommand: ParsableCommand {
    static let configuration = DashArguments.configuration
    @OptionGroup var arguments: DashArguments
    func run() throws { try arguments.run { try Terminal(colors: $0, mouse: arguments.mouse) } }
}

struct DemoCommand: ParsableCommand {
    static let configuration = DemoArguments.configuration
    @OptionGroup var arguments: DemoArguments
    func run() throws { try arguments.run { try Terminal(colors: $0, mouse: arguments.mouse) } }
}
