import Foundation
import Screen
import Testing

@testable import Dashboard

@Suite struct NavigationTests {
    @Test func movesAndClampsTheCursor() {
        var (state, _) = Fixture.press([.character("j"), .down, .down], Fixture.state())
        #expect(state.cursor == 1)
        (state, _) = Fixture.press([.character("k"), .up, .up], state)
        #expect(state.cursor == 0)
        (state, _) = Fixture.press([.enter, .character("G")], state)
        #expect(state.cursor == 2)
        (state, _) = Fixture.press([.character("g")], state)
        #expect(state.cursor == 0)
    }

    @Test func opensAndGoesBack() {
        var (state, _) = Fixture.press([.enter], Fixture.state())
        #expect(state.route == .convoy("soc2"))
        (state, _) = Fixture.press([.character("j"), .enter], state)
        #expect(state.route == .molecule(convoy: "soc2", molecule: "beta"))
        (state, _) = Fixture.press([.escape], state)
        #expect(state.route == .convoy("soc2"))
        #expect(state.cursor == 1)
        (state, _) = Fixture.press([.escape], state)
        #expect(state.route == .convoys)
    }

    @Test func tabCyclesConvoysApprovalsBoardHistoryMail() {
        var (state, _) = Fixture.press([.tab], Fixture.state())
        #expect(state.route == .approvals)
        (state, _) = Fixture.press([.tab], state)
        #expect(state.route == .board(convoy: nil))
        (state, _) = Fixture.press([.tab], state)
        #expect(state.route == .history(.all))
        (state, _) = Fixture.press([.tab], state)
        #expect(state.route == .mail)
        (state, _) = Fixture.press([.tab], state)
        #expect(state.route == .convoys)
        (state, _) = Fixture.press([.enter, .tab], state)
        #expect(state.route == .approvals)
        #expect(state.backStack.isEmpty)
    }

    @Test func aTabComesBackToTheMoleculeItWasLeftOn() {
        // Convoys → soc2 → its second molecule (beta), scrolled; Tab away and back again.
        var (state, _) = Fixture.press([.enter, .character("j"), .enter, .character("j")], Fixture.state())
        #expect(state.route == .molecule(convoy: "soc2", molecule: "beta"))
        (state, _) = Fixture.press([.tab, .tab, .backTab, .backTab], state)
        #expect(state.route == .molecule(convoy: "soc2", molecule: "beta"))
        #expect(state.cursor == 1)
        (state, _) = Fixture.press([.escape], state)
        #expect(state.route == .convoy("soc2"))
        #expect(state.cursor == 1, "the convoy keeps beta selected")
    }

    @Test func helpOpensAndEscReturns() {
        var (state, _) = Fixture.press([.enter, .character("?")], Fixture.state())
        #expect(state.route == .help)
        (state, _) = Fixture.press([.escape], state)
        #expect(state.route == .convoy("soc2"))
    }

    @Test func pageDownMovesByThePageSize() {
        var state = Dashboard.update(Fixture.state(), .resized(width: 80, height: 6)).0
        #expect(state.pageRows == 2)
        (state, _) = Fixture.press([.enter, .pageDown], state)
        #expect(state.cursor == 2)
        (state, _) = Fixture.press([.pageUp], state)
        #expect(state.cursor == 0)
    }

    @Test func quitAsksTheExecutableToStop() {
        let (state, effects) = Fixture.press([.character("q")], Fixture.state())
        #expect(effects == [.quit])
        #expect(state.hasQuit)
    }

    @Test func reloadIsAnEffect() {
        let (_, effects) = Fixture.press([.character("R")], Fixture.state())
        #expect(effects == [.reload])
    }

    @Test func aViewWhoseMoleculeVanishedFallsBackToConvoys() {
        var (state, _) = Fixture.press([.enter, .character("j"), .enter], Fixture.state())
        let smaller = WorkspaceSnapshot(
            root: "/w",
            convoys: [
                ConvoySnapshot(id: "soc2", title: "SOC2", teams: [], molecules: [Fixture.alpha])
            ])
        state = Dashboard.update(state, .loaded(smaller, at: Fixture.now)).0
        #expect(state.route == .convoys)
        #expect(state.message?.isError == true)
    }
}

@Suite struct FilterTests {
    @Test func typingNarrowsTheListAndEnterKeepsIt() {
        var (state, _) = Fixture.press([.enter, .character("/")] + Fixture.type("gam"), Fixture.state())
        #expect(state.context == .filter)
        let convoy = state.convoy("soc2")!
        #expect(state.visibleMolecules(in: convoy).map(\.id) == ["gamma"])
        (state, _) = Fixture.press([.enter], state)
        #expect(state.modal == nil)
        #expect(state.filter == "gam")
    }

    @Test func escClearsTheFilter() {
        var (state, _) = Fixture.press([.character("/")] + Fixture.type("docs"), Fixture.state())
        #expect(state.visibleConvoys.map(\.id) == ["docs"])
        (state, _) = Fixture.press([.escape], state)
        #expect(state.visibleConvoys.count == 2)
    }

    @Test func filterMatchesTeamsCaseInsensitively() {
        let (state, _) = Fixture.press([.character("/")] + Fixture.type("holmes"), Fixture.state())
        #expect(state.visibleConvoys.map(\.id) == ["docs"])
    }

    @Test func sortCyclesThroughOrders() {
        var (state, _) = Fixture.press([.enter, .character("s"), .character("s")], Fixture.state())
        #expect(state.sort == .state)
        #expect(state.visibleMolecules(in: state.convoy("soc2")!).map(\.id) == ["beta", "gamma", "alpha"])
        (state, _) = Fixture.press([.character("s")], state)
        #expect(state.visibleMolecules(in: state.convoy("soc2")!).map(\.id) == ["gamma", "alpha", "beta"])
    }
}

@Suite struct DecisionTests {
    static let request = DecisionRequest(convoyID: "soc2", moleculeID: "beta", stepID: "b", checkpointID: "b-check")

    @Test func approveAsksForConfirmation() {
        var (state, effects) = Fixture.press([.tab, .character("a")], Fixture.state())
        #expect(effects.isEmpty)
        #expect(state.context == .confirm)
        (state, effects) = Fixture.press([.character("y")], state)
        #expect(effects == [.approve(Self.request)])
        #expect(state.modal == nil)
    }

    @Test func approvalCanBeCancelled() {
        let (state, effects) = Fixture.press([.tab, .character("a"), .character("n")], Fixture.state())
        #expect(effects.isEmpty)
        #expect(state.message?.text == "Approval cancelled")
    }

    @Test func approveFromTheConvoyGridUsesTheSelectedMolecule() {
        let (_, effects) = Fixture.press([.enter, .character("j"), .character("a"), .enter], Fixture.state())
        #expect(effects == [.approve(Self.request)])
    }

    @Test func nothingToDecideIsAMessage() {
        let (state, effects) = Fixture.press([.enter, .character("G"), .character("a")], Fixture.state())
        #expect(effects.isEmpty)
        #expect(state.message == StatusMessage("Nothing here awaits a decision", isError: true))
    }

    @Test func rejectNeedsAReason() {
        var (state, effects) = Fixture.press([.tab, .character("r"), .enter], Fixture.state())
        #expect(effects.isEmpty)
        #expect(state.message?.text == "A reason is required to reject")
        (state, effects) = Fixture.press(Fixture.type("   ") + [.enter], state)
        #expect(effects.isEmpty)
        #expect(state.context == .rejectReason)
    }

    @Test func rejectDefaultsToTheFormulasOnRejectStep() {
        let (state, _) = Fixture.press([.tab, .character("r")], Fixture.state())
        guard case .reject(let form)? = state.modal else {
            Issue.record("no reject form")
            return
        }
        #expect(form.returnStep == "a")
        #expect(form.item.returnCandidates == ["a", "b"])
    }

    @Test func rejectSendsReasonAndPickedStep() {
        let keys: [Key] =
            [.tab, .character("r")] + Fixture.type("3 tests failing, see line 145")
            + [.tab, .down, .enter]
        let (state, effects) = Fixture.press(keys, Fixture.state())
        var expected = Self.request
        expected.reason = "3 tests failing, see line 145"
        expected.returnTo = "b"
        #expect(effects == [.reject(expected)])
        #expect(state.modal == nil)
    }

    @Test func escCancelsAnEmptyRejectForm() {
        let (state, effects) = Fixture.press([.tab, .character("r"), .escape], Fixture.state())
        #expect(effects.isEmpty)
        #expect(state.modal == nil)
    }

    @Test func escWithATypedReasonAsksBeforeDiscardingIt() {
        var (state, effects) = Fixture.press(
            [.tab, .character("r")] + Fixture.type("flaky") + [.escape], Fixture.state())
        #expect(effects.isEmpty)
        guard case .reject(let form)? = state.modal else {
            Issue.record("the form closed")
            return
        }
        #expect(form.confirmingDiscard)
        #expect(Fixture.lines(state)[22] == "Discard the reason? y/n")
        // n keeps the form and the reason; typing goes on where it was.
        (state, _) = Fixture.press([.character("n")] + Fixture.type(" test"), state)
        guard case .reject(let kept)? = state.modal else {
            Issue.record("n closed the form")
            return
        }
        #expect(!kept.confirmingDiscard)
        #expect(kept.reason.text == "flaky test")
        // Esc again, then y discards.
        (state, effects) = Fixture.press([.escape, .character("y")], state)
        #expect(state.modal == nil)
        #expect(effects.isEmpty)
        #expect(state.message?.text == "Rejection cancelled; the reason was discarded")
    }

    @Test func aRefusedRejectionKeepsTheFormOpenWithTheText() {
        var (state, effects) = Fixture.press(
            [.tab, .character("r")] + Fixture.type("flaky") + [.tab, .character("j"), .enter], Fixture.state())
        #expect(state.modal == nil)
        #expect(effects.count == 1)
        (state, _) = Dashboard.update(state, .decided(.refused("refused: bob is not a reviewer")))
        guard case .reject(let form)? = state.modal else {
            Issue.record("the form did not come back")
            return
        }
        #expect(form.reason.text == "flaky")
        #expect(form.returnStep == "b")
        #expect(state.message == StatusMessage("refused: bob is not a reviewer", isError: true))
        // An accepted one does not reopen it.
        (state, effects) = Fixture.press([.enter], state)
        (state, _) = Dashboard.update(state, .decided(.accepted("Rejected b-check of beta → b (tester)")))
        #expect(state.modal == nil)
    }

    @Test func aRefusalIsShownAndTheWorkspaceReloaded() {
        let (state, effects) = Dashboard.update(Fixture.state(), .decided(.refused("refused: bob is not a reviewer")))
        #expect(effects == [.reload])
        #expect(state.message == StatusMessage("refused: bob is not a reviewer", isError: true))
    }
}

@Suite struct TextFieldTests {
    @Test func editsWithTheUsualKeys() {
        var field = TextField("abc")
        field.apply(.cursorLeft)
        field.apply(.deleteBackward)
        #expect(field.text == "ac")
        #expect(field.cursor == 1)
        field.apply(.cursorHome)
        field.apply(.deleteForward)
        #expect(field.text == "c")
        field.apply(.cursorEnd)
        field.insert("d")
        #expect(field.text == "cd")
        field.apply(.cursorRight)
        #expect(field.cursor == 2)
    }

    @Test func controlWDeletesAWordAndControlUTheLine() {
        var field = TextField("one two three")
        field.apply(.deleteWord)
        #expect(field.text == "one two ")
        field.apply(.deleteWord)
        #expect(field.text == "one ")
        field.insert("x")
        field.apply(.cursorLeft)
        field.apply(.deleteLine)
        #expect(field.text == "x")
        #expect(field.cursor == 0)
    }

    @Test func rejectReasonIsEditedThroughKeys() {
        let keys: [Key] =
            [.tab, .character("r")] + Fixture.type("too slow") + [.control("w")] + Fixture.type("fast")
            + [.home, .delete, .end, .backspace, .control("a"), .character("T")]
        let (state, _) = Fixture.press(keys, Fixture.state())
        guard case .reject(let form)? = state.modal else {
            Issue.record("no reject form")
            return
        }
        #expect(form.reason.text == "Too fas")
    }
}

@Suite struct KeyTableTests {
    @Test func everyBindingIsReachable() {
        for binding in KeyTable.bindings {
            for context in binding.contexts {
                let reachable = binding.keys.contains { KeyTable.action(for: $0, in: context) == binding.action }
                #expect(reachable, "\(binding.keyLabel) in \(context)")
            }
        }
    }

    @Test func issueKeysDoWhatTheySay() {
        #expect(KeyTable.action(for: .character("j"), in: .convoys) == .moveDown)
        #expect(KeyTable.action(for: .up, in: .convoy) == .moveUp)
        #expect(KeyTable.action(for: .pageDown, in: .approvals) == .pageDown)
        #expect(KeyTable.action(for: .character("G"), in: .molecule) == .bottom)
        #expect(KeyTable.action(for: .enter, in: .convoys) == .open)
        #expect(KeyTable.action(for: .escape, in: .molecule) == .back)
        #expect(KeyTable.action(for: .tab, in: .convoys) == .nextView)
        #expect(KeyTable.action(for: .character("/"), in: .approvals) == .startFilter)
        #expect(KeyTable.action(for: .character("a"), in: .approvals) == .approve)
        #expect(KeyTable.action(for: .character("r"), in: .molecule) == .reject)
        #expect(KeyTable.action(for: .character("R"), in: .convoys) == .reload)
        #expect(KeyTable.action(for: .character("?"), in: .convoys) == .help)
        #expect(KeyTable.action(for: .character("q"), in: .help) == .quit)
        #expect(KeyTable.action(for: .character("q"), in: .rejectReason) == nil)
    }

    @Test func helpListsEveryBinding() {
        let help = HelpView.lines.map(\.text)
        for binding in KeyTable.bindings {
            #expect(help.contains { $0.hasPrefix(binding.keyLabel) && $0.contains(binding.help) }, "\(binding.help)")
        }
    }

    @Test func footerOnlyShowsKeysThatWorkHere() {
        let approvals = KeyTable.hints(in: .approvals).map(\.keys)
        #expect(approvals.contains("a"))
        #expect(!approvals.contains("Esc"))
        let convoys = KeyTable.hints(in: .convoys).map(\.keys)
        #expect(!convoys.contains("a"))
        #expect(!convoys.contains("s"))
    }
}
