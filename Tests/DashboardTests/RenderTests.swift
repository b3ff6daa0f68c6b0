import Foundation
import Screen
import Testing

@testable import Dashboard

private func sp(_ count: Int) -> String { String(repeating: " ", count: count) }

/// Screen lines written out by hand from the layout rules in docs/dashboard.md.
@Suite struct ConvoysViewRenderTests {
    @Test func at80x24() {
        let lines = Fixture.lines(Fixture.state())
        #expect(lines[0] == Fixture.header(" gastown  [Convoys]  Approvals (1)  Board  History"))
        // Title 16 columns, teams 12; ETA is the longest molecule's planned time left (beta and gamma: 30m each).
        #expect(lines[1] == "  CONVOY" + sp(11) + "TEAMS" + sp(11) + "DONE PROGRESS   WAIT BLK INV    ETA     LAST")
        #expect(lines[2] == "› SOC2 Audit Trail AI Analysis…     1/3 ███░░░░░░░    1   1   0    30m   5m ago")
        #expect(
            lines[3] == "  Docs Refresh" + sp(5) + "HolmesAPI" + sp(8) + "0/0 ░░░░░░░░░░    0   0   0      —        —")
        #expect(lines[4...22].allSatisfy { $0.isEmpty })
        #expect(lines[23] == "j/k move  Enter open  ? help  q quit  Tab views  / filter  R reload")
        #expect(lines.count == 24)
    }

    @Test func at120x40() {
        let lines = Fixture.lines(Fixture.state(), 120, 40)
        #expect(lines[0] == Fixture.header(" gastown  [Convoys]  Approvals (1)  Board  History", width: 120))
        #expect(lines[1] == "  CONVOY" + sp(35) + "TEAMS" + sp(27) + "DONE PROGRESS   WAIT BLK INV    ETA     LAST")
        #expect(
            lines[2] == "› SOC2 Audit Trail" + sp(25) + "AI Analysis, Gateway" + sp(13)
                + "1/3 ███░░░░░░░    1   1   0    30m   5m ago")
        #expect(
            lines[3] == "  Docs Refresh" + sp(29) + "HolmesAPI" + sp(24)
                + "0/0 ░░░░░░░░░░    0   0   0      —        —")
        #expect(lines[4...38].allSatisfy { $0.isEmpty })
        #expect(lines[39] == "j/k move  Enter open  ? help  q quit  Tab views  / filter  R reload")
    }

    @Test func selectedRowIsReversed() {
        let screen = Dashboard.render(Fixture.state(), width: 80, height: 24, now: Fixture.now)
        #expect(screen[2, 10].style.reverse)
        #expect(!screen[3, 10].style.reverse)
    }

    @Test func emptyWorkspace() {
        let lines = Fixture.lines(Fixture.state(.empty))
        #expect(lines[0] == Fixture.header(" gastown  [Convoys]  Approvals (0)  Board  History"))
        #expect(lines[2] == "")
        #expect(lines[3] == "  No convoys in this workspace yet.")
        #expect(lines[4] == "  `gastown demo` opens a sample workspace.")
    }

    @Test func beforeTheFirstLoad() {
        let lines = Fixture.lines(DashboardState())
        #expect(
            lines[0] == " gastown  [Convoys]  Approvals (0)  Board  History" + String(repeating: " ", count: 21)
                + "loading…")
        #expect(lines[3] == "  Loading the workspace…")
    }

    @Test func emptyApprovals() {
        let (state, _) = Fixture.press([.tab], Fixture.state(.empty))
        let lines = Fixture.lines(state, 120, 40)
        #expect(lines[3] == "  No checkpoint awaits a decision.")
    }

    @Test func filesThatDoNotLoadAreErrorRows() {
        var snapshot = Fixture.workspace
        snapshot.errors = [
            LoadProblem(
                file: ".beads/convoys/x/convoy.toml",
                message: ".beads/convoys/x/convoy.toml:3:7: error: expected a string for title")
        ]
        let lines = Fixture.lines(Fixture.state(snapshot))
        #expect(lines[2].hasPrefix("› SOC2 Audit Trail"))
        #expect(lines[20] == "1 file did not load:")
        #expect(lines[21] == "  ✗ .beads/convoys/x/convoy.toml:3:7: error: expected a string for title")
    }

    @Test func filterShowsInTheStatusLine() {
        let (state, _) = Fixture.press([.character("/")] + Fixture.type("soc") + [.enter], Fixture.state())
        let lines = Fixture.lines(state)
        #expect(lines[2].hasPrefix("› SOC2 Audit Trail"))
        #expect(lines[3] == "")
        #expect(lines[22] == "filter: soc · 1 shown")
    }

    @Test func whileTypingAFilterTheStatusLineIsTheField() {
        let (state, _) = Fixture.press([.character("/")] + Fixture.type("do"), Fixture.state())
        let screen = Dashboard.render(state, width: 80, height: 24, now: Fixture.now)
        #expect(screen.lines[22] == "/do")
        #expect(screen[22, 3].style.reverse)
        #expect(screen.lines[23] == "Enter apply  Esc cancel")
    }
}

@Suite struct ConvoyViewRenderTests {
    @Test func at80x24() {
        let (state, _) = Fixture.press([.enter], Fixture.state())
        let lines = Fixture.lines(state)
        #expect(lines[0] == Fixture.header(" gastown  Convoys › soc2"))
        #expect(lines[1] == "  MOLECULE" + sp(33) + "TEAM" + sp(9) + "1 2 3  STATE        LAST")
        #expect(lines[2] == "› alpha" + sp(36) + "AI Analysis" + sp(2) + "✓ ✓ ✓  done" + sp(7) + "1h ago")
        #expect(lines[3] == "  beta" + sp(37) + "Gateway" + sp(6) + "✓ ◆ ·  awaiting" + sp(3) + "2h ago")
        #expect(lines[4] == "  gamma" + sp(36) + "Gateway" + sp(6) + "✓ ✗ ·  blocked" + sp(4) + "5m ago")
        #expect(lines[5...19].allSatisfy { $0.isEmpty })
        #expect(lines[20] == "  steps: 1 a · 2 b · 3 c")
        #expect(lines[21] == "  ✓ done  ▸ active  ↺ sent back  ◆ awaiting  ✗ blocked  · pending")
        #expect(lines[22] == "sorted by name")
        // Not every key fits: the first ones stay, `? more` ends the line.
        #expect(lines[23] == "j/k move  Enter open  Esc back  q quit  Tab views  / filter  s sort  ? more")
    }

    @Test func at120x40() {
        let (state, _) = Fixture.press([.enter, .character("j")], Fixture.state())
        let lines = Fixture.lines(state, 120, 40)
        #expect(lines[1] == "  MOLECULE" + sp(73) + "TEAM" + sp(9) + "1 2 3  STATE        LAST")
        #expect(lines[2] == "  alpha" + sp(76) + "AI Analysis" + sp(2) + "✓ ✓ ✓  done" + sp(7) + "1h ago")
        #expect(lines[3] == "› beta" + sp(77) + "Gateway" + sp(6) + "✓ ◆ ·  awaiting" + sp(3) + "2h ago")
        #expect(lines[36] == "  steps: 1 a · 2 b · 3 c")
        #expect(lines[38] == "sorted by name")
        #expect(
            lines[39]
                == "j/k move  Enter open  Esc back  ? help  q quit  Tab views  / filter  s sort  a approve  r reject"
                + "  R reload")
    }
}

@Suite struct MoleculeViewRenderTests {
    @Test func at80x24() {
        let (state, _) = Fixture.press([.enter, .character("j"), .enter], Fixture.state())
        let lines = Fixture.lines(state)
        #expect(
            lines == [
                Fixture.header(" gastown  Convoys › soc2 › beta"),
                " beta · f v1 · team Gateway  awaiting",
                " STEPS",
                "   ✓  1 a" + sp(16) + "Analysis" + sp(20) + "plan 15m" + sp(10) + "done",
                "   ◆  2 b" + sp(16) + "Build" + sp(23) + "plan 20m" + sp(10) + "awaiting",
                "   ·  3 c" + sp(16) + "Check" + sp(23) + "plan 10m" + sp(10) + "pending",
                "",
                " CURRENT  2 b — Build",
                "   no tasks listed",
                "",
                " CHECKPOINTS (UTC)",
                "   ◆ awaiting  b-check  since 2026-01-05 10:00",
                "       Approve b?",
                "",
                " GATES",
                "   no gate results yet",
                "",
                " FINDINGS (0, 0 open)",
                "   none recorded (gastown finding add)",
                "",
                " INPUTS",
                "   none" + sp(72) + "↓",
                "",
                "j/k move  Enter open  Esc back  q quit  Tab views  / search  a approve  ? more",
            ])
    }

    @Test func at120x40WithHistoryGatesAndTimes() {
        var molecule = Fixture.gamma
        molecule.steps[0].startedAt = Fixture.now - 3600
        molecule.steps[0].completedAt = Fixture.now - 3600 + 1080
        molecule.steps[1].startedAt = Fixture.now - 1500
        molecule.steps[1].attempt = 2
        molecule.history = [
            DecisionSnapshot(
                checkpointID: "b-check", stepID: "b", approved: false, reviewer: "mchen",
                reason: "3 tests failing", returnedTo: "a", at: Fixture.now - 1800)
        ]
        molecule.gates = [GateSnapshot(stepID: "b", gateID: "tests", passed: false, summary: "40/41 passed, 1 skipped")]
        molecule.inputs = ["docs/DAY2.md"]
        let snapshot = WorkspaceSnapshot(
            root: "/w",
            convoys: [
                ConvoySnapshot(id: "soc2", title: "SOC2", teams: [], molecules: [molecule])
            ])
        let (state, _) = Fixture.press([.enter, .enter], Fixture.state(snapshot))
        let lines = Fixture.lines(state, 120, 40)
        #expect(lines[3] == "   ✓  1 a" + sp(24) + "Analysis" + sp(52) + "plan 15m" + sp(5) + "18m! done")
        #expect(lines[4] == "   ✗  2 b" + sp(24) + "Build" + sp(55) + "plan 20m" + sp(4) + "25m…! blocked")
        #expect(lines[7] == " CURRENT  2 b — Build · attempt 2")
        #expect(lines[10] == " CHECKPOINTS (UTC)")
        #expect(lines[11] == "   2026-01-05 11:30  ✗ rejected  b-check  by mchen → a")
        #expect(lines[12] == "       reason: 3 tests failing")
        #expect(lines[15] == "   ✗ tests (b)  40/41 passed, 1 skipped")
        #expect(lines[17] == " FINDINGS (0, 0 open)")
        #expect(lines[21] == "   docs/DAY2.md")
    }

    @Test func scrollsWithJ() {
        let tall = Dashboard.update(Fixture.state(), .resized(width: 120, height: 40)).0
        #expect(Fixture.press([.enter, .character("j"), .enter, .character("j")], tall).0.cursor == 0)
        let small = Dashboard.update(Fixture.state(), .resized(width: 80, height: 12)).0
        let (state, _) = Fixture.press([.enter, .character("j"), .enter, .character("j"), .character("j")], small)
        let lines = Fixture.lines(state, 80, 12)
        #expect(lines[9].hasSuffix("↓"))
        #expect(lines[2] == "   ◆  2 b" + sp(16) + "Build" + sp(23) + "plan 20m" + sp(10) + "awaiting↑")
    }
}

@Suite struct ApprovalsViewRenderTests {
    @Test func at80x24() {
        let (state, _) = Fixture.press([.tab], Fixture.state())
        let lines = Fixture.lines(state)
        #expect(lines[0] == Fixture.header(" gastown  Convoys  [Approvals (1)]  Board  History"))
        #expect(lines[1] == "  WAITING CONVOY" + sp(8) + "MOLECULE" + sp(15) + "CHECKPOINT" + sp(11) + "TEAM")
        #expect(lines[2] == "›      2h soc2" + sp(10) + "beta" + sp(19) + "b-check" + sp(14) + "Gateway")
        #expect(lines[3...16].allSatisfy { $0.isEmpty })
        #expect(lines[17] == "── context " + String(repeating: "─", count: 68))
        #expect(lines[18] == "  step b — Build · on reject → a")
        #expect(lines[19] == "  “Approve b?”")
        #expect(lines[20] == "  gates: none recorded for this step")
        #expect(lines[21] == "  convoy SOC2 Audit Trail · since 2026-01-05 10:00 UTC")
        #expect(lines[22] == "")
        #expect(lines[23] == "j/k move  Enter open  q quit  Tab views  / filter  a approve  r reject  ? more")
    }

    @Test func at120x40() {
        let (state, _) = Fixture.press([.tab], Fixture.state())
        let lines = Fixture.lines(state, 120, 40)
        #expect(lines[2] == "›      2h soc2" + sp(20) + "beta" + sp(35) + "b-check" + sp(28) + "Gateway")
        #expect(lines[33] == "── context " + String(repeating: "─", count: 108))
        #expect(lines[37] == "  convoy SOC2 Audit Trail · since 2026-01-05 10:00 UTC")
    }

    @Test func approveConfirmationLine() {
        let (state, _) = Fixture.press([.tab, .character("a")], Fixture.state())
        let lines = Fixture.lines(state)
        #expect(lines[22] == "Approve b-check of beta? y/n")
        #expect(lines[23] == "y yes  n no")
    }

    @Test func rejectForm() {
        let (state, _) = Fixture.press([.tab, .character("r")] + Fixture.type("flaky"), Fixture.state())
        let lines = Fixture.lines(state)
        #expect(lines[8] == "    ┌─ Reject b-check " + String(repeating: "─", count: 53) + "┐")
        #expect(lines[9] == "    │ beta · step b" + sp(56) + "│")
        #expect(lines[10] == "    │ Reason:    flaky" + sp(53) + "│")
        // Every step a rejection may return to, as a list: the formula's on_reject chosen and marked.
        #expect(lines[11] == "    │ Return to: (Tab to pick)" + sp(45) + "│")
        #expect(lines[12] == "    │   › a  (on_reject: the formula's default)" + sp(28) + "│")
        #expect(lines[13] == "    │     b  (this checkpoint's step)" + sp(38) + "│")
        #expect(lines[14] == "    └" + String(repeating: "─", count: 70) + "┘")
        #expect(lines[23] == "Enter send  Esc cancel  Tab next field")
    }

    @Test func refusalIsShownAsAnErrorMessage() {
        let state = Dashboard.update(
            Fixture.state(), .decided(.refused("refused: bob is not a reviewer of convoy soc2"))
        ).0
        let screen = Dashboard.render(state, width: 80, height: 24, now: Fixture.now)
        #expect(screen.lines[22] == "✗ refused: bob is not a reviewer of convoy soc2")
        #expect(screen[22, 0].style.role == .danger)
    }
}

@Suite struct HelpAndSizeRenderTests {
    @Test func helpAt80x24() {
        let (state, _) = Fixture.press([.character("?")], Fixture.state())
        let lines = Fixture.lines(state)
        #expect(lines[0] == Fixture.header(" gastown  Help"))
        #expect(lines[1] == " Browsing")
        #expect(lines[2] == "   j/↓" + sp(13) + "move down")
        #expect(
            HelpView.lines.map(\.text).contains(
                "/" + sp(15) + "filter the rows by text (History: reviewer, checkpoint or any text) (lists)"))
        #expect(HelpView.lines.map(\.text).contains("/" + sp(15) + "search the text (Molecule, Reader, Help)"))
        #expect(
            HelpView.lines.map(\.text).contains(
                "a" + sp(15) + "approve the awaiting checkpoint (Convoy, Molecule, Approvals)"))
        #expect(lines[23] == "j/k move  Esc back  q quit  / search  R reload")
    }

    @Test func helpAt120x40ShowsTheFormKeys() {
        let tall = Dashboard.update(Fixture.state(), .resized(width: 120, height: 40)).0
        let (state, _) = Fixture.press([.character("?"), .character("G")], tall)
        let lines = Fixture.lines(state, 120, 40)
        #expect(lines.contains(" Reject form (after r)"))
        #expect(lines.contains("   ^W" + sp(14) + "delete the word before the cursor"))
    }

    @Test func tooSmallTerminalSaysSo() {
        let lines = Fixture.lines(Fixture.state(), 40, 8)
        #expect(
            lines == [
                "", "", "", sp(11) + "Terminal too small", sp(11) + "40×8, needs 50×10", sp(16) + "q quits", "", "",
            ])
    }

    @Test func tinyAndZeroSizesDoNotCrash() {
        #expect(Fixture.lines(Fixture.state(), 1, 1) == ["…"])
        #expect(Fixture.lines(Fixture.state(), 0, 0) == [])
    }
}

@Suite struct UntrustedTextRenderTests {
    static let hostile = WorkspaceSnapshot(
        root: "/w",
        convoys: [
            ConvoySnapshot(
                id: "x", title: "監査ログ 🎉 Ã¢Å“â€¦ \u{1B}[31mred", teams: ["e\u{301}quipe"],
                molecules: [
                    MoleculeSnapshot(
                        id: "漢字-mol\u{1B}]0;pwned\u{7}", convoyID: "x", formula: "f", team: "🎉team",
                        steps: Fixture.steps([.done, .active, .pending]))
                ])
        ])

    @Test func wideAndCombiningCharactersLineUp() {
        let lines = Fixture.lines(Fixture.state(Self.hostile))
        #expect(lines[2] == "› 監査ログ 🎉 Ã¢Å… e\u{301}quipe" + sp(11) + "0/1 ░░░░░░░░░░    0   0   0    30m        —")
    }

    @Test func escapeSequencesAreShownNotSent() {
        let (state, _) = Fixture.press([.enter], Fixture.state(Self.hostile))
        let screen = Dashboard.render(state, width: 120, height: 40, now: Fixture.now)
        #expect(screen.lines[2] == "› 漢字-mol␛]0;pwned␇" + sp(63) + "🎉team" + sp(7) + "✓ ▸ ·  active" + sp(10) + "—")
        for cell in screen.cells {
            #expect(cell.text.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F })
        }
    }

    @Test func titleIsFullyVisibleWhenWide() {
        let lines = Fixture.lines(Fixture.state(Self.hostile), 120, 40)
        #expect(lines[2].hasPrefix("› 監査ログ 🎉 Ã¢Å“â€¦ ␛[31mred" + sp(13) + "e\u{301}quipe"))
    }

    @Test func noColorKeepsGlyphsBoldAndReverse() {
        let (state, _) = Fixture.press([.enter], Fixture.state(colors: false))
        let screen = Dashboard.render(state, width: 80, height: 24, now: Fixture.now)
        #expect(screen.cells.allSatisfy { $0.style.role == .normal })
        #expect(screen[2, 5].style.reverse)
        #expect(screen[3, 58].text == "◆")
        #expect(screen[3, 58].style.bold)
        let colored = Dashboard.render(
            Fixture.press([.enter], Fixture.state()).0, width: 80, height: 24, now: Fixture.now)
        #expect(colored[3, 58].style.role == .warning)
    }
}
