/// `[compose] expand`: a target step replaced by an expansion formula's `[[template]]` steps or by a
/// convoy's legs and synthesis. Pure.
enum StepExpansion {
    /// The steps that replace `target`. Template steps get `{target}`, `{target.title}`, … filled in
    /// (`{target}.draft` becomes `implement.draft`); a convoy's steps get `TARGET.` before their ids (and
    /// their checkpoint and gate ids), so the same convoy can replace several steps. `vars` fill the
    /// `{{name}}` placeholders they give a value for.
    static func instances(of source: Formula, for target: FormulaStep, vars: [NamedText]) -> [FormulaStep] {
        let values = Dictionary(vars.map { ($0.name, $0.text) }, uniquingKeysWith: { first, _ in first })
        func fillVariables(_ text: String) -> String {
            values.isEmpty ? text : Placeholders.substitute(text, with: values)
        }
        if source.kind == .expansion {
            return source.templateSteps.map { template in
                var step = template.mapText { fillVariables(StepPlaceholders.fill($0, prefix: "target", with: target)) }
                step.origin = source.name
                return step
            }
        }
        let own = Set(source.steps.map(\.id))
        func prefixed(_ id: String) -> String { "\(target.id).\(id)" }
        return source.steps.map { original in
            var step = original.mapText(fillVariables)
            step.id = prefixed(original.id)
            step.needs = step.needs.map { own.contains($0) ? prefixed($0) : $0 }
            if var checkpoint = step.checkpoint {
                checkpoint.id = prefixed(checkpoint.id)
                if own.contains(checkpoint.onReject) { checkpoint.onReject = prefixed(checkpoint.onReject) }
                step.checkpoint = checkpoint
            }
            if var gate = step.gate {
                gate.id = prefixed(gate.id)
                step.gate = gate
            }
            step.origin = source.name
            return step
        }
    }

    /// `formula` with `targetID` replaced by `instances`, wired in its place: the instances that need
    /// none of the others take over the target's needs (and its assignee, when they have none); the
    /// steps that needed the target need the instances nothing else needs (the ends); a rejection or a
    /// day-completion criterion naming the target goes to the first instance or the last end. The
    /// target's gate and checkpoint move to the end when there is exactly one end without its own;
    /// otherwise they are dropped, with a warning returned.
    static func replace(_ targetID: String, in formula: Formula, by instances: [FormulaStep]) -> (Formula, [String]) {
        guard let targetIndex = formula.indexByStepID[targetID], !instances.isEmpty else { return (formula, []) }
        let target = formula.steps[targetIndex]
        let ids = Set(instances.map(\.id))
        var placed = instances
        let needed = Set(instances.flatMap(\.needs))
        let ends = placed.indices.filter { !needed.contains(placed[$0].id) }
        for i in placed.indices where !placed[i].needs.contains(where: ids.contains) {
            placed[i].needs = unique(target.needs + placed[i].needs)
        }
        for i in placed.indices where placed[i].assignee == nil { placed[i].assignee = target.assignee }
        let firstID = placed[0].id
        var warnings: [String] = []
        if target.gate != nil || target.checkpoint != nil {
            if ends.count == 1, placed[ends[0]].gate == nil, placed[ends[0]].checkpoint == nil {
                placed[ends[0]].gate = target.gate
                placed[ends[0]].checkpoint = target.checkpoint.map { checkpoint in
                    var moved = checkpoint
                    if moved.onReject == targetID { moved.onReject = firstID }
                    return moved
                }
            } else {
                warnings.append(
                    "step \(targetID)'s gate and checkpoint are dropped: the steps replacing it have several ends or their own"
                )
            }
        }
        let endIDs = ends.map { placed[$0].id }
        var steps = formula.steps
        for i in steps.indices where i != targetIndex {
            if steps[i].needs.contains(targetID) {
                steps[i].needs = unique(steps[i].needs.flatMap { $0 == targetID ? endIDs : [$0] })
            }
            if steps[i].checkpoint?.onReject == targetID { steps[i].checkpoint?.onReject = firstID }
        }
        steps.replaceSubrange(targetIndex...targetIndex, with: placed)
        var result = formula
        result.steps = steps
        result.progressionRules.dayCompletionCriteria = result.progressionRules.dayCompletionCriteria.map {
            guard case .stepDone(targetID) = $0.requirement, let last = endIDs.last else { return $0 }
            var moved = $0
            moved.requirement = .stepDone(last)
            return moved
        }
        return (result, warnings)
    }

    static func unique(_ ids: [String]) -> [String] {
        var seen = Set<String>()
        return ids.filter { seen.insert($0).inserted }
    }
}
