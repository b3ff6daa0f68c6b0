import Foundation
import Screen

@testable import Dashboard

/// The Fixture workspace plus what the cockpit's views need: a decision trail with every mark, a second convoy
/// whose formula gives its steps kinds, and a long molecule id.
enum CockpitFixture {
    static let problem = ".beads/convoys/soc2/molecules/beta/checkpoints/x.toml: error: signed by a stranger"

    static var beta: MoleculeSnapshot {
        var beta = Fixture.beta
        beta.trail = [
            DecisionSnapshot(
                checkpointID: "b-check", stepID: "b", approved: false, reviewer: "mchen", reason: "3 tests failing",
                returnedTo: "a", at: Fixture.now - 1800, mark: .signed),
            DecisionSnapshot(
                checkpointID: "b-check", stepID: "b", approved: true, reviewer: "alice", at: Fixture.now - 900,
                mark: .unsigned),
            DecisionSnapshot(
                checkpointID: "b-check", stepID: "b", approved: true, reviewer: "mallory", at: Fixture.now - 600,
                mark: .problem(problem)),
        ]
        beta.reports = [ReportSnapshot(name: "triage.md", path: "", text: report)]
        return beta
    }

    /// 40 lines; "needle" on lines 2, 20 and 35 (0-based).
    static let report = (0..<40).map { line in
        [2, 20, 35].contains(line) ? "line \(line) has the Needle here" : "line \(line)"
    }.joined(separator: "\n")

    /// Steps with kinds (analysis, do, check) and one without (`notes`).
    static func kinded(_ id: String, team: String, states: [StepState]) -> MoleculeSnapshot {
        let plan: [(String, String?)] = [("scan", "analysis"), ("fix", "do"), ("verify", "check"), ("notes", nil)]
        return MoleculeSnapshot(
            id: id, convoyID: "ops", formula: "k", team: team,
            steps: zip(plan, states).map { step, state in
                StepSnapshot(
                    id: step.0, state: state,
                    checkpoint: step.0 == "verify" ? CheckpointInfo(id: "verify-ok", onReject: "fix") : nil,
                    kind: step.1)
            })
    }

    static let longID = "day3-audit-trail-compliance-review"

    static var workspace: WorkspaceSnapshot {
        WorkspaceSnapshot(
            root: "/w",
            convoys: [
                ConvoySnapshot(
                    id: "soc2", title: "SOC2 Audit Trail", teams: ["AI Analysis", "Gateway"],
                    molecules: [Fixture.alpha, beta, Fixture.gamma]),
                ConvoySnapshot(
                    id: "ops", title: "Ops", teams: ["Gateway", "Data Storage"],
                    molecules: [
                        kinded("k1", team: "Data Storage", states: [.active, .pending, .pending, .pending]),
                        kinded("k2", team: "Data Storage", states: [.done, .active, .pending, .pending]),
                        kinded(longID, team: "Gateway", states: [.done, .done, .awaitingApproval, .pending]),
                    ]),
            ])
    }

    static func state() -> DashboardState { Fixture.state(workspace) }

    /// The state after the keys, at a terminal size (so the page size and the mouse geometry match).
    static func state(_ keys: [Key], width: Int = 80, height: Int = 24) -> DashboardState {
        let sized = Dashboard.update(state(), .resized(width: width, height: height)).0
        return Fixture.press(keys, sized).0
    }
}
