import Foundation
import Screen

@testable import Dashboard

/// A small workspace whose every rendered line can be worked out by hand.
enum Fixture {
    /// 2026-01-05 12:00:00 UTC.
    static let now = Date(timeIntervalSince1970: 1_767_614_400)

    static func steps(_ states: [StepState], awaitingSince: Date? = nil) -> [StepSnapshot] {
        let plan: [(String, String, TimeInterval)] = [
            ("a", "Analysis", 900), ("b", "Build", 1200), ("c", "Check", 600),
        ]
        return zip(plan, states).map { planned, state in
            StepSnapshot(
                id: planned.0, title: planned.1, state: state, planned: planned.2,
                checkpoint: planned.0 == "b"
                    ? CheckpointInfo(id: "b-check", prompt: "Approve b?", onReject: "a")
                    : nil,
                awaitingSince: state == .awaitingApproval ? awaitingSince : nil)
        }
    }

    static let alpha = MoleculeSnapshot(
        id: "alpha", convoyID: "soc2", formula: "f", formulaVersion: "1",
        team: "AI Analysis", steps: steps([.done, .done, .done]),
        lastActivity: now - 3600)
    static let beta = MoleculeSnapshot(
        id: "beta", convoyID: "soc2", formula: "f", formulaVersion: "1", team: "Gateway",
        steps: steps([.done, .awaitingApproval, .pending], awaitingSince: now - 7200),
        lastActivity: now - 7200)
    static let gamma = MoleculeSnapshot(
        id: "gamma", convoyID: "soc2", formula: "f", formulaVersion: "1", team: "Gateway",
        steps: steps([.done, .blocked, .pending]), lastActivity: now - 300)

    static let workspace = WorkspaceSnapshot(
        root: "/w",
        convoys: [
            ConvoySnapshot(
                id: "soc2", title: "SOC2 Audit Trail", teams: ["AI Analysis", "Gateway"],
                molecules: [alpha, beta, gamma]),
            ConvoySnapshot(id: "docs", title: "Docs Refresh", teams: ["HolmesAPI"], molecules: []),
        ])

    static func state(_ snapshot: WorkspaceSnapshot = workspace, colors: Bool = true) -> DashboardState {
        DashboardState(snapshot: snapshot, loadedAt: now - 3, colors: colors)
    }

    static func press(_ keys: [Key], _ state: DashboardState) -> (DashboardState, [Effect]) {
        var state = state
        var effects: [Effect] = []
        for key in keys {
            let result = Dashboard.update(state, .key(key))
            state = result.0
            effects += result.1
        }
        return (state, effects)
    }

    static func type(_ text: String) -> [Key] { text.map { .character($0) } }

    static func lines(_ state: DashboardState, _ width: Int = 80, _ height: Int = 24) -> [String] {
        Dashboard.render(state, width: width, height: height, now: now).lines
    }

    /// The title bar: `left` then `right` flush with the last column (spaces in between).
    static func header(_ left: String, _ right: String = "updated 3s ago", width: Int = 80) -> String {
        left + String(repeating: " ", count: width - 1 - left.count - right.count) + right
    }
}
