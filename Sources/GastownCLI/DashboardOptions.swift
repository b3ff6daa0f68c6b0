import ArgumentParser
import Foundation

/// Options shared by `dash` and `demo`.
struct DashboardOptions: ParsableArguments {
    @Flag(
        name: .customLong("no-color"),
        help: "Draw without colours (also when NO_COLOR is set); glyphs, bold and reverse keep the meaning.")
    var noColor = false

    var colors: Bool {
        !noColor && (ProcessInfo.processInfo.environment["NO_COLOR"].map { $0.isEmpty } ?? true)
    }
}
