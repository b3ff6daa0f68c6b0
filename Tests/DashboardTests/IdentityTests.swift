import Foundation
import Screen
import Testing

@testable import Dashboard

/// The dashboard says who you are and checks your right to decide before a form opens.
@Suite struct IdentityTests {
    /// The fixture with a viewer and, for convoy soc2, the given right.
    static func state(_ right: DecisionRight) -> DashboardState {
        var snapshot = Fixture.workspace
        snapshot.viewer = Viewer(name: "alice-smith", source: "git user.name \"Alice Smith\"")
        snapshot.convoys[0].right = right
        snapshot.convoys[1].right = .may
        return Fixture.state(snapshot)
    }

    static let refusal =
        "You are alice-smith (from git user.name \"Alice Smith\"): alice-smith is not a reviewer of convoy soc2"

    @Test func theHeaderSaysWhoYouAre() {
        let lines = Fixture.lines(Self.state(.may))
        #expect(
            lines[0] == Fixture.header(" gastown  [Convoys]  Approvals (1)  Board  History", "you: alice-smith  3s ago")
        )
    }

    @Test func convoysWhereYouMayDecideAreMarked() {
        let lines = Fixture.lines(Self.state(.mayNot(Self.refusal)))
        #expect(lines[2].hasPrefix("› SOC2 Audit Trail"))
        #expect(lines[3].hasPrefix(" ✓Docs Refresh"))
        let allowed = Fixture.lines(Self.state(.may))
        #expect(allowed[2].hasPrefix("›✓SOC2 Audit Trail"))
    }

    @Test func approveIsRefusedBeforeTheConfirmationOpens() {
        let (state, effects) = Fixture.press([.tab, .character("a")], Self.state(.mayNot(Self.refusal)))
        #expect(effects.isEmpty)
        #expect(state.modal == nil)
        #expect(state.message == StatusMessage(Self.refusal, isError: true))
        #expect(Fixture.lines(state)[22] == "✗ " + Self.refusal.prefix(77) + "…")
    }

    @Test func rejectIsRefusedBeforeAReasonCanBeTyped() {
        var (state, effects) = Fixture.press([.tab, .character("r")], Self.state(.mayNot(Self.refusal)))
        #expect(state.modal == nil)
        #expect(state.message?.isError == true)
        // What would have been the reason goes nowhere: no form took it, nothing is sent.
        (state, effects) = Fixture.press(Fixture.type("q"), state)
        #expect(effects == [.quit])
    }

    @Test func aRightOrAnUncheckedConvoyOpensTheForms() {
        for right in [DecisionRight.may, .unknown] {
            let (approving, _) = Fixture.press([.tab, .character("a")], Self.state(right))
            #expect(approving.context == .confirm)
            let (rejecting, _) = Fixture.press([.tab, .character("r")], Self.state(right))
            #expect(rejecting.context == .rejectReason)
        }
    }
}
