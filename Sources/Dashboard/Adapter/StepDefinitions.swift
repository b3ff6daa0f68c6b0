import Core
import Foundation

/// The step definitions of the formulas a convoy's molecules follow, each held once: every molecule's step
/// snapshots refer to these instead of copying what the formula says. A formula that changed (another version, an
/// edited step) gets new definitions for the steps that differ.
struct StepDefinitions: Sendable {
    private var byFormula: [String: [SharedStepDefinition]] = [:]

    /// The shared definitions of the formula's steps, in its order.
    mutating func shared(_ formula: Formula) -> [SharedStepDefinition] {
        let known = byFormula[formula.name] ?? []
        // Comparing is cheap: the molecules of one load share the formula's strings and arrays.
        if known.count == formula.steps.count,
            formula.steps.indices.allSatisfy({ known[$0].value == Self.definition(formula.steps[$0]) })
        {
            return known
        }
        let fresh = formula.steps.enumerated().map { index, step in
            let definition = Self.definition(step)
            return index < known.count && known[index].value == definition
                ? known[index] : SharedStepDefinition(definition)
        }
        byFormula[formula.name] = fresh
        return fresh
    }

    static func definition(_ step: FormulaStep) -> StepDefinition {
        StepDefinition(
            id: step.id, title: step.title, kind: step.kind?.rawValue, planned: step.duration.map(StoreAdapter.seconds),
            tasks: step.tasks, acceptance: step.acceptance,
            checkpoint: step.checkpoint.map { CheckpointInfo(id: $0.id, prompt: $0.prompt, onReject: $0.onReject) },
            gate: step.gate?.id)
    }
}
