import Foundation
import Screen
import Store
import Testing

@testable import Dashboard

private func sp(_ count: Int) -> String { String(repeating: " ", count: count) }

/// Integrity problems where they are: an invalid molecule as an error row, a trail that does not verify in red
/// in the grid, the molecule view and the Approvals view, and a second confirmation before approving.
@Suite struct IntegrityRenderTests {
    static let trailProblem =
        ".beads/convoys/soc2/molecules/beta/checkpoints/x.toml: error: record was edited: its content no longer hashes to its hash"

    static func workspace(untrusted: Bool = true) -> WorkspaceSnapshot {
        var beta = Fixture.beta
        if untrusted {
            beta.trailProblems = [trailProblem]
            beta.problems = [trailProblem]
        }
        let broken = MoleculeSnapshot.invalid(
            id: "delta", convoyID: "soc2", formula: "f", team: "Gateway",
            problems: [".beads/convoys/soc2/molecules/delta/molecule.toml:3:9: error: expected a string for formula"])
        return WorkspaceSnapshot(
            root: "/w",
            convoys: [
                ConvoySnapshot(
                    id: "soc2", title: "SOC2 Audit Trail", teams: ["Gateway"],
                    molecules: [Fixture.alpha, beta, broken])
            ])
    }

    @Test func anInvalidMoleculeIsAnErrorRowAndIsCounted() {
        var state = Fixture.state(Self.workspace(untrusted: false))
        var lines = Fixture.lines(state)
        // DONE counts it in the total; INV says how many cannot be used.
        #expect(lines[2].contains(" 1/3 "))
        #expect(lines[2].hasSuffix("    1   0   1    30m   1h ago"))
        state.route = .convoy("soc2")
        state.cursor = 2
        let screen = Dashboard.render(state, width: 120, height: 24, now: Fixture.now)
        lines = screen.lines
        let row = try! #require(lines.firstIndex { $0.contains("delta") })
        #expect(
            lines[row].hasPrefix(
                "› delta  ✗ .beads/convoys/soc2/molecules/delta/molecule.toml:3:9: error: expected… Gateway"))
        #expect(lines[row].contains("invalid"))
        #expect(screen[row, 2].style.role == .danger)
        #expect(
            lines[21]
                == "  ✗ invalid: .beads/convoys/soc2/molecules/delta/molecule.toml:3:9: error: expected a string for formula"
        )
        // Its page says what is wrong and nothing else.
        let (opened, _) = Fixture.press([.enter], state)
        let page = Fixture.lines(opened, 120, 24)
        #expect(page[1] == " delta · f · team Gateway  invalid")
        #expect(page[2] == " PROBLEMS (1)")
        #expect(
            page[3]
                == "   ✗ .beads/convoys/soc2/molecules/delta/molecule.toml:3:9: error: expected a string for formula")
        #expect(!page.contains(" STEPS"))
    }

    @Test func aTrailThatDoesNotVerifyIsRedInTheGridTheMoleculeAndTheApprovals() throws {
        var state = Fixture.state(Self.workspace())
        state.route = .convoy("soc2")
        state.cursor = 1
        // 159 columns: one pane, the widest that shows the whole message.
        var screen = Dashboard.render(state, width: 159, height: 24, now: Fixture.now)
        let row = try #require(screen.lines.firstIndex { $0.contains("beta") })
        #expect(screen.lines[row].hasPrefix("›!beta"))
        #expect(screen[row, 1].style.role == .danger)
        #expect(screen[row, 2].style.bold && screen[row, 2].style.role == .danger)
        #expect(screen.lines[21] == "  ✗ audit trail does not verify: " + Self.trailProblem)

        let (molecule, _) = Fixture.press([.enter], state)
        screen = Dashboard.render(molecule, width: 140, height: 30, now: Fixture.now)
        #expect(screen.lines[1] == " beta · f v1 · team Gateway  awaiting  ✗ TRAIL DOES NOT VERIFY")
        #expect(screen.lines[2] == " PROBLEMS (1)")
        #expect(screen.lines[3] == "   ✗ audit trail does not verify:")
        #expect(screen.lines[4] == "     " + Self.trailProblem)
        #expect(screen[3, 3].style.role == .danger)

        let approvals = Dashboard.render(
            Fixture.press([.tab], Fixture.state(Self.workspace())).0, width: 159, height: 24, now: Fixture.now)
        #expect(approvals.lines[2].hasPrefix("›!     2h soc2"))
        #expect(approvals[2, 1].style.role == .danger)
        #expect(approvals.lines[21] == "  ✗ audit trail does not verify: " + Self.trailProblem)
    }

    @Test func approvingAMoleculeWhoseTrailDoesNotVerifyAsksTwiceNamingTheProblem() {
        var (state, effects) = Fixture.press([.tab, .character("a")], Fixture.state(Self.workspace()))
        var lines = Fixture.lines(state, 200, 24)
        #expect(lines[22] == "Approve b-check of beta? y/n (its audit trail does not verify)")
        (state, effects) = Fixture.press([.character("y")], state)
        #expect(effects.isEmpty)
        lines = Fixture.lines(state, 200, 24)
        #expect(lines[22] == "The audit trail of beta does not verify: " + Self.trailProblem + " — approve anyway? y/n")
        (state, effects) = Fixture.press([.character("y")], state)
        #expect(effects.count == 1)
        if case .approve(let request)? = effects.first { #expect(request.checkpointID == "b-check") }
        // No at the second question: nothing is approved.
        (state, _) = Fixture.press(
            [.character("a"), .character("y"), .character("n")],
            Fixture.press([.tab], Fixture.state(Self.workspace())).0)
        #expect(state.modal == nil)
        #expect(state.message?.text == "Approval cancelled")
    }

    @Test func aMoleculeWhoseTrailVerifiesIsAskedOnce() {
        let (_, effects) = Fixture.press(
            [.tab, .character("a"), .character("y")], Fixture.state(Self.workspace(untrusted: false)))
        #expect(effects.count == 1)
    }
}

/// What a reviewer decides with, in the molecule view: findings (Enter opens one), every report with whether it
/// is current, the failing tests under their gate (the rest in the reader).
@Suite struct EvidenceRenderTests {
    static let findings = [
        FindingSnapshot(
            id: "f-00000001", severity: "high", category: "SOC2 requirements", title: "Audit log is mutable",
            detail: "UPDATE statements reach audit_events\nsecond line", location: "pkg/audit/store.go:41",
            blocking: true, recordedBy: "polecat-7", recorded: Fixture.now - 600, path: "f/f-00000001.toml"),
        FindingSnapshot(
            id: "f-00000002", severity: "low", category: "Project rules", title: "Naming", isOpen: false,
            recordedBy: "polecat-7", recorded: Fixture.now - 500, resolvedBy: "alice", resolvedAt: Fixture.now - 100,
            resolutionNote: "renamed", path: "f/f-00000002.toml"),
    ]

    static func state(tests: Int = 2, height: Int = 40) -> DashboardState {
        var beta = Fixture.beta
        beta.findings = findings
        var gate = GateSnapshot(
            stepID: "b", gateID: "tests", passed: false, summary: "pass rate 50% is below 100%", mandatory: true,
            blocking: false, evidence: ["tests: 1 passed, 1 failed, 0 skipped of 2"])
        gate.tests = (1...tests).map { "failed: pkg.Test\($0) — want \($0)" }
        beta.gates = [gate]
        beta.reports = [
            ReportSnapshot(name: "triage-r3-000000000001.md", path: "/r1", text: "old"),
            ReportSnapshot(name: "triage-r9-000000000002.md", path: "/r2", text: "# new", isCurrent: false),
        ]
        var state = Fixture.state(
            WorkspaceSnapshot(
                root: "/w", convoys: [ConvoySnapshot(id: "soc2", title: "SOC2", teams: [], molecules: [beta])]))
        state = Dashboard.update(state, .resized(width: 120, height: height)).0
        state.route = .molecule(convoy: "soc2", molecule: "beta")
        return state
    }

    @Test func findingsAreListedAndEnterOpensOneInFull() throws {
        var state = Self.state()
        let lines = Fixture.lines(state, 120, 40)
        let heading = try #require(lines.firstIndex(of: " FINDINGS (2, 1 open)"))
        // The first thing Enter opens on this page is marked ›: the first finding.
        #expect(
            lines[heading + 1]
                == " ›   HIGH     open     [SOC2 requirements] Audit log is mutable  pkg/audit/store.go:41")
        #expect(lines[heading + 2] == "     LOW      resolved [Project rules] Naming")
        (state, _) = Fixture.press([.enter], state)
        #expect(state.route == .reader(.finding(convoy: "soc2", molecule: "beta", id: "f-00000001")))
        let reader = Fixture.lines(state, 120, 40)
        #expect(reader[0].hasPrefix(" gastown  soc2 › beta › finding f-00000001"))
        #expect(reader.contains(" Severity:  high (blocks sign-off)"))
        #expect(reader.contains(" Location:  pkg/audit/store.go:41"))
        #expect(reader.contains(" UPDATE statements reach audit_events"))
        #expect(reader.contains(" second line"))
    }

    @Test func bracesMarkTheNextLinkAndEnterOpensIt() throws {
        var state = Self.state()
        (state, _) = Fixture.press([.character("}")], state)
        #expect(Fixture.lines(state, 120, 40).contains { $0.hasPrefix(" ›") && $0.contains("Naming") })
        (state, _) = Fixture.press([.character("}")], state)
        #expect(Fixture.lines(state, 120, 40).contains { $0.hasPrefix(" ›") && $0.contains("triage-r3") })
        (state, _) = Fixture.press([.character("}"), .enter], state)
        #expect(state.route == .reader(.report(convoy: "soc2", molecule: "beta", name: "triage-r9-000000000002.md")))
        (state, _) = Fixture.press([.escape, .character("{"), .character("{"), .enter], state)
        #expect(state.route == .reader(.finding(convoy: "soc2", molecule: "beta", id: "f-00000002")))
    }

    @Test func everyReportIsListedWithWhetherItIsCurrent() {
        let lines = Fixture.lines(Self.state(), 120, 40)
        #expect(lines.contains("     triage-r3-000000000001.md"))
        #expect(lines.contains("     triage-r9-000000000002.md  (STALE: changed since)"))
    }

    @Test func failingTestsFillTheRoomAndTheRestAreInTheReader() throws {
        // 40 rows: a third of the page is 12 tests.
        var state = Self.state(tests: 30)
        let lines = Fixture.lines(state, 120, 40)
        let first = try #require(lines.firstIndex(of: "       failed: pkg.Test1 — want 1"))
        #expect(lines[first + 11] == "       failed: pkg.Test12 — want 12")
        #expect(lines[first + 12] == " ›     … 18 more: every failing and skipped test")
        (state, _) = Fixture.press([.enter], state)
        #expect(state.route == .reader(.tests(convoy: "soc2", molecule: "beta", gate: "tests")))
        let reader = Fixture.lines(state, 120, 40)
        #expect(reader[0].hasPrefix(" gastown  soc2 › beta › tests of tests"))
        #expect(reader[2] == " pass rate 50% is below 100%")
        #expect(reader[4] == " failed: pkg.Test1 — want 1")
        #expect(state.document(.tests(convoy: "soc2", molecule: "beta", gate: "tests"))?.lines.count == 32)
    }

    @Test func theApproveBoxSaysTheReportIsStaleAndWhyTheStoreWouldRefuse() {
        var beta = Fixture.beta
        beta.steps[1].checkpoint = CheckpointInfo(id: "compliance-checkpoint", prompt: "Review", onReject: "a")
        beta.steps[1].approvalBlockers = ["the latest report (triage-r9.md) is stale"]
        beta.reports = [ReportSnapshot(name: "triage-r9.md", path: "/r", text: "# Report\n\nbody", isCurrent: false)]
        let state = Fixture.state(
            WorkspaceSnapshot(
                root: "/w", convoys: [ConvoySnapshot(id: "soc2", title: "SOC2", teams: [], molecules: [beta])]))
        let (confirm, _) = Fixture.press([.tab, .character("a")], state)
        let screen = Dashboard.render(confirm, width: 120, height: 24, now: Fixture.now)
        #expect(
            screen.lines[1].hasPrefix(
                "┌ latest report: triage-r9.md — STALE: findings, evidence or decisions changed after it"))
        #expect(screen[1, 0].style.role == .danger)
        #expect(
            screen.lines[22]
                == "Approve compliance-checkpoint of beta? y/n — will be refused: the latest report (triage-r9.md) is stale"
        )
    }
}
