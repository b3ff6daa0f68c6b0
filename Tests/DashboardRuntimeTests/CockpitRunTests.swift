import Dashboard
import Foundation
import Screen
import Store
import TestSupport
import Testing

@testable import DashboardRuntime

/// The cockpit's run-loop side, in-process with a fake terminal: mouse hit-testing, OSC 52 and the window title,
/// the notice for a new checkpoint, `--approvals`, `$EDITOR` and `$PAGER`, Ctrl-Z.
@Suite struct CockpitRunTests {
    let workspace: ReviewWorkspace
    let port = FakeTerminal(width: 100, height: 30)

    init() throws {
        workspace = try ReviewWorkspace()
    }

    func runner(_ options: DashboardRunner.Options = .init(colors: false), environment: [String: String] = [:])
        -> DashboardRunner
    {
        let source = StoreSource(
            store: workspace.store, reviewer: "tester", environment: [:], signer: TestKeys.signer("tester"))
        return DashboardRunner(port: port, source: source, options: options, environment: environment)
    }

    @discardableResult
    func turn(_ runner: DashboardRunner, until condition: ([String]) -> Bool, within seconds: TimeInterval = 10) -> Bool
    {
        let deadline = Date().addingTimeInterval(seconds)
        while !condition(port.screen) && Date() < deadline && !runner.isFinished { runner.turn() }
        return condition(port.screen)
    }

    func shows(_ text: String) -> ([String]) -> Bool { { $0.contains { $0.contains(text) } } }

    func loaded(_ runner: DashboardRunner) -> Bool {
        runner.start()
        return turn(runner) { $0.first.map { !$0.contains("loading") } ?? false }
    }

    @Test func clicksSelectDoubleClicksOpenTheWheelScrollsATabSwitches() {
        defer { workspace.remove() }
        let runner = runner()
        #expect(loaded(runner))
        // " gastown  [Convoys]  Approvals (1)": the Approvals tab is columns 21–33.
        port.mouse(.click, row: 0, column: 25)
        #expect(turn(runner, until: shows("[Approvals (1)]")))
        port.mouse(.click, row: 0, column: 12)
        #expect(turn(runner, until: shows("[Convoys]")))
        // The convoy row is row 2; a double click opens it.
        port.mouse(.doubleClick, row: 2, column: 10)
        #expect(turn(runner, until: { $0[0].contains("Convoys › c1") }))
        #expect(runner.state.route == .convoy("c1"))
        // m1 on row 2, m2 on row 3: a click selects, the wheel moves by three (to the last row).
        port.mouse(.click, row: 3, column: 10)
        #expect(turn(runner, until: { $0[3].hasPrefix("› m2") }))
        port.mouse(.wheelUp, row: 10, column: 10)
        #expect(turn(runner, until: { $0[2].hasPrefix("› m1") }))
        port.mouse(.wheelDown, row: 10, column: 10)
        #expect(turn(runner, until: { $0[3].hasPrefix("› m2") }))
        // A click where nothing is drawn changes nothing.
        port.mouse(.click, row: 20, column: 10)
        runner.turn()
        #expect(runner.state.cursor == 1)
    }

    @Test func yCopiesTheSelectedIDWithOSC52AndTheTitleCountsYourQueue() {
        defer { workspace.remove() }
        let runner = runner()
        #expect(loaded(runner))
        #expect(port.titles == ["gastown (1 awaiting)"])
        port.press(.character("y"))
        #expect(turn(runner, until: shows("Copied c1")))
        port.press(.tab, .character("y"))
        #expect(turn(runner, until: shows("Copied m1 work-review")))
        #expect(port.clipboard == ["c1", "m1 work-review"])
        port.press(.character("a"), .character("y"))
        #expect(turn(runner, until: shows("Approvals (0)")))
        #expect(port.titles == ["gastown (1 awaiting)", "gastown (0 awaiting)"])
    }

    @Test func aNewCheckpointYouMayDecideFlashesTheTabAndRingsWithBell() throws {
        defer { workspace.remove() }
        let runner = runner(.init(colors: false, bell: true))
        #expect(loaded(runner))
        #expect(!port.calls.contains("bell"))
        _ = try workspace.store.apply(.start(step: "work"), molecule: "m2", now: ReviewWorkspace.t0 + 100)
        _ = try workspace.store.apply(.complete(step: "work"), molecule: "m2", now: ReviewWorkspace.t0 + 160)
        #expect(turn(runner, until: shows("Approvals (2) new")))
        #expect(port.calls.filter { $0 == "bell" }.count == 1)
        #expect(port.titles.last == "gastown (2 awaiting)")
    }

    @Test func approvalsOpensOnYourQueue() {
        defer { workspace.remove() }
        let runner = runner(.init(colors: false, approvals: true))
        #expect(loaded(runner))
        #expect(port.screen[0].contains("[Approvals (1 yours)]"))
        #expect(port.screen.contains { $0.contains("m1") && $0.contains("work-review") })
        port.press(.character("m"))
        #expect(turn(runner, until: shows("[Approvals (1)]")))
    }

    @Test func ctrlZSuspendsToTheShellAndFgDrawsEverythingAgain() {
        defer { workspace.remove() }
        let runner = runner()
        #expect(loaded(runner))
        let frames = port.frames.count
        port.send(.suspend)
        runner.turn()
        #expect(port.calls == ["suspendToShell"])
        #expect(port.frames.count == frames + 1)
        port.press(.control("z"))
        runner.turn()
        #expect(port.calls == ["suspendToShell", "suspendToShell"])
    }

    /// A fake `$EDITOR`: runs `body` (shell) on the copy, records its argument.
    func editor(_ body: String) throws -> (command: String, log: String) {
        let script = workspace.directory.path + "/editor.sh"
        let log = workspace.directory.path + "/editor.log"
        try ("#!/bin/sh\necho \"$1\" >> '" + log + "'\n" + body + "\n").write(
            toFile: script, atomically: true, encoding: .utf8)
        chmod(script, 0o755)
        return (script, log)
    }

    var moleculeFile: String { workspace.layout.moleculeFile("c1", "m1") }

    @Test func eWritesTheEditedCopyBackUnderTheLockKeepingWhatWasTyped() throws {
        defer { workspace.remove() }
        let (command, log) = try editor("printf '# reviewed by hand\\n' >> \"$1\"")
        let runner = runner(environment: ["EDITOR": command])
        #expect(loaded(runner))
        let before = try String(contentsOfFile: moleculeFile, encoding: .utf8)
        port.press(.enter, .character("e"))
        #expect(turn(runner, until: shows("m1 written back (revision 4)")))
        #expect(port.calls == ["suspend", "resume"])
        let after = try String(contentsOfFile: moleculeFile, encoding: .utf8)
        #expect(after.contains("# reviewed by hand"))
        #expect(after.contains("revision = 4"))
        #expect(before.contains("revision = 3"))
        let edited = try String(contentsOfFile: log, encoding: .utf8)
        #expect(edited.hasSuffix("/molecule.toml\n"))
        #expect(
            !FileManager.default.fileExists(atPath: edited.trimmingCharacters(in: .newlines)), "the copy is removed")
    }

    @Test func eKeepsTheCopyWhenTheFileChangedMeanwhile() throws {
        defer { workspace.remove() }
        // While the editor is open, someone else writes the molecule (its revision moves on).
        let (command, _) = try editor(
            "printf '# mine\\n' >> \"$1\"\nsed -i 's/^revision = 3/revision = 7/' '" + moleculeFile + "'")
        let runner = runner(environment: ["EDITOR": command])
        #expect(loaded(runner))
        port.press(.enter, .character("e"))
        #expect(turn(runner, until: shows("changed while you edited it (revision 3 → 7)")))
        let message = try #require(runner.state.message?.text)
        #expect(runner.state.message?.isError == true)
        let kept = try #require(message.range(of: "kept in ").map { String(message[$0.upperBound...]) })
        TemporaryDirectory.removeAtExit((kept as NSString).deletingLastPathComponent)
        #expect(try String(contentsOfFile: kept, encoding: .utf8).contains("# mine"))
        #expect(!(try String(contentsOfFile: moleculeFile, encoding: .utf8)).contains("# mine"))
    }

    @Test func eRefusesAnInvalidEditAndKeepsTheCopy() throws {
        defer { workspace.remove() }
        let (command, _) = try editor("printf 'formula = [\\n' >> \"$1\"")
        let runner = runner(environment: ["EDITOR": command])
        #expect(loaded(runner))
        let before = try String(contentsOfFile: moleculeFile, encoding: .utf8)
        port.press(.enter, .character("e"))
        #expect(turn(runner, until: shows("the edited file is not a valid molecule; nothing written")))
        #expect(try String(contentsOfFile: moleculeFile, encoding: .utf8) == before)
        let message = runner.state.message?.text ?? ""
        if let kept = message.range(of: "kept in ").map({ String(message[$0.upperBound...]) }) {
            TemporaryDirectory.removeAtExit((kept as NSString).deletingLastPathComponent)
        }
    }

    @Test func thePagerGetsTheDocumentSanitized() throws {
        defer { workspace.remove() }
        let copy = workspace.directory.path + "/paged.txt"
        let pager = ExternalPrograms(environment: ["PAGER": "sh -c 'cat \"$1\" > " + copy + "' sh"])
        #expect(pager.page(title: "r/1 report.md", lines: ["plain", "red \u{1B}[31mtext", "bell \u{07}"]) == nil)
        #expect(try String(contentsOfFile: copy, encoding: .utf8) == "plain\nred ␛[31mtext\nbell ␇\n")
        let failing = ExternalPrograms(environment: ["PAGER": "false"])
        #expect(failing.page(title: "x", lines: []) == "The pager (false) exited with status 1")
        #expect(ExternalPrograms(environment: [:]).pager == "less -R")
        #expect(ExternalPrograms(environment: ["EDITOR": "nano", "VISUAL": " "]).editor == "nano")
    }
}
