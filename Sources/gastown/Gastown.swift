import ArgumentParser

@main
struct Gastown: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gastown",
        abstract: "Track convoys of molecules through formulas: phases, human checkpoints, quality gates.",
        version: "0.1.0",
        subcommands: [
            DashCommand.self, DemoCommand.self, InitCommand.self,
            ConvoyCommand.self, MoleculeCommand.self, CheckpointCommand.self, AuditCommand.self,
            FormulaCommand.self, MailCommand.self, TOMLCommand.self,
            GateCommand.self,
            ReportCommand.self, FindingCommand.self,
        ],
        defaultSubcommand: DashCommand.self
    )
}
