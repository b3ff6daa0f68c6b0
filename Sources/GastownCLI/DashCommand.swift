import ArgumentParser
import DashboardRuntime
import Foundation
import Screen
import Store

/// `gastown dash`: its options and what it does; the executable supplies the terminal.
public struct DashArguments: ParsableArguments {
    public static let configuration = CommandConfiguration(
        commandName: "dash",
        abstract: "Open the dashboard: browse convoys, review and decide checkpoints, live as agents write.",
        discussion:
            "Keys: j/k move, Enter open, Esc back, Tab views, [ ] back/forward, b board, H history, / filter or search, a/r approve/reject, o pager, e editor, y copy, R reload, ? help, q quit. See docs/dashboard.md."
    )

    @Option(
        name: .long,
        help:
            "The workspace (the directory holding .beads/, or .beads/ itself). Default: GASTOWN_ROOT, then the nearest parent with .beads/."
    )
    var root: String?

    @Option(
        name: .long,
        help: "Who decides checkpoints. Default: GASTOWN_REVIEWER, then git user.name, then the login name.")
    var reviewer: String?

    @OptionGroup var signing: SigningOptions
    @OptionGroup var display: DashboardOptions

    public init() {}

    /// Whether the terminal should report the mouse (`--no-mouse` leaves it to the terminal).
    public var mouse: Bool { !display.noMouse }

    /// Opens the dashboard on the workspace's store, on the terminal `openTerminal` takes over.
    public func run(openTerminal: (_ colors: Bool) throws -> any TerminalPort) throws {
        var source: StoreSource?
        try runStoreCommand { () throws(StoreError) in
            source = try StoreSource.open(root: root, reviewer: reviewer, signingKey: signing.signingKey)
        }
        guard let source else { return }
        try DashboardSession.show(source, options: display.session, openTerminal: openTerminal)
    }
}
