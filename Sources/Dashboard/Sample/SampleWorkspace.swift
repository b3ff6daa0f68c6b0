import Foundation

/// The demo's picture of a workspace: the seed's soc2-audit-trail convoy on Day 3 with molecules
/// in every state, and a second convoy. Used by `gastown demo` when it cannot go through the
/// store, and by the benchmark to build large workspaces.
public enum SampleWorkspace {
    public struct PlannedStep: Sendable {
        public var id: String, title: String, minutes: Int, tasks: [String]
        public var checkpoint: String?, onReject: String?, prompt: String, gate: String?
    }

    /// The seed formula `integration-test-full-validation` v2.1.
    public static let formulaSteps: [PlannedStep] = [
        PlannedStep(id: "analysis", title: "ANALYSIS", minutes: 15,
                    tasks: ["Review authoritative documentation", "Map business requirements", "Define test scope"],
                    checkpoint: "analysis-checkpoint", onReject: "analysis", prompt: "Ask questions, share concerns",
                    gate: nil),
        PlannedStep(id: "plan", title: "PLAN", minutes: 20,
                    tasks: ["Define test structure", "Plan mock strategy", "Map TDD sequence",
                            "Identify integration points"],
                    checkpoint: "plan-checkpoint", onReject: "plan", prompt: "Share plan, request approval", gate: nil),
        PlannedStep(id: "do-infrastructure", title: "DO - Infrastructure", minutes: 10,
                    tasks: ["Set up HolmesAPI", "Verify dependencies", "Prepare test environment"],
                    checkpoint: nil, onReject: nil, prompt: "", gate: nil),
        PlannedStep(id: "do-red", title: "DO - TDD RED", minutes: 15,
                    tasks: ["Write failing tests", "Define expected behavior", "Validate no Skip() calls"],
                    checkpoint: nil, onReject: nil, prompt: "", gate: nil),
        PlannedStep(id: "do-green", title: "DO - TDD GREEN", minutes: 20,
                    tasks: ["Minimal implementation", "Make tests pass", "Avoid over-engineering"],
                    checkpoint: nil, onReject: nil, prompt: "", gate: nil),
        PlannedStep(id: "do-refactor", title: "DO - TDD REFACTOR", minutes: 15,
                    tasks: ["Add edge cases", "Enhance error handling", "Add comprehensive logging"],
                    checkpoint: nil, onReject: nil, prompt: "", gate: nil),
        PlannedStep(id: "test-validation", title: "CHECK - Test Validation", minutes: 10,
                    tasks: ["Run all tests", "Verify 100% pass rate", "Detect anti-patterns"],
                    checkpoint: "test-validation-checkpoint", onReject: "do-refactor",
                    prompt: "Confirm 100% pass before proceeding", gate: "test-pass-rate"),
        PlannedStep(id: "compliance-triage", title: "CHECK - Compliance Triage", minutes: 45,
                    tasks: ["Audit against authoritative V1.0 docs", "Validate testing standards compliance",
                            "Check SOC2 requirements", "Detect anti-patterns", "Generate compliance report"],
                    checkpoint: "compliance-checkpoint", onReject: "do-refactor",
                    prompt: "Review triage, approve or fix", gate: "compliance"),
        PlannedStep(id: "document", title: "DOCUMENT", minutes: 10,
                    tasks: ["Update test plan", "Commit compliance report", "Document resolutions"],
                    checkpoint: nil, onReject: nil, prompt: "", gate: nil),
    ]

    /// A molecule whose steps before `current` are done and whose `current` step is in `state`.
    public static func molecule(id: String, convoy: String, team: String, current: Int, state: StepState,
                                attempt: Int = 1, startedAt: Date, history: [DecisionSnapshot] = [],
                                gates: [GateSnapshot] = [], inputs: [String] = []) -> MoleculeSnapshot {
        var clock = startedAt
        var steps: [StepSnapshot] = []
        for (index, planned) in formulaSteps.enumerated() {
            let checkpoint = planned.checkpoint.map {
                CheckpointInfo(id: $0, prompt: planned.prompt, onReject: planned.onReject ?? planned.id)
            }
            var step = StepSnapshot(id: planned.id, title: planned.title, state: .pending,
                                    planned: TimeInterval(planned.minutes * 60), tasks: planned.tasks,
                                    checkpoint: checkpoint, gate: planned.gate)
            if index < current {
                step.state = .done
                step.startedAt = clock
                clock += TimeInterval(planned.minutes * 60 + (index % 3) * 120)
                step.completedAt = clock
            } else if index == current {
                step.state = state
                step.attempt = attempt
                step.startedAt = clock
                step.assignee = "polecat-" + team.lowercased().replacingOccurrences(of: " ", with: "-")
                if state == .awaitingApproval { step.awaitingSince = clock + TimeInterval(planned.minutes * 60) }
                if state == .done { step.completedAt = clock + TimeInterval(planned.minutes * 60) }
            }
            steps.append(step)
        }
        let last = [clock, history.map(\.at).max() ?? clock, steps.compactMap(\.awaitingSince).max() ?? clock].max()
        return MoleculeSnapshot(id: id, title: "", convoyID: convoy, formula: "integration-test-full-validation",
                                formulaVersion: "2.1", team: team, steps: steps, history: history, gates: gates,
                                inputs: inputs, lastActivity: last)
    }

    /// The demo workspace at a given time (everything is placed relative to `now`).
    public static func snapshot(now: Date, root: String = "demo") -> WorkspaceSnapshot {
        let hour: TimeInterval = 3600
        let convoy = "soc2-audit-trail"
        let input = "docs/development/SOC2/DAY2_HYBRID_AUDIT_COMPLETE.md"
        let day3 = now - 5 * hour
        let molecules: [MoleculeSnapshot] = [
            molecule(id: "day3-hybrid-capture-integration", convoy: convoy, team: "AI Analysis", current: 9,
                     state: .done, startedAt: day3,
                     history: approvals(["analysis", "plan", "test-validation", "compliance-triage"], reviewer: "jgarcia",
                                        from: day3 + 0.5 * hour),
                     gates: [GateSnapshot(stepID: "test-validation", gateID: "test-pass-rate", passed: true,
                                          summary: "48/48 passed, 0 skipped, no anti-patterns")],
                     inputs: [input]),
            molecule(id: "day3-rr-reconstruction-validation", convoy: convoy, team: "Data Storage", current: 6,
                     state: .awaitingApproval, startedAt: day3 + 0.5 * hour,
                     history: approvals(["analysis", "plan"], reviewer: "mchen", from: day3 + 0.8 * hour),
                     gates: [GateSnapshot(stepID: "test-validation", gateID: "test-pass-rate", passed: true,
                                          summary: "31/31 passed, 0 skipped")],
                     inputs: [input]),
            molecule(id: "day3-consumer-context-preservation", convoy: convoy, team: "HolmesAPI", current: 5,
                     state: .active, attempt: 2, startedAt: day3 + 0.2 * hour,
                     history: approvals(["analysis", "plan"], reviewer: "jgarcia", from: day3 + 0.5 * hour) + [
                        DecisionSnapshot(checkpointID: "test-validation-checkpoint", stepID: "test-validation",
                                         approved: false, reviewer: "mchen",
                                         reason: "3 tests failing, anti-pattern detected in line 145",
                                         returnedTo: "do-refactor", at: now - 40 * 60),
                     ],
                     gates: [GateSnapshot(stepID: "test-validation", gateID: "test-pass-rate", passed: false,
                                          summary: "25/28 passed; time.Sleep() before assertion at line 145")],
                     inputs: [input]),
            molecule(id: "day3-e2e-audit-trail-verification", convoy: convoy, team: "Gateway", current: 6,
                     state: .blocked, startedAt: day3 + 1 * hour,
                     history: approvals(["analysis", "plan"], reviewer: "mchen", from: day3 + 1.3 * hour),
                     gates: [GateSnapshot(stepID: "test-validation", gateID: "test-pass-rate", passed: false,
                                          summary: "40/41 passed, 1 skipped (Skip() is forbidden)")],
                     inputs: [input]),
            molecule(id: "day3-gateway-audit-headers", convoy: convoy, team: "Gateway", current: 4, state: .active,
                     startedAt: day3 + 2 * hour,
                     history: approvals(["analysis", "plan"], reviewer: "jgarcia", from: day3 + 2.3 * hour),
                     inputs: [input]),
            molecule(id: "day3-holmesapi-audit-client", convoy: convoy, team: "HolmesAPI", current: 1,
                     state: .awaitingApproval, startedAt: now - 1 * hour,
                     history: approvals(["analysis"], reviewer: "mchen", from: now - 0.7 * hour),
                     inputs: [input]),
        ]
        let toolset = "dynamic-toolset"
        let second: [MoleculeSnapshot] = [
            molecule(id: "toolset-registry-integration", convoy: toolset, team: "HolmesAPI", current: 9, state: .done,
                     startedAt: now - 30 * hour,
                     history: approvals(["analysis", "plan", "test-validation", "compliance-triage"], reviewer: "mchen",
                                        from: now - 29 * hour)),
            molecule(id: "toolset-discovery-tests", convoy: toolset, team: "AI Analysis", current: 0, state: .active,
                     startedAt: now - 0.2 * hour),
        ]
        return WorkspaceSnapshot(root: root, convoys: [
            ConvoySnapshot(id: convoy, title: "SOC2 Audit Trail",
                           teams: ["AI Analysis", "HolmesAPI", "Data Storage", "Gateway"], molecules: molecules),
            ConvoySnapshot(id: toolset, title: "Dynamic Toolset", teams: ["HolmesAPI", "AI Analysis"], molecules: second),
        ])
    }

    private static func approvals(_ steps: [String], reviewer: String, from start: Date) -> [DecisionSnapshot] {
        steps.enumerated().map { index, step in
            let checkpoint = formulaSteps.first { $0.id == step }?.checkpoint ?? step
            return DecisionSnapshot(checkpointID: checkpoint, stepID: step, approved: true, reviewer: reviewer,
                                    at: start + TimeInterval(index) * 1800)
        }
    }
}
