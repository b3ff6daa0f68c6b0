import Dashboard
import Foundation
import Screen
import TestSupport
import Testing

@testable import DashboardRuntime

/// How file changes become reloads: coalesced for 20 ms, everything after lost events, and never
/// while the background load runs. Driven with a clock the test moves.
@Suite struct ReloadSchedulingTests {
    let clock = TestClock()
    let source = RecordingSource()
    let runner: DashboardRunner

    init() {
        runner = DashboardRunner(port: FakeTerminal(), source: source, colors: false, clock: { [clock] in clock.now })
    }

    @Test func aBurstOfChangesIsReloadedOnceWithEveryPath() {
        runner.filesChanged(["/w/.beads/a"])
        clock.advance(0.01)
        runner.filesChanged(["/w/.beads/b"])
        #expect(!runner.reloadIfDue())
        clock.advance(0.011)
        #expect(runner.reloadIfDue())
        #expect(source.reloads == [["/w/.beads/a", "/w/.beads/b"]])
        #expect(!runner.reloadIfDue())
    }

    @Test func lostEventsReloadEverything() {
        runner.filesChanged(["/w/.beads/a"])
        runner.filesChanged(nil)
        runner.filesChanged(["/w/.beads/b"])
        clock.advance(0.02)
        #expect(runner.reloadIfDue())
        #expect(source.reloads == [nil])
    }

    @Test func aWakeUpWithoutChangedPathsReloadsNothing() {
        runner.filesChanged([])
        clock.advance(5)
        #expect(!runner.reloadIfDue())
        #expect(source.reloads.isEmpty)
    }

    @Test func changesWaitForTheBackgroundLoadToEnd() {
        source.isLoading = true
        runner.filesChanged(["/w/.beads/a"])
        clock.advance(1)
        #expect(!runner.reloadIfDue())
        source.isLoading = false
        #expect(runner.reloadIfDue())
        #expect(source.reloads == [["/w/.beads/a"]])
    }
}

final class TestClock: @unchecked Sendable {
    private(set) var now = Date(timeIntervalSince1970: 1_800_000_000)
    func advance(_ seconds: TimeInterval) { now += seconds }
}

/// A source that records the reloads asked of it.
final class RecordingSource: WorkspaceSource {
    private(set) var reloads: [Set<String>?] = []
    var isLoading = false
    let snapshot = WorkspaceSnapshot(root: "/w", convoys: [])

    var watchedDirectory: String? { nil }
    func load(now: Date) -> WorkspaceSnapshot { snapshot }
    func beginLoad(now: Date) -> WorkspaceSnapshot { snapshot }
    func continueLoad(now: Date) -> WorkspaceSnapshot { snapshot }
    var lateWatches: [(convoy: String, directory: String)] { [] }
    func watchStarted(convoy: String?) {}
    var loadDescriptor: Int32? { isLoading ? 0 : nil }
    func takeLoaded() -> WorkspaceSnapshot? { nil }
    func reload(changed: Set<String>?, now: Date) -> WorkspaceSnapshot {
        reloads.append(changed)
        return snapshot
    }
    func markRead(_ id: String) -> String? { nil }
    func decide(_ request: DecisionRequest, approve: Bool, now: Date, terminal: (any TerminalPort)?) -> DecisionOutcome
    {
        .refused("not here")
    }
}
