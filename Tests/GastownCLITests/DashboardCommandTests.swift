import ArgumentParser
import Screen
import Store
import TestSupport
import Testing

@testable import GastownCLI

/// `gastown dash` with the terminal handed in: a fake one here, ncurses in the executable.
@Suite struct DashboardCommandTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory(prefix: "gastown-dash-test")
        try StoreInitializer.initialize(workspace: directory.path)
    }

    @Test func theDashboardRunsOnTheTerminalItIsGivenAndGivesItBack() throws {
        defer { directory.remove() }
        let terminal = FakeTerminal(width: 80, height: 24)
        terminal.press(.character("q"))
        terminal.interruptsWhenDry = true
        let arguments = try DashArguments.parse(["--root", directory.path, "--reviewer", "tester", "--no-color"])
        try arguments.run { colors in
            #expect(!colors)
            return terminal
        }
        #expect(!terminal.ranDry, "q did not end the dashboard")
        #expect(terminal.frames.first?.width == 80)
        #expect(terminal.calls == ["restore"])
    }

    @Test func aTerminalThatCannotBeTakenOverIsExitStatusOne() throws {
        defer { directory.remove() }
        let arguments = try DashArguments.parse(["--root", directory.path])
        #expect(throws: ExitCode.failure) {
            try arguments.run { _ in throw TerminalError("the dashboard needs a terminal") }
        }
    }

    @Test func approvalsOpensOnYourQueueAndNoMouseLeavesTheMouse() throws {
        defer { directory.remove() }
        let terminal = FakeTerminal(width: 80, height: 24)
        terminal.press(.character("q"))
        terminal.interruptsWhenDry = true
        let arguments = try DashArguments.parse(
            ["--root", directory.path, "--reviewer", "tester", "--approvals", "--bell", "--no-mouse"])
        #expect(!arguments.mouse)
        #expect(try DashArguments.parse(["--root", directory.path]).mouse)
        try arguments.run { _ in terminal }
        #expect(terminal.frames.last?.lines[0].contains("[Approvals (0 yours)]") == true)
    }

    @Test func aWorkspaceWithoutAStoreIsAStoreError() throws {
        defer { directory.remove() }
        let arguments = try DashArguments.parse(["--root", directory.path + "/missing"])
        #expect(throws: ExitCode(Exit.code(for: .notFound))) {
            try arguments.run { _ in FakeTerminal() }
        }
    }
}

@Suite struct CommandTreeTests {
    @Test func everyVerbHasItsOwnName() {
        let names = GastownCommands.verbs.map { $0.configuration.commandName ?? "" }
        #expect(Set(names).count == names.count)
        #expect(!names.contains("_stress"))
        #expect(names.contains("molecule") && names.contains("checkpoint") && names.contains("gate"))
    }

    @Test func assignNeedsAnAssigneeOrClear() throws {
        let both = try MoleculeAssign.parse(["m1", "polecat-7", "--clear"])
        #expect(throws: ExitCode(Exit.invalidInput)) { try both.run() }
    }
}
