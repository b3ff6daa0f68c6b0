import ArgumentParser

@main
struct Gastown: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gastown",
        abstract: "Track convoys of molecules through formulas: phases, human checkpoints, quality gates.",
        version: "0.1.0",
        subcommands: [InitCommand.self, FormulaCommand.self, ConvoyCommand.self, MoleculeCommand.self, CheckpointCommand.self, AuditCommand.self, TOMLCommand.self, StressCommand.self,
                      MailCommand.self]
    )
}
