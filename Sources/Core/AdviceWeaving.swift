/// `[[advice]]`: steps inserted before and after the steps an aspect targets. Pure.
enum AdviceWeaving {
    /// `formula` with each rule's before steps put in front of every step it targets and its after steps
    /// behind it (`{step.id}` / `{step.title}` filled in). Before steps run in order and take over the
    /// target's needs; the target needs the last one. After steps follow the target in order, and the
    /// steps that needed the target need the last one. A rule without a `target` applies to the steps
    /// the `pointcuts` match. Only the formula's own steps are targets, never inserted ones.
    static func apply(
        _ rules: [AdviceRule], pointcuts: [Pointcut], origin: String?, to formula: Formula
    ) -> Formula {
        guard !rules.isEmpty else { return formula }
        var steps: [FormulaStep] = []
        var rewired: [String: String] = [:]  // target id → its last after step, for its dependants
        var targetOfAfter: [String: String] = [:]  // after step id → its target (which it keeps needing)
        for original in formula.steps {
            let matching = rules.filter { rule in
                if let target = rule.target { return Glob.matches(pattern: target, path: original.id) }
                return !pointcuts.isEmpty && pointcuts.contains { $0.matches(original) }
            }
            func instances(_ advice: [FormulaStep]) -> [FormulaStep] {
                advice.map { step in
                    var filled = step.mapText { StepPlaceholders.fill($0, prefix: "step", with: original) }
                    filled.origin = origin
                    return filled
                }
            }
            var before = instances(matching.flatMap(\.before))
            var after = instances(matching.flatMap(\.after))
            var target = original
            for i in before.indices {
                before[i].needs = StepExpansion.unique(before[i].needs + (i == 0 ? original.needs : [before[i - 1].id]))
            }
            if let last = before.last { target.needs = StepExpansion.unique(target.needs + [last.id]) }
            for i in after.indices {
                after[i].needs = StepExpansion.unique(after[i].needs + [i == 0 ? original.id : after[i - 1].id])
            }
            if let last = after.last { rewired[original.id] = last.id }
            for step in after { targetOfAfter[step.id] = original.id }
            steps += before + [target] + after
        }
        for i in steps.indices {
            let own = targetOfAfter[steps[i].id]
            steps[i].needs = StepExpansion.unique(steps[i].needs.map { $0 == own ? $0 : rewired[$0] ?? $0 })
        }
        var result = formula
        result.steps = steps
        return result
    }
}
