import ArgumentParser

/// The verbs besides the dashboard's (`dash`, `demo`: DashArguments, DemoArguments), in the order
/// `gastown --help` lists them. A new verb is added here.
public enum GastownCommands {
    public static let verbs: [any ParsableCommand.Type] = [
        InitCommand.self, ConvoyCommand.self, MoleculeCommand.self, CheckpointCommand.self, AuditCommand.self,
        FormulaCommand.self, MailCommand.self, TOMLCommand.self, GateCommand.self, ReportCommand.self,
        FindingCommand.self, TrustCommand.self, WhoamiCommand.self, SyncCommand.self, DoctorCommand.self,
        MergeDriverCommand.self,
    ]
}
