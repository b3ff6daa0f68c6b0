import Core
import Foundation
import Store

/// "What do I do now, and what will be checked?" for one molecule, in one answer (`gastown mcp`'s `next_work`).
/// Everything comes from the one derived truth, `MoleculeState.summarize` (docs/store.md, "Effective state"):
/// this only picks the step an agent should act on and gathers what the formula says about it.
public enum NextWork {
    /// What the agent should do: `work` (a step is active), `rework` (a reviewer sent it back), `start` (a step is
    /// ready), `unblock` (its mandatory gate fails), `wait` (a checkpoint awaits a reviewer), `done`, `fix-file`
    /// (the molecule cannot be used until its file or formula is fixed).
    public enum Action: String, Sendable {
        case work, rework, start, unblock, wait, done
        case fixFile = "fix-file"
    }

    /// The step to act on and why, from the summary: a sent-back step first, then one being worked on (a blocked
    /// one says so), then one ready to start; with none, a checkpoint awaiting a decision, else done.
    static func choose(_ summary: MoleculeSummary) -> (Action, MoleculeSummary.Step?) {
        if summary.state == .invalid { return (.fixFile, nil) }
        let working = summary.steps.filter { [.active, .blocked].contains($0.status) }
        if let sentBack = summary.steps.first(where: { $0.sentBack }) { return (.rework, sentBack) }
        if let step = working.first(where: { $0.status == .active }) { return (.work, step) }
        if let step = working.first { return (.unblock, step) }
        if summary.currentAreReady, let id = summary.current.first,
            let step = summary.steps.first(where: { $0.id == id })
        {
            return (.start, step)
        }
        if summary.steps.contains(where: { $0.status == .awaitingApproval }) { return (.wait, nil) }
        return (.done, nil)
    }

    public static func json(_ state: MoleculeState, now: Date = Date()) -> JSON {
        let summary = state.summarize(now: now)
        let (action, chosen) = choose(summary)
        var members: [(String, JSON)] = [
            ("molecule", .string(state.name)), ("convoy", .string(state.convoy)),
            ("state", .string(summary.state.rawValue)), ("action", .string(action.rawValue)),
            ("reason", .string(reason(action, chosen, summary: summary))),
        ]
        let formulaStep = chosen.flatMap { state.formula?.step($0.id) }
        members.append(
            ("step", chosen.flatMap { step in formulaStep.map { Self.step(step, $0, state: state) } } ?? .null))
        members.append(("also_current", .array(summary.current.filter { $0 != chosen?.id }.map(JSON.string))))
        let gate = chosen.flatMap { step in summary.gates.first { $0.stepID == step.id } }
        members.append(("gate", gate.map(GatePresentation.status) ?? .null))
        let antiPatterns = formulaStep?.gate.map { failing(state.formula?.antiPatterns ?? [], gate: $0) } ?? []
        members.append(("anti_patterns", .array(antiPatterns.map(antiPattern))))
        members.append(("authoritative_sources", .array((state.formula?.authoritativeSources ?? []).map(JSON.string))))
        members.append(
            (
                "checkpoint",
                formulaStep?.checkpoint.map {
                    .object([
                        ("id", .string($0.id)), ("prompt", .string(filled($0.prompt, state))),
                        ("on_reject", .string($0.onReject)),
                    ])
                } ?? .null
            ))
        members.append(("last_rejection", StorePresentation.rejection(chosen?.lastRejection)))
        members.append(
            (
                "open_checkpoints",
                .array(
                    summary.openCheckpoints.map {
                        .object([
                            ("checkpoint", .string($0.checkpoint.id)), ("step", .string($0.step)),
                            ("attempt", .integer($0.attempt)), ("prompt", .string($0.checkpoint.prompt)),
                            ("since", .date($0.since)),
                        ])
                    })
            ))
        members.append(("problems", .array(summary.problems.map(StorePresentation.problem))))
        return .object(members)
    }

    static func reason(_ action: Action, _ step: MoleculeSummary.Step?, summary: MoleculeSummary) -> String {
        switch action {
        case .fixFile:
            return "the molecule cannot be used until its problems are fixed: "
                + summary.problems.filter { $0.severity == .error }.prefix(3).map(\.message).joined(separator: "; ")
        case .rework:
            let rejection = step?.lastRejection
            return "sent back by \(rejection?.reviewer ?? "a reviewer") (\(rejection?.checkpoint ?? "checkpoint"))"
                + (rejection?.reason.map { ": \($0)" } ?? "") + "; attempt \(step?.attempt ?? 1)"
        case .work: return "step \(step?.id ?? "?") is active: do its tasks, then complete it"
        case .unblock:
            let gate = summary.gates.first { $0.stepID == step?.id && $0.blocking }
            return "step \(step?.id ?? "?") is blocked by gate \(gate?.gate.id ?? "?")"
                + (gate?.result.map { ": \($0.summary)" } ?? "") + "; fix it, record the tests and check the gate again"
        case .start: return "step \(step?.id ?? "?") is ready: start it (molecule_start)"
        case .wait:
            return "awaiting approval: "
                + summary.openCheckpoints.map { "\($0.checkpoint.id) (step \($0.step))" }.joined(separator: ", ")
                + " awaits a reviewer's decision; an agent cannot decide it"
        case .done: return "every step is done"
        }
    }

    static func step(_ s: MoleculeSummary.Step, _ step: FormulaStep, state: MoleculeState) -> JSON {
        .object([
            ("id", .string(s.id)), ("title", .string(filled(step.title, state))),
            ("status", .string(s.status.rawValue)), ("attempt", .integer(s.attempt)), ("sent_back", .bool(s.sentBack)),
            ("kind", .optional(step.kind?.rawValue)),
            ("description", .optional(step.description.map { filled($0, state) })),
            ("tasks", .array(step.tasks.map { .string(filled($0, state)) })),
            ("acceptance", .optional(step.acceptance.map { filled($0, state) })),
            ("duration", .optional(step.durationText)), ("assignee", .optional(s.assignee)),
            ("needs_report", .bool(s.report != nil)),
        ])
    }

    /// A formula text with the molecule's variables filled in (`{{service}}`).
    static func filled(_ text: String, _ state: MoleculeState) -> String {
        guard let file = state.file else { return text }
        var values = Dictionary(file.variables, uniquingKeysWith: { first, _ in first })
        if values["inputs"] == nil, !file.inputs.isEmpty { values["inputs"] = file.inputs.joined(separator: ", ") }
        return Placeholders.substitute(text, with: values)
    }

    /// The anti-patterns whose hits fail this gate: all of them for a tests gate that forbids them, those at a
    /// blocking severity for a compliance gate, none otherwise.
    static func failing(_ patterns: [AntiPattern], gate: Gate) -> [AntiPattern] {
        switch gate.type {
        case .tests(_, _, let allow): allow ? [] : patterns
        case .compliance(let blocking): patterns.filter { blocking.contains($0.severity) }
        default: []
        }
    }

    static func antiPattern(_ p: AntiPattern) -> JSON {
        .object([
            ("id", .string(p.id)), ("name", .string(p.name)), ("severity", .string(p.severity.rawValue)),
            ("pattern", .string(p.pattern)), ("paths", .array(p.paths.map(JSON.string))),
            ("advice", .optional(p.advice)), ("description", .optional(p.description)),
            ("reference", .optional(p.reference)),
        ])
    }
}
