import Foundation
import Screen
import Testing

@testable import Dashboard

/// A molecule at several steps at once (a convoy's legs): the grid shows each, the molecule page lists
/// each current step with its tasks and what "done" means, or the steps ready to start.
@Suite struct ParallelStepsRenderTests {
    static func molecule(_ states: [StepState], current: [String], ready: Bool) -> MoleculeSnapshot {
        var steps = Fixture.steps(states)
        steps[0].tasks = ["List the commands"]
        steps[2].acceptance = "Every finding is filed"
        steps[2].assignee = "sec-bot"
        return MoleculeSnapshot(
            id: "delta", convoyID: "soc2", formula: "f", formulaVersion: "1", team: "Gateway", steps: steps,
            current: current, currentAreReady: ready)
    }

    static func state(_ molecule: MoleculeSnapshot) -> DashboardState {
        Fixture.state(
            WorkspaceSnapshot(
                root: "/w",
                convoys: [ConvoySnapshot(id: "soc2", title: "SOC2", teams: [], molecules: [molecule])]))
    }

    @Test func everyCurrentStepIsListed() {
        let molecule = Self.molecule([.active, .done, .blocked], current: ["a", "c"], ready: false)
        let (state, _) = Fixture.press([.enter, .enter], Self.state(molecule))
        let lines = Fixture.lines(state, 80, 30)
        #expect(lines.firstIndex(of: " CURRENT  1 a — Analysis") == 7)
        #expect(lines[8] == "   • List the commands")
        #expect(lines[10] == " CURRENT  3 c — Check · sec-bot")
        #expect(lines[11] == "   no tasks listed")
        #expect(lines[12] == "   done when: Every finding is filed")
    }

    @Test func readyStepsAreListedWhenNothingIsBeingWorkedOn() {
        let molecule = Self.molecule([.pending, .done, .pending], current: ["a", "c"], ready: true)
        let (state, _) = Fixture.press([.enter, .enter], Self.state(molecule))
        let lines = Fixture.lines(state, 80, 30)
        #expect(lines[7] == " READY  1 a — Analysis")
        #expect(lines[10] == " READY  3 c — Check · sec-bot")
    }

    @Test func theGridShowsEveryStepsState() {
        let molecule = Self.molecule([.active, .awaitingApproval, .active], current: ["a", "b", "c"], ready: false)
        let (state, _) = Fixture.press([.enter], Self.state(molecule))
        let lines = Fixture.lines(state, 80, 24)
        #expect(lines[2].contains("▸ ◆ ▸  awaiting"))
    }
}
