import Dashboard
import Foundation
import Screen
import Store
import TestSupport
import Testing

@testable import DashboardRuntime

/// The run loop driven in-process on a real store with a fake terminal: keys in, frames out.
@Suite struct RunLoopTests {
    let workspace: ReviewWorkspace
    let port = FakeTerminal(width: 100, height: 30)
    let runner: DashboardRunner

    init() throws {
        workspace = try ReviewWorkspace()
        let source = StoreSource(
            store: workspace.store, reviewer: "tester", environment: [:], signer: TestKeys.signer("tester"))
        runner = DashboardRunner(port: port, source: source, colors: false)
    }

    /// Turns the loop until `condition` holds about the last frame, for at most `seconds`.
    @discardableResult
    func turn(until condition: ([String]) -> Bool, within seconds: TimeInterval = 10) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while !condition(port.screen) && Date() < deadline && !runner.isFinished { runner.turn() }
        return condition(port.screen)
    }

    func screenShows(_ text: String) -> ([String]) -> Bool { { $0.contains { $0.contains(text) } } }

    /// Started and every molecule loaded (the title bar no longer says "loading").
    func loaded() -> Bool {
        runner.start()
        return turn { $0.first.map { !$0.contains("loading") } ?? false }
    }

    @Test func aFrameAtOnceThenTheConvoysThenEveryMolecule() {
        defer { workspace.remove() }
        runner.start()
        #expect(port.frames.count == 3)
        #expect(port.frames[0].lines[0].contains("loading…"))
        #expect(port.frames[1].lines.contains { $0.contains("Convoy one") })
        #expect(turn(until: screenShows("Approvals (1)")))
        #expect(port.frames.allSatisfy { $0.width == 100 && $0.height == 30 })
    }

    /// In a git clone the header says how far it is ahead of and behind its upstream, from the refs.
    @Test func theHeaderShowsTheCloneAgainstItsUpstream() throws {
        defer { workspace.remove() }
        let root = workspace.layout.workspace
        let git = { (arguments: [String]) in
            GitRepository.run(["-c", "user.name=t", "-c", "user.email=t@example.com"] + arguments, in: root)
        }
        #expect(git(["init", "-q", "-b", "main"]).succeeded)
        #expect(git(["add", "-A"]).succeeded)
        #expect(git(["commit", "-q", "-m", "base"]).succeeded)
        #expect(git(["init", "-q", "--bare", root + "/.origin.git"]).succeeded)
        #expect(git(["remote", "add", "origin", root + "/.origin.git"]).succeeded)
        #expect(git(["push", "-q", "-u", "origin", "main"]).succeeded)
        #expect(git(["commit", "-q", "--allow-empty", "-m", "local"]).succeeded)
        #expect(loaded())
        #expect(turn(until: { $0.first?.contains("git ↑1 ↓0") == true }), "\(port.screen.first ?? "")")
    }

    @Test func eachKeyIsAnsweredWithAFrame() throws {
        defer { workspace.remove() }
        #expect(loaded())
        let before = port.frames.count
        port.press(.tab)
        runner.turn()
        #expect(port.frames.count == before + 1)
        #expect(port.screen.contains { $0.contains("work-review") })
        port.press(.character("?"))
        runner.turn()
        #expect(port.frames.count == before + 2)
        #expect(port.screen.contains { $0.contains("show this help") })
    }

    @Test func approvingWithKeysWritesTheDecisionRecord() throws {
        defer { workspace.remove() }
        #expect(loaded())
        port.press(.tab, .character("a"))
        #expect(turn(until: screenShows("Approve work-review of m1? y/n")))
        port.press(.character("y"))
        #expect(turn(until: screenShows("Approved work-review of m1 (tester)")))
        #expect(turn(until: screenShows("Approvals (0)")))
        let records = workspace.decisions("m1")
        #expect(records.count == 1)
        #expect(records.first?.contains("decision = \"approved\"") == true)
        #expect(records.first?.contains("reviewer = \"tester\"") == true)
        #expect(records.first?.contains("-----BEGIN SSH SIGNATURE-----") == true)
        #expect(try workspace.store.loadMolecule("m1").progress?.steps["work"]?.status == .done)
        // The terminal was lent to the signer (ssh-keygen may ask for a passphrase), and taken back.
        #expect(port.calls == ["suspend", "resume"])
    }

    @Test func aHandWrittenApprovalDoesNotCountAndIsShownAsAProblem() throws {
        defer { workspace.remove() }
        #expect(loaded())
        // An agent writes the approval tester would make, without tester's signature.
        let trail = AuditTrail(layout: workspace.layout, convoy: "c1", molecule: "m1")
        let record = AuditRecord(
            molecule: "m1", convoy: "c1", checkpoint: "work-review", step: "work", attempt: 1, decision: .approved,
            reviewer: "tester", reason: nil, returnedTo: nil, at: ReviewWorkspace.t0 + 120, parents: trail.heads)
        let directory = workspace.layout.checkpointsDirectory("c1", "m1")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try record.tomlText.write(
            toFile: directory + "/" + Timestamp.compact(record.date) + "-tester-00000001.toml", atomically: true,
            encoding: .utf8)
        port.press(.character("R"))
        // An error row names the record (the Convoys view lists every file that does not count).
        #expect(turn(until: screenShows("tester-00000001.toml")))
        #expect(port.screen.first?.contains("Approvals (1)") == true)
        let problems = try workspace.store.loadMolecule("m1").allProblems
        #expect(problems.contains { $0.category == .signature && $0.message.contains("does not count") })
    }

    @Test func aFileWrittenByAnotherProcessIsShownWithoutAKey() throws {
        defer { workspace.remove() }
        #expect(loaded())
        let renamed = ConvoyFile(name: "c1", title: "Renamed by an agent", reviewers: ["tester"])
        try AtomicFile.write(renamed.tomlText, to: workspace.layout.convoyFile("c1"))
        #expect(turn(until: screenShows("Renamed by an agent")))
    }

    @Test func aResizeIsDrawnAtTheNewSize() {
        defer { workspace.remove() }
        #expect(loaded())
        port.resize(width: 60, height: 20)
        runner.turn()
        #expect(port.frames.last?.width == 60)
        #expect(port.frames.last?.height == 20)
        #expect(port.screen[19].hasPrefix("j/k move"))
        port.resize(width: 30, height: 6)
        runner.turn()
        #expect(port.screen.contains { $0.contains("too small") })
    }

    @Test func quittingEndsTheLoopWithoutAnotherFrame() {
        defer { workspace.remove() }
        #expect(loaded())
        let before = port.frames.count
        port.press(.character("q"))
        runner.turn()
        #expect(runner.isFinished)
        #expect(port.frames.count == before)
    }

    @Test func aTerminationSignalEndsTheLoop() {
        defer { workspace.remove() }
        #expect(loaded())
        port.send(.interrupt, .key(.tab))
        runner.turn()
        #expect(runner.isFinished)
        #expect(runner.state.route == .convoys)
    }

    @Test func runShowsTheDashboardUntilTheUserQuits() {
        defer { workspace.remove() }
        port.press(.character("?"), .escape, .tab, .character("q"))
        port.interruptsWhenDry = true
        runner.run()
        #expect(runner.isFinished)
        #expect(!port.ranDry, "the loop ran out of keys before q ended it")
        #expect(port.frames.contains { $0.lines.contains { $0.contains("show this help") } })
        #expect(runner.state.route == .approvals)
    }

    @Test func anotherProgramBorrowsTheTerminalBetweenSuspendAndResume() {
        defer { workspace.remove() }
        let result = port.suspended { port.calls.count }
        #expect(result == 1)
        #expect(port.calls == ["suspend", "resume"])
    }
}
