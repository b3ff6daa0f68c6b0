import ArgumentParser
import DashboardRuntime
import Screen

/// The dashboard on a terminal the executable opens (ncurses; a fake one in tests).
enum DashboardSession {
    /// Runs the dashboard until the user quits; a terminal that cannot be taken over is a message and exit status 1.
    static func show(
        _ source: WorkspaceSource, options: DashboardRunner.Options,
        openTerminal: (_ colors: Bool) throws -> any TerminalPort
    ) throws {
        let terminal: any TerminalPort
        do {
            terminal = try openTerminal(options.colors)
        } catch let error as TerminalError {
            Output.error(error.description)
            throw ExitCode.failure
        }
        defer { terminal.restore() }
        DashboardRunner(port: terminal, source: source, options: options).run()
    }
}
