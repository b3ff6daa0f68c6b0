import Foundation
import Screen
import Testing

@testable import Dashboard

/// A git clone's dashboard says how far it is ahead of and behind its upstream.
@Suite struct RemoteStatusTests {
    @Test func theHeaderShowsAheadAndBehind() {
        var snapshot = Fixture.workspace
        snapshot.remote = WorkspaceSnapshot.RemoteStatus(ahead: 2, behind: 1)
        let lines = Fixture.lines(Fixture.state(snapshot))
        #expect(
            lines[0]
                == Fixture.header(" gastown  [Convoys]  Approvals (1)  Board  History", "git ↑2 ↓1  updated 3s ago"))
    }

    @Test func notAGitCloneShowsNothing() {
        let lines = Fixture.lines(Fixture.state(Fixture.workspace))
        #expect(!lines[0].contains("git ↑"))
    }
}
