import ArgumentParser
import DashboardRuntime
import Foundation

/// Options shared by `dash` and `demo`.
struct DashboardOptions: ParsableArguments {
    @Flag(
        name: .customLong("no-color"),
        help: "Draw without colours (also when NO_COLOR is set); glyphs, bold and reverse keep the meaning.")
    var noColor = false

    @Flag(
        name: .customLong("no-mouse"),
        help: "Leave the mouse to the terminal (text selection); keys still do everything.")
    var noMouse = false

    @Flag(name: .long, help: "Ring the terminal bell when a checkpoint you may decide starts awaiting.")
    var bell = false

    @Flag(
        name: .long, help: "Open on your queue: the Approvals view with the checkpoints you may decide (m shows all).")
    var approvals = false

    var session: DashboardRunner.Options { DashboardRunner.Options(colors: colors, bell: bell, approvals: approvals) }

    var colors: Bool {
        !noColor && (ProcessInfo.processInfo.environment["NO_COLOR"].map { $0.isEmpty } ?? true)
    }
}
