import Foundation
import Screen
import Testing

@testable import Dashboard

private func sp(_ count: Int) -> String { String(repeating: " ", count: count) }

/// The Board: teams × phases, written out by hand from the layout rules in docs/dashboard.md.
@Suite struct BoardViewTests {
    @Test func everyConvoyAt80x24() {
        let state = CockpitFixture.state([.character("b")])
        #expect(state.route == .board(convoy: nil))
        let lines = Fixture.lines(state)
        #expect(lines[0] == Fixture.header(" gastown  Convoys  Approvals (2)  [Board]  History"))
        #expect(lines[1] == " Board of every convoy  6 molecules · teams × phases")
        // Kinds first (analysis, do, check), then step ids, then done; the columns that do not fit end in …
        #expect(
            lines[2] == "  TEAM" + sp(17) + "analysis" + sp(2) + "do" + sp(8) + "check" + sp(5) + "a" + sp(9) + "b"
                + sp(15)
                + "…")
        #expect(lines[3] == "› AI Analysis" + sp(10) + (["·"] + Array(repeating: sp(9) + "·", count: 4)).joined())
        #expect(lines[4] == "  Data Storage" + sp(9) + "1" + sp(9) + "1" + sp(9) + "·" + sp(9) + "·" + sp(9) + "·")
        #expect(lines[5] == "  Gateway" + sp(14) + "·" + sp(9) + "·" + sp(9) + "1 ◆1" + sp(6) + "·" + sp(9) + "2 ◆1 ✗1")
        #expect(lines[20] == "── AI Analysis × analysis: 0 molecules, 0 awaiting, 0 blocked")
        #expect(lines[21].hasPrefix("  n molecules at the phase · ◆n awaiting a decision · ✗n blocked"))
        #expect(lines[23] == "j/k move  Enter open  h/l column  ? help  q quit  Tab views  R reload")
        // The selected cell is in reverse video, so it reads without colour.
        let screen = Dashboard.render(state, width: 80, height: 24, now: Fixture.now)
        #expect(screen[3, 23].style.reverse)
        #expect(!screen[3, 33].style.reverse)
    }

    @Test func theSelectedColumnScrollsIntoViewAndEnterListsTheCell() {
        var state = CockpitFixture.state(
            [.character("b"), .character("j"), .character("j")] + Array(repeating: .character("l"), count: 7))
        var lines = Fixture.lines(state)
        #expect(lines[2] == "  TEAM" + sp(17) + "a" + sp(9) + "b" + sp(9) + "c" + sp(9) + "notes" + sp(5) + "done")
        #expect(lines[20] == "── Gateway × done: 0 molecules, 0 awaiting, 0 blocked")
        (state, _) = Fixture.press([.character("h"), .character("h"), .character("h")], state)
        lines = Fixture.lines(state)
        #expect(lines[20] == "── Gateway × b: 2 molecules, 1 awaiting, 1 blocked · Enter lists them")
        (state, _) = Fixture.press([.enter], state)
        #expect(state.route == .boardCell(convoy: nil, team: "Gateway", phase: "b"))
        lines = Fixture.lines(state)
        #expect(lines[0] == Fixture.header(" gastown  Board › Gateway × b"))
        #expect(lines[1] == " Gateway × b  2 molecules")
        // CONVOY 16 columns, MOLECULE 24 at 80.
        #expect(lines[3] == "› soc2" + sp(13) + "beta" + sp(21) + "awaiting  b" + sp(18) + "2h ago")
        #expect(lines[4] == "  soc2" + sp(13) + "gamma" + sp(20) + "blocked   b" + sp(18) + "5m ago")
        (state, _) = Fixture.press([.enter], state)
        #expect(state.route == .molecule(convoy: "soc2", molecule: "beta"))
        (state, _) = Fixture.press([.escape, .escape], state)
        #expect(state.route == .board(convoy: nil))
        #expect(state.cursor == 2 && state.boardColumn == 4, "the board keeps its cell")
    }

    @Test func bInAConvoyShowsThatConvoysBoard() {
        let state = CockpitFixture.state([.character("j"), .enter, .character("b")])
        #expect(state.route == .board(convoy: "ops"))
        let lines = Fixture.lines(state)
        #expect(lines[1] == " Board of Ops  3 molecules · teams × phases")
        // `notes` has no kind: its id is the phase (no molecule is there).
        #expect(lines[2] == "  TEAM" + sp(17) + "analysis" + sp(2) + "do" + sp(8) + "check" + sp(5) + "notes")
        #expect(lines[3] == "› Data Storage" + sp(9) + "1" + sp(9) + "1" + sp(9) + "·" + sp(9) + "·")
        #expect(lines[4] == "  Gateway" + sp(14) + "·" + sp(9) + "·" + sp(9) + "1 ◆1" + sp(6) + "·")
    }

    @Test func aBoardWithoutMoleculesSaysSo() {
        let lines = Fixture.lines(Fixture.press([.character("b")], Fixture.state(.empty)).0)
        #expect(lines[1] == " Board of every convoy  0 molecules · teams × phases")
        #expect(lines[3] == "  No molecules yet.")
    }
}

/// The History view: every decision record, newest first, with its verification mark.
@Suite struct HistoryViewTests {
    @Test func everyDecisionAt80x24() {
        let state = CockpitFixture.state([.character("H")])
        #expect(state.route == .history(.all))
        let lines = Fixture.lines(state)
        #expect(lines[0] == Fixture.header(" gastown  Convoys  Approvals (2)  Board  [History]"))
        #expect(lines[1] == " History of every decision  3 decisions, newest first")
        #expect(
            lines[2] == "  WHEN (UTC)" + sp(7) + "MARK" + sp(7) + "WHO" + sp(6) + "DECISION" + sp(3) + "CHECKPOINT"
                + sp(1)
                + "MOLECULE" + sp(3) + "RETURN")
        #expect(lines[3] == "› 2026-01-05 11:50 ✗ problem  mallory  ✓ approved b-check    beta")
        #expect(lines[4] == "  2026-01-05 11:45 · unsigned alice    ✓ approved b-check    beta")
        #expect(lines[5] == "  2026-01-05 11:30 ✓ signed   mchen    ✗ rejected b-check    beta       → a")
        #expect(lines[18].hasPrefix("── decision ──"))
        #expect(lines[19] == "  reason: —")
        #expect(lines[20] == "  convoy soc2 · molecule beta · step b")
        #expect(lines[21] == "  ✗ does not count: .beads/convoys/soc2/molecules/beta/checkpoints/x.toml: erro…")
        let (rejected, _) = Fixture.press([.character("G")], state)
        let detail = Fixture.lines(rejected)
        #expect(detail[19] == "  reason: 3 tests failing")
        #expect(detail[20] == "  convoy soc2 · molecule beta · step b · returned to a")
        #expect(detail[21] == "  ✓ signed and verified: it counts")
    }

    @Test func aReasonColumnFrom140Columns() {
        let lines = Fixture.lines(CockpitFixture.state([.character("H")], width: 140, height: 30), 140, 30)
        #expect(lines[2].hasSuffix("REASON"))
        // At 140: WHO 14, CHECKPOINT 16, MOLECULE 16, RETURN 10, REASON 38 columns.
        #expect(
            lines[5] == "  2026-01-05 11:30 ✓ signed   mchen" + sp(10) + "✗ rejected b-check" + sp(10) + "beta" + sp(13)
                + "→ a" + sp(8) + "3 tests failing")
    }

    @Test func slashFiltersByReviewerCheckpointOrText() {
        var state = CockpitFixture.state([.character("H"), .character("/")] + Fixture.type("mchen") + [.enter])
        var lines = Fixture.lines(state)
        #expect(lines[1] == " History of every decision  1 decision, newest first")
        #expect(lines[3].hasPrefix("› 2026-01-05 11:30 ✓ signed   mchen"))
        #expect(lines[22] == "filter: mchen · 1 shown")
        (state, _) = Fixture.press([.character("/"), .control("u")] + Fixture.type("TESTS FAIL") + [.enter], state)
        lines = Fixture.lines(state)
        #expect(lines[3].hasPrefix("› 2026-01-05 11:30 ✓ signed   mchen"))
        (state, _) = Fixture.press([.character("/"), .control("u")] + Fixture.type("nobody") + [.enter], state)
        #expect(Fixture.lines(state)[4] == "  No decision matches the filter \"nobody\".")
    }

    @Test func hFromAMoleculeShowsItsDecisionsAndEnterOpensOne() {
        var state = CockpitFixture.state([.enter, .character("j"), .enter, .character("H")])
        #expect(state.route == .history(.molecule(convoy: "soc2", molecule: "beta")))
        #expect(Fixture.lines(state)[1] == " History of soc2 › beta  3 decisions, newest first")
        (state, _) = Fixture.press([.enter], state)
        #expect(state.route == .molecule(convoy: "soc2", molecule: "beta"))
        #expect(CockpitFixture.state([.enter, .character("H")]).route == .history(.convoy("soc2")))
        #expect(CockpitFixture.state([.tab, .character("H")]).route == .history(.all))
    }
}

/// Every view at the four sizes the issue names: the frame is whole, nothing is wider than the screen, the title
/// bar and the footer are there, and the wide layouts split into panes.
@Suite struct CockpitSizeTests {
    static let sizes = [(80, 24), (120, 40), (160, 48), (220, 60)]
    static let views: [(String, [Key])] = [
        ("Convoys", []), ("Convoy", [.enter]), ("Molecule", [.enter, .character("j"), .enter]),
        ("Approvals", [.tab]), ("Board", [.character("b")]),
        ("Board cell", [.character("b"), .character("j"), .enter]),
        ("History", [.character("H")]), ("Help", [.character("?")]),
        ("Reader", [.enter, .character("j"), .enter, .character("}"), .enter]),
    ]

    @Test(arguments: sizes) func everyViewFills(width: Int, height: Int) {
        for (name, keys) in Self.views {
            let state = CockpitFixture.state(keys, width: width, height: height)
            let screen = Dashboard.render(state, width: width, height: height, now: Fixture.now)
            #expect(screen.width == width && screen.height == height, "\(name)")
            #expect(screen.lines.allSatisfy { DisplayWidthCheck.columns($0) <= width }, "\(name)")
            #expect(screen.lines[0].hasPrefix(" gastown  "), "\(name)")
            #expect(!screen.lines[height - 1].isEmpty, "\(name): the footer")
            #expect(screen.lines[1...(height - 3)].contains { !$0.isEmpty }, "\(name): the body")
        }
    }

    @Test func from160ColumnsConvoysAndTheSelectedConvoysMolecules() {
        let state = CockpitFixture.state([], width: 160, height: 48)
        let lines = Fixture.lines(state, 160, 48)
        let screen = Dashboard.render(state, width: 160, height: 48, now: Fixture.now)
        #expect(lines[1].hasPrefix("  CONVOY"))
        #expect(screen[1, 80].text == "│" && screen[45, 80].text == "│" && screen[46, 80].text != "│")
        #expect(String(lines[1].dropFirst(81)).hasPrefix("  MOLECULE"))
        #expect(String(lines[2].dropFirst(81)).hasPrefix("› alpha"))
        // Only the focused pane's selection is in reverse video.
        #expect(screen[2, 5].style.reverse)
        #expect(!screen[2, 85].style.reverse)
        #expect(lines[47] == "j/k move  Enter open  ? help  q quit  Tab views  / filter  R reload")
    }

    @Test func from160ColumnsMoleculesAndTheSelectedMolecule() {
        let state = CockpitFixture.state([.enter, .character("j")], width: 160, height: 48)
        let lines = Fixture.lines(state, 160, 48)
        #expect(lines[1].hasPrefix("  MOLECULE"))
        #expect(String(lines[1].dropFirst(81)) == " beta · f v1 · team Gateway  awaiting")
        #expect(String(lines[3].dropFirst(81)).hasPrefix("   ✓  1 a"))
        // In the molecule, the molecules stay on the left with it selected.
        let opened = CockpitFixture.state([.enter, .character("j"), .enter], width: 160, height: 48)
        let both = Fixture.lines(opened, 160, 48)
        #expect(both[3].hasPrefix("› beta"))
        #expect(String(both[1].dropFirst(81)) == " beta · f v1 · team Gateway  awaiting")
    }

    @Test func from200ColumnsTheApprovalsQueueIsAThirdPane() {
        let state = CockpitFixture.state([], width: 220, height: 60)
        let screen = Dashboard.render(state, width: 220, height: 60, now: Fixture.now)
        let lines = screen.lines
        // 66 columns for the queue (3/10), 76 for the convoys, the rest for the molecules.
        #expect(screen[1, 76].text == "│" && screen[1, 153].text == "│")
        #expect(String(lines[1].dropFirst(154)).hasPrefix("  WAITING CONVOY"))
        #expect(String(lines[2].dropFirst(154)).hasPrefix("›      2h soc2"))
        #expect(String(lines[3].dropFirst(154)).contains("day3-aud…-review"))
        // Below 200 there is no third pane.
        let narrower = Dashboard.render(
            CockpitFixture.state([], width: 199, height: 60), width: 199, height: 60, now: Fixture.now)
        #expect(!narrower.lines[1].contains("WAITING"))
    }

    @Test func at80x24IdsShortenFromTheMiddle() {
        let lines = Fixture.lines(CockpitFixture.state([.tab]))
        // MOLECULE is 22 columns at 80: 11 from the start, …, 10 from the end.
        #expect(lines[3].contains("day3-audit-…nce-review"))
        #expect(lines[3].contains("verify-ok"))
    }
}

enum DisplayWidthCheck {
    static func columns(_ line: String) -> Int {
        line.reduce(0) { $0 + ($1.unicodeScalars.first.map { $0.properties.isEmojiPresentation ? 2 : 1 } ?? 1) }
    }
}

/// `/`, `n`, `N` in the reader, the molecule and help: the match scrolled into view and highlighted.
@Suite struct SearchTests {
    static let reader: [Key] = [.enter, .character("j"), .enter, .character("}"), .enter]

    @Test func findsHighlightsAndMovesBetweenMatches() {
        var state = CockpitFixture.state(Self.reader + [.character("/")] + Fixture.type("needle") + [.enter])
        #expect(state.route == .reader(.report(convoy: "soc2", molecule: "beta", name: "triage.md")))
        #expect(state.message?.text == "/needle: match 1 of 3")
        var screen = Dashboard.render(state, width: 80, height: 24, now: Fixture.now)
        // Line 2 is on the first page (the text starts on row 2): "line 2 has the Needle here", Needle from column 16.
        #expect(screen.lines[4] == " line 2 has the Needle here")
        #expect((16..<22).allSatisfy { screen[4, $0].style.reverse && screen[4, $0].style.underline })
        #expect(screen[4, 16].style.bold, "the current match is bold too")
        #expect(!screen[4, 15].style.reverse && !screen[4, 22].style.reverse)
        #expect(screen.lines[22] == "/needle: match 1 of 3")
        // n: line 20 is off the page, so the page scrolls to show it a third of a page down.
        (state, _) = Fixture.press([.character("n")], state)
        #expect(state.message?.text == "/needle: match 2 of 3")
        #expect(state.cursor == 20 - 20 / 3)
        screen = Dashboard.render(state, width: 80, height: 24, now: Fixture.now)
        #expect(screen.lines[2 + 20 / 3] == " line 20 has the Needle here")
        (state, _) = Fixture.press([.character("n"), .character("n")], state)
        #expect(state.message?.text == "/needle: match 1 of 3 (from the top)")
        (state, _) = Fixture.press([.character("N")], state)
        #expect(state.message?.text == "/needle: match 3 of 3 (from the bottom)")
        // Esc on the search line clears it: no highlight, n says there is no search.
        (state, _) = Fixture.press([.character("/"), .escape, .character("n")], state)
        #expect(state.message == StatusMessage("No search yet (/ searches)", isError: true))
        screen = Dashboard.render(state, width: 80, height: 24, now: Fixture.now)
        #expect(!(0..<24).contains { row in (0..<80).contains { screen[row, $0].style.underline } })
    }

    @Test func nothingFoundSaysSo() {
        let state = CockpitFixture.state(Self.reader + [.character("/")] + Fixture.type("zebra") + [.enter])
        #expect(state.message == StatusMessage("Not found: zebra", isError: true))
    }

    @Test func inTheMoleculeViewNSearchesAndBracesMoveBetweenLinks() {
        var state = CockpitFixture.state(
            [.enter, .character("j"), .enter, .character("/")] + Fixture.type("awaiting") + [.enter])
        #expect(state.message?.text == "/awaiting: match 1 of 2")
        (state, _) = Fixture.press([.character("n")], state)
        #expect(state.message?.text == "/awaiting: match 2 of 2")
        (state, _) = Fixture.press([.character("}")], state)
        #expect(Fixture.lines(state, 80, 24).contains { $0.hasPrefix(" ›") && $0.contains("triage.md") })
    }

    @Test func eachViewKeepsItsOwnSearch() {
        var state = CockpitFixture.state(Self.reader + [.character("/")] + Fixture.type("needle") + [.enter])
        (state, _) = Fixture.press([.escape], state)
        #expect(state.search.isEmpty)
        (state, _) = Fixture.press([.enter], state)
        #expect(state.search == "needle")
    }
}

/// Ctrl-O / `[` back and `]` forward through the places visited; each place keeps its selection and scroll.
@Suite struct PlacesTests {
    @Test func backAndForwardThroughThePlacesVisited() {
        var state = CockpitFixture.state([.character("j"), .enter, .character("j"), .character("j"), .enter])
        #expect(state.route == .molecule(convoy: "ops", molecule: "k2"))
        (state, _) = Fixture.press([.character("[")], state)
        #expect(state.route == .convoy("ops"))
        #expect(state.cursor == 2, "the convoy keeps its selection")
        (state, _) = Fixture.press([.control("o")], state)
        #expect(state.route == .convoys)
        #expect(state.cursor == 1)
        (state, _) = Fixture.press([.control("o")], state)
        #expect(state.message?.text == "No earlier place")
        (state, _) = Fixture.press([.character("]"), .character("]")], state)
        #expect(state.route == .molecule(convoy: "ops", molecule: "k2"))
        (state, _) = Fixture.press([.character("]")], state)
        #expect(state.message?.text == "No later place")
        // Going somewhere new from an earlier place drops the places ahead, as in vim.
        (state, _) = Fixture.press([.character("["), .character("k"), .enter, .character("]")], state)
        #expect(state.route == .molecule(convoy: "ops", molecule: "k1"))
        #expect(state.message?.text == "No later place")
    }

    @Test func placesAcrossTabs() {
        var state = CockpitFixture.state([.enter, .tab, .tab, .character("j")])
        #expect(state.route == .board(convoy: nil))
        (state, _) = Fixture.press([.character("[")], state)
        #expect(state.route == .approvals)
        #expect(state.tab == .approvals)
        (state, _) = Fixture.press([.character("[")], state)
        #expect(state.route == .convoy("soc2"))
        #expect(state.tab == .convoys)
        #expect(state.backStack == [.convoys], "Esc goes up from where the place was reached")
        (state, _) = Fixture.press([.character("]"), .character("]")], state)
        #expect(state.route == .board(convoy: nil))
        #expect(state.cursor == 1, "the board kept its selection")
    }

    @Test func aPlaceThatIsGoneIsSkipped() {
        var state = CockpitFixture.state([.character("j"), .enter, .enter, .escape, .escape])
        var snapshot = CockpitFixture.workspace
        snapshot.convoys.removeLast()
        (state, _) = Dashboard.update(state, .loaded(snapshot, at: Fixture.now))
        // The convoy and its molecule are gone: back skips them to the first place, the Convoys view.
        (state, _) = Fixture.press([.character("[")], state)
        #expect(state.route == .convoys)
        #expect(state.jumpIndex == 0)
        (state, _) = Fixture.press([.character("[")], state)
        #expect(state.message?.text == "No earlier place")
    }
}

/// A cell of the Board of every convoy lists its molecules by convoy and name, read from the snapshot in place.
@Suite struct BoardMembersTests {
    @Test func aCellSpanningConvoysListsThemByConvoyAndName() {
        func molecule(_ id: String, _ convoy: String, team: String = "Gateway") -> MoleculeSnapshot {
            MoleculeSnapshot(
                id: id, convoyID: convoy, formula: "f", team: team,
                steps: [StepSnapshot(id: "a", state: .active), StepSnapshot(id: "b", state: .pending)])
        }
        let snapshot = WorkspaceSnapshot(
            root: "/w",
            convoys: [
                ConvoySnapshot(
                    id: "zeta", title: "Z", teams: [],
                    molecules: [molecule("m2", "zeta"), molecule("m1", "zeta"), molecule("x", "zeta", team: "Ops")]),
                ConvoySnapshot(id: "alpha", title: "A", teams: [], molecules: [molecule("m9", "alpha")]),
            ])
        let board = BoardModel(Fixture.state(snapshot), convoy: nil)
        let members = board.molecules(team: "Gateway", phase: "a")
        #expect(members.map { $0.convoyID + "/" + $0.id } == ["alpha/m9", "zeta/m1", "zeta/m2"])
        #expect(board.molecules(team: "Ops", phase: "a").map(\.id) == ["x"])
        #expect(board.molecules(team: "Ops", phase: "b").isEmpty)
        #expect(BoardModel(Fixture.state(snapshot), convoy: "zeta").molecules(team: "Gateway", phase: "a").count == 2)
    }
}
