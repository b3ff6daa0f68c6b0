import Core
import DisplayText
import Foundation
import Screen
import Store
import TestSupport
import Testing

@testable import Dashboard

private func sp(_ count: Int) -> String { String(repeating: " ", count: count) }

/// Mail fixtures: one unread message from Gateway, one read message to two teams.
enum MailFixture {
    static let unread = MailSnapshot(
        id: "m1", from: "Gateway", to: ["HolmesAPI"], dateText: "2026-01-05T10:00:00Z", date: Fixture.now - 7200,
        re: "Audit headers", priority: "high", molecules: ["beta"], body: "Hello\n| a | b |", unread: true)
    static let read = MailSnapshot(
        id: "m2", from: "HolmesAPI", to: ["AI Analysis", "Gateway"], dateText: "2026-01-04",
        date: Fixture.now - 100_000,
        re: "Schema ✅ done", body: "ok", unread: false)

    static func state(_ mail: [MailSnapshot] = [read, unread], colors: Bool = true) -> DashboardState {
        var snapshot = Fixture.workspace
        snapshot.mail = mail
        var state = Fixture.state(snapshot, colors: colors)
        state = Dashboard.update(state, .resized(width: 80, height: 24)).0
        return state
    }

}

@Suite struct MailViewRenderTests {
    @Test func tabReachesMailAfterHistory() {
        let (state, _) = Fixture.press([.backTab], MailFixture.state())
        #expect(state.route == .mail)
        #expect(Fixture.press([.tab], state).0.route == .convoys)
        #expect(Fixture.press([.backTab], state).0.route == .history(.all))
    }

    @Test func inboxesAndListAt80x24() {
        let (state, _) = Fixture.press([.backTab], MailFixture.state())
        let lines = Fixture.lines(state)
        #expect(lines[0] == Fixture.header(" gastown  Convoys  Approvals (1)  Board  History  [Mail (1)]"))
        #expect(lines[1] == " Inboxes  AI Analysis 1 · Gateway 1 · HolmesAPI 1/1")
        #expect(lines[2] == "    DATE       FROM     TO         PRIORITY RE")
        #expect(lines[3] == "› ● 2026-01-05 Gateway  HolmesAPI  high     Audit headers")
        #expect(lines[4] == "    2026-01-04 HolmesA… AI Analys… -        Schema ✅ done")
        #expect(lines[5...21].allSatisfy { $0.isEmpty })
        #expect(lines[23] == "j/k move  Enter open  ? help  q quit  Tab views  / filter  R reload")
    }

    @Test func unreadAndBrokenMarksSurviveNoColor() {
        var broken = MailFixture.read
        broken.id = "m3"
        broken.broken = true
        let (state, _) = Fixture.press([.backTab], MailFixture.state([broken, MailFixture.unread], colors: false))
        let screen = Dashboard.render(state, width: 80, height: 24, now: Fixture.now)
        #expect(screen.lines[3].hasPrefix("› ● "))
        #expect(screen.lines[4].hasPrefix("  ! "))
        #expect(screen[3, 2].style.bold && screen[3, 2].style.role == .normal)
        #expect(screen[4, 2].style.bold)
    }

    @Test func openingMarksReadAndShowsTheReader() {
        let (state, effects) = Fixture.press([.backTab, .enter], MailFixture.state())
        #expect(effects == [.markRead("m1")])
        #expect(state.route == .reader(.mail("m1")))
        #expect(state.snapshot.message("m1")?.unread == false)
        let lines = Fixture.lines(state)
        #expect(lines[0] == Fixture.header(" gastown  Mail › m1"))
        #expect(lines[1] == " Audit headers  10 lines")
        #expect(lines[2] == " From:      Gateway")
        #expect(lines[3] == " To:        HolmesAPI")
        #expect(lines[4] == " Date:      2026-01-05T10:00:00Z")
        #expect(lines[5] == " Re:        Audit headers")
        #expect(lines[6] == " Priority:  high")
        #expect(lines[7] == " Molecules: beta")
        #expect(lines[8] == " Id:        m1")
        #expect(lines[9] == " " + String(repeating: "─", count: 72))
        #expect(lines[10] == " Hello")
        #expect(lines[11] == " | a | b |")
        #expect(lines[23] == "j/k move  h/l scroll  Esc back  ? help  q quit  Tab views  / search  R reload")
        // Opening it again asks nothing more of the store; Esc goes back to the list.
        let back = Fixture.press([.escape], state).0
        #expect(back.route == .mail)
        #expect(Fixture.press([.enter], back).1.isEmpty)
    }

    @Test func hostileStringsAreShownEscaped() {
        let hostile = MailSnapshot(
            id: "evil", from: "Gate\u{1B}[2Jway", to: ["Holmes\u{7}API"], re: "\u{1B}[31mRED\u{202E}txt",
            body: "a\u{1B}]0;pwned\u{7}b\tc\u{0}d", unread: true)
        var (state, _) = Fixture.press([.backTab], MailFixture.state([hostile]))
        let list = Fixture.lines(state)
        #expect(list[1] == " Inboxes  Holmes␇API 1/1")
        #expect(list[3] == "› ● -          Gate␛[2… Holmes␇API -        ␛[31mRED�txt")
        (state, _) = Fixture.press([.enter], state)
        let reader = Fixture.lines(state)
        #expect(reader[2] == " From:      Gate␛[2Jway")
        #expect(reader[8] == " a␛]0;pwned␇b    c␀d")  // the tab spaces to column 16 of the text
        for line in list + reader {
            #expect(!line.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || $0 == "\u{202E}" })
        }
    }

    @Test func seedDocumentReadsWithoutBreakingTheLayout() throws {
        let text = try Repository.seed("001")
        let parsed = MailParser.parse(text, id: "001_seed", file: "001_seed.md")
        let message = parsed.message
        let mail = MailSnapshot(
            id: message.id, from: message.from, to: message.to, dateText: message.date?.text ?? "",
            date: message.date?.instant, re: message.re, status: message.status, body: message.body)
        var (state, _) = Fixture.press([.backTab], MailFixture.state([mail]))
        #expect(Fixture.lines(state)[3].hasPrefix("› ● 2025-12-01 HolmesG… WorkflowE… -        "))
        (state, _) = Fixture.press([.enter], state)
        // Six header lines (no priority, no molecules) and the rule: the body starts on row 9.
        var lines = Fixture.lines(state, 120, 40)
        #expect(lines[2] == " From:      HolmesGPT-API Team")
        #expect(lines[6] == " Status:    ✅ DECIDED")
        #expect(lines[9] == " # HolmesGPT-API Execution Responsibility Decisions")
        // Scroll to the table: rows stay one per source line, wide rows cut with …, never wrapped.
        (state, _) = Fixture.press(Array(repeating: .character("j"), count: 28), state)
        lines = Fixture.lines(state)
        #expect(lines[2] == " | Service | Responsibility |" + sp(50) + "↑")
        #expect(lines[3] == " |---------|----------------|")
        #expect(lines[4] == " | **WorkflowExecution** | Generates `naturalLanguageSummary` from PipelineRun…")
        #expect(lines[6] == " | **HolmesGPT-API** | Includes in LLM recovery prompt for failure context |")
        // h/l scroll sideways by 8 columns.
        (state, _) = Fixture.press([.character("l")], state)
        lines = Fixture.lines(state)
        #expect(lines[1].hasSuffix("· from column 9"))
        #expect(lines[4] == " flowExecution** | Generates `naturalLanguageSummary` from PipelineRun/TaskRun…")
        for line in Fixture.lines(state) { #expect(DisplayWidth.of(line) <= 80) }
        // G shows the last page, g the first.
        (state, _) = Fixture.press([.character("G")], state)
        #expect(state.cursor == max(0, state.document(.mail("001_seed"))!.lines.count - 20))
        (state, _) = Fixture.press([.character("g")], state)
        #expect(state.cursor == 0)
    }

    @Test func moleculeViewListsLinkedMailAndOpensIt() {
        var state = MailFixture.state()
        state.route = .molecule(convoy: "soc2", molecule: "beta")
        let lines = Fixture.lines(state, 120, 40)
        let heading = lines.firstIndex(of: " MAIL (1)")
        #expect(heading != nil)
        if let heading {
            #expect(lines[heading + 1] == " › ● 2026-01-05  Gateway → HolmesAPI  Audit headers")
        }
        state.pageRows = 36
        let (opened, effects) = Fixture.press([.enter], state)
        #expect(opened.route == .reader(.mail("m1")))
        #expect(effects == [.markRead("m1")])
    }
}

@Suite struct GateAndReportRenderTests {
    static let failing = GateSnapshot(
        stepID: "b", gateID: "tests", passed: false, summary: "40/41 passed", mandatory: true, blocking: true,
        evidence: [
            "tests: 40 passed, 1 failed, 0 skipped of 41", "t/a_test.go:12 critical sleep-before-assert: time.Sleep(2)",
        ])

    static func blocked(colors: Bool) -> DashboardState {
        var gamma = Fixture.gamma
        gamma.gates = [failing, GateSnapshot(stepID: "a", gateID: "lint", passed: true, summary: "clean")]
        let snapshot = WorkspaceSnapshot(
            root: "/w",
            convoys: [
                ConvoySnapshot(id: "soc2", title: "SOC2", teams: [], molecules: [gamma])
            ])
        var state = Fixture.state(snapshot, colors: colors)
        state.route = .molecule(convoy: "soc2", molecule: "gamma")
        return state
    }

    @Test(arguments: [true, false]) func failingMandatoryGateIsRedWithEvidence(colors: Bool) throws {
        let screen = Dashboard.render(Self.blocked(colors: colors), width: 80, height: 24, now: Fixture.now)
        let lines = screen.lines
        let row = try #require(lines.firstIndex(of: "   ✗ tests (b) mandatory  40/41 passed"))
        #expect(lines[row + 1] == "       ✗ blocks step b until it passes")
        #expect(lines[row + 2] == "       tests: 40 passed, 1 failed, 0 skipped of 41")
        #expect(lines[row + 3] == "       t/a_test.go:12 critical sleep-before-assert: time.Sleep(2)")
        #expect(lines[row + 4] == "   ✓ lint (a)  clean")
        #expect(screen[row, 3].style.bold)
        #expect(screen[row, 3].style.role == (colors ? .danger : .normal))
        #expect(screen[row + 1, 7].style.bold)
        #expect(screen[row + 4, 3].style.role == (colors ? .ok : .normal))
    }

    @Test func convoyViewSaysWhichGateBlocksTheSelectedMolecule() {
        var state = Self.blocked(colors: false)
        state.route = .convoy("soc2")
        let screen = Dashboard.render(state, width: 80, height: 24, now: Fixture.now)
        #expect(screen.lines[21] == "  ✗ blocked by gate tests (step b): 40/41 passed")
        #expect(screen[21, 2].style.bold)
    }

    static func withReport(
        checkpoint: String,
        text: String = (1...40).map { "line \($0)" }.joined(separator: "\n")
    ) -> DashboardState {
        var beta = Fixture.beta
        beta.steps[1].checkpoint = CheckpointInfo(id: checkpoint, prompt: "Sign off?", onReject: "a")
        beta.reports = [ReportSnapshot(name: "compliance-r3-0123456789ab.md", path: "/r", text: text)]
        let snapshot = WorkspaceSnapshot(
            root: "/w",
            convoys: [
                ConvoySnapshot(id: "soc2", title: "SOC2", teams: [], molecules: [beta])
            ])
        var state = Fixture.state(snapshot)
        state = Dashboard.update(state, .resized(width: 80, height: 24)).0
        state.route = .molecule(convoy: "soc2", molecule: "beta")
        return state
    }

    @Test func reportReaderScrolls() {
        var (state, _) = Fixture.press([.character("v")], Self.withReport(checkpoint: "compliance-checkpoint"))
        #expect(
            state.route == .reader(.report(convoy: "soc2", molecule: "beta", name: "compliance-r3-0123456789ab.md")))
        var lines = Fixture.lines(state)
        #expect(lines[1] == " compliance-r3-0123456789ab.md  40 lines")
        #expect(lines[2] == " line 1")
        #expect(lines[21] == " line 20" + sp(71) + "↓")
        (state, _) = Fixture.press([.pageDown], state)
        lines = Fixture.lines(state)
        #expect(lines[2] == " line 21" + sp(71) + "↑")
        #expect(lines[21] == " line 40")
        (state, _) = Fixture.press([.character("k"), .character("G")], state)
        #expect(state.cursor == 20)
        (state, _) = Fixture.press([.pageUp], state)
        #expect(state.cursor == 0)
        #expect(Fixture.press([.escape], state).0.route == .molecule(convoy: "soc2", molecule: "beta"))
    }

    @Test func complianceDecisionShowsWhatTheReportSaysToDecide() {
        let text = ReportDigestTests.report(blocking: [
            "HIGH [SOC2 requirements]: Audit events older than 90 days are purged; CC7.2 requires 1 year of retention (internal/storage/retention.go:58)"
        ])
        var (state, _) = Fixture.press(
            [.character("a")], Self.withReport(checkpoint: "compliance-checkpoint", text: text))
        var lines = Fixture.lines(state)
        #expect(lines[1] == "┌ latest report: compliance-r3-0123456789ab.md " + String(repeating: "─", count: 33))
        #expect(lines[2] == "│ Status: AWAITING APPROVAL · Test pass rate: 97.6% (41/42)")
        #expect(lines[3] == "│ Recommendation: FIX REQUIRED")
        #expect(lines[4] == "│ Open findings: 3 (0 critical, 1 high, 1 medium, 1 low); 1 resolved")
        #expect(lines[5] == "│ Blocking issues (1):")
        #expect(lines[6] == "│ • HIGH [SOC2 requirements]: Audit events older than 90 days are purged; CC7.2…")
        #expect(lines[7] == "└ v view report " + String(repeating: "─", count: 64))
        #expect(lines[22] == "Approve compliance-checkpoint of beta? y/n")
        // 120×40: more room, so the issue is shown whole.
        lines = Fixture.lines(state, 120, 40)
        #expect(
            lines[2] == "│ Status: AWAITING APPROVAL · Test pass rate: 97.6% (41/42) · Recommendation: FIX REQUIRED")
        #expect(
            lines[5]
                == "│ • HIGH [SOC2 requirements]: Audit events older than 90 days are purged; CC7.2 requires 1 year of retention"
        )
        #expect(lines[6] == "│   (internal/storage/retention.go:58)")
        #expect(lines[7] == "└ v view report " + String(repeating: "─", count: 104))
        (state, _) = Fixture.press([.character("v")], state)
        #expect(state.modal == nil)
        #expect(
            state.route == .reader(.report(convoy: "soc2", molecule: "beta", name: "compliance-r3-0123456789ab.md")))
        // The reject form shows it too, above the form; another checkpoint does not.
        (state, _) = Fixture.press([.character("r")], Self.withReport(checkpoint: "compliance-checkpoint", text: text))
        lines = Fixture.lines(state)
        #expect(lines[3] == "│ Recommendation: FIX REQUIRED")
        #expect(lines[7].hasPrefix("└ v view report"))
        #expect(lines[8].contains("┌─ Reject compliance-checkpoint"))
        (state, _) = Fixture.press([.character("a")], Self.withReport(checkpoint: "b-check", text: text))
        lines = Fixture.lines(state)
        #expect(!lines.contains { $0.hasPrefix("┌ latest report") })
    }

    @Test func aReportOfAnotherTemplateShowsItsFirstLines() {
        let (state, _) = Fixture.press([.character("a")], Self.withReport(checkpoint: "compliance-checkpoint"))
        let lines = Fixture.lines(state)
        #expect(lines[2] == "│ line 1")
        #expect(lines[6] == "│ line 5")
        #expect(lines[7].hasPrefix("└ v view report"))
    }
}

@Suite struct SeedMailLayoutTests {
    /// Every seed handoff document lists and reads, page by page and scrolled sideways, without a line
    /// wider than the screen, a control character, or a row pushed out of place.
    @Test(arguments: ["000", "001", "003", "004"]) func seedKeepsTheLayout(prefix: String) throws {
        let parsed = MailParser.parse(try Repository.seed(prefix), id: prefix + "_seed", file: prefix + "_seed.md")
        let mail = MailAdapter.snapshots(
            [StoredMail(message: parsed.message, problems: parsed.problems, fileBytes: 0)],
            readIDs: [])
        var (state, _) = Fixture.press([.backTab], MailFixture.state(mail))
        (state, _) = Fixture.press([.enter], state)
        #expect(state.route == .reader(.mail(prefix + "_seed")))
        let total = try #require(state.document(.mail(prefix + "_seed"))).lines.count
        #expect(total > 20)
        for keys in [[Key](), [.pageDown], [.pageDown, .character("l"), .character("l")], [.character("G")]] {
            (state, _) = Fixture.press(keys, state)
            let screen = Dashboard.render(state, width: 80, height: 24, now: Fixture.now)
            #expect(screen.lines.count == 24)
            for line in screen.lines {
                #expect(DisplayWidth.of(line) <= 80, "\(line)")
                #expect(
                    !line.unicodeScalars.contains {
                        $0.value < 0x20 || $0.value == 0x7F || (0x80..<0xA0).contains($0.value)
                    })
            }
            #expect(screen.lines[23].hasPrefix("j/k move  h/l scroll"))
        }
        #expect(state.cursor == total - 20)
    }
}

@Suite struct GateEvidenceLinesTests {
    @Test func countsTestsAndHitsWithTheRestCounted() {
        var evidence = GateEvidence(
            gateID: "tests", step: "b", type: "tests", attempt: 1, passed: false, summary: "s",
            checkedAt: Fixture.now)
        evidence.tests = TestCounts(passed: 40, failed: 1, skipped: 0)
        evidence.failures = [.init(name: "TestA", file: "a_test.go", message: "boom")]
        var scan = AntiPatternReport()
        scan.hits = (1...10).map {
            AntiPatternHit(
                antiPatternID: "sleep-before-assert", severity: .high, file: "t.go", line: $0, excerpt: "sleep")
        }
        evidence.scan = scan
        let lines = GateEvidenceLines.lines(evidence)
        // 40 of 41: 97.56…%, truncated to one decimal.
        #expect(lines[0] == "tests: 40 passed, 1 failed, 0 skipped of 41 (97.5%)")
        #expect(lines[1] == "t.go:1 high sleep-before-assert: sleep")
        #expect(lines[8] == "t.go:8 high sleep-before-assert: sleep")
        #expect(lines[9] == "… and 2 more anti-pattern hits")
        #expect(lines.count == 10)
        // The failing tests are kept whole, for the molecule view and the reader.
        #expect(GateEvidenceLines.tests(evidence) == ["failed: TestA — boom"])
    }
}
