import Foundation

extension FormulaStep {
    /// The step with `transform` applied to every text that names or describes it: id, title,
    /// description, needs, acceptance, assignee, tasks, labels, focus, and its checkpoint's and gate's
    /// ids, prompt, description and awaited id. Composition fills placeholders with it.
    func mapText(_ transform: (String) -> String) -> FormulaStep {
        var step = self
        step.id = transform(id)
        step.title = transform(title)
        step.description = description.map(transform)
        step.needs = needs.map(transform)
        step.acceptance = acceptance.map(transform)
        step.assignee = assignee.map(transform)
        step.tasks = tasks.map(transform)
        step.labels = labels.map(transform)
        step.focus = focus.map(transform)
        if var checkpoint {
            checkpoint.id = transform(checkpoint.id)
            checkpoint.prompt = transform(checkpoint.prompt)
            checkpoint.onReject = transform(checkpoint.onReject)
            step.checkpoint = checkpoint
        }
        if var gate {
            gate.id = transform(gate.id)
            gate.description = gate.description.map(transform)
            gate.awaitID = gate.awaitID.map(transform)
            step.gate = gate
        }
        return step
    }
}

/// The single-brace placeholders of composition: `{target}`, `{target.id}`, `{target.title}`,
/// `{target.description}` in an expansion's template steps, `{step.id}`, `{step.title}` in advice.
enum StepPlaceholders {
    static func fill(_ text: String, prefix: String, with step: FormulaStep) -> String {
        guard text.contains("{" + prefix) else { return text }
        return
            text
            .replacingOccurrences(of: "{\(prefix)}", with: step.id)
            .replacingOccurrences(of: "{\(prefix).id}", with: step.id)
            .replacingOccurrences(of: "{\(prefix).title}", with: step.title)
            .replacingOccurrences(of: "{\(prefix).description}", with: step.description ?? "")
    }
}
