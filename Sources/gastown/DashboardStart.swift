import ArgumentParser
import DashboardRuntime
import Screen
import Terminal

extension DashboardRunner {
    /// Runs the dashboard on the ncurses terminal; one that cannot be taken over is a message and exit status 1.
    static func start(source: WorkspaceSource, colors: Bool) throws {
        let terminal: Terminal
        do {
            terminal = try Terminal(colors: colors)
        } catch let error as TerminalError {
            Output.error(error.description)
            throw ExitCode.failure
        }
        defer { terminal.restore() }
        DashboardRunner(port: terminal, source: source, colors: colors).run()
    }
}
