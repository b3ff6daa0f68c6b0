import TOML

/// `[compose]`: expansions (`expand`, `map`), the formula's own advice, then its aspects, in that
/// order, applied once to the merged formula. The formulas named are found through the same resolver
/// as `extends` and share its cycle check: `a` expanding with `b` that extends `a` is refused.
extension FormulaLoader {
    static func compose(
        _ formula: Formula, resolver: FormulaResolver?, chain: inout [String], diagnostics: inout [Diagnostic]
    ) -> Formula {
        let ownAdvice = formula.kind == .aspect ? [] : formula.advice
        guard !formula.compose.isEmpty || !ownAdvice.isEmpty else { return formula }
        // Inserted and replaced steps must not change what the other steps wait for.
        var result = formula.withExplicitNeeds()
        for rule in formula.compose.expansions {
            result = expand(result, by: rule, resolver: resolver, chain: &chain, diagnostics: &diagnostics)
        }
        result = AdviceWeaving.apply(ownAdvice, pointcuts: formula.pointcuts, origin: nil, to: result)
        for reference in formula.compose.aspects {
            guard
                let aspect = referenced(
                    reference.name, as: "compose.aspects", file: reference.file, at: reference.position,
                    resolver: resolver, chain: &chain, diagnostics: &diagnostics)
            else { continue }
            guard aspect.kind == .aspect, !aspect.advice.isEmpty else {
                diagnostics.append(
                    .error(
                        "compose.aspects: \"\(aspect.name)\" is \(describe(aspect)); expected an aspect formula with [[advice]]",
                        file: reference.file, at: reference.position))
                continue
            }
            result = AdviceWeaving.apply(aspect.advice, pointcuts: aspect.pointcuts, origin: aspect.name, to: result)
        }
        return result
    }

    /// One `expand` or `map` rule applied to `formula`.
    static func expand(
        _ formula: Formula, by rule: ExpandRule, resolver: FormulaResolver?, chain: inout [String],
        diagnostics: inout [Diagnostic]
    ) -> Formula {
        let file = rule.source.file
        guard
            let source = referenced(
                rule.with, as: "\(rule.path).with", file: file, at: rule.source.position("with"),
                resolver: resolver, chain: &chain, diagnostics: &diagnostics)
        else { return formula }
        let usable = source.kind == .expansion ? !source.templateSteps.isEmpty : source.kind == .convoy
        guard usable, !source.steps.isEmpty || !source.templateSteps.isEmpty else {
            diagnostics.append(
                .error(
                    "\(rule.path).with: \"\(source.name)\" is \(describe(source)); expected an expansion formula with [[template]] steps or a convoy formula",
                    file: file, at: rule.source.position("with")))
            return formula
        }
        let targets: [String]
        switch rule.target {
        case .step(let id):
            guard formula.indexByStepID[id] != nil else {
                diagnostics.append(
                    .error(
                        "\(rule.path).target: no step \"\(id)\" to expand"
                            + FormulaValidator.suggestion(id, formula.steps.map(\.id)),
                        file: file, at: rule.source.position("target")))
                return formula
            }
            targets = [id]
        case .matching(let glob):
            targets = formula.steps.map(\.id).filter { Glob.matches(pattern: glob, path: $0) }
            if targets.isEmpty {
                diagnostics.append(
                    .warning(
                        "\(rule.path).select: no step matches \"\(glob)\"; nothing expanded", file: file,
                        at: rule.source.position("select")))
            }
        }
        var result = formula
        for id in targets {
            guard let index = result.indexByStepID[id] else { continue }
            let instances = StepExpansion.instances(of: source, for: result.steps[index], vars: rule.vars)
            let (expanded, warnings) = StepExpansion.replace(id, in: result, by: instances)
            result = expanded
            diagnostics += warnings.map { .warning("\(rule.path): \($0)", file: file, at: rule.source.origin) }
        }
        // The variables the formula brought in are this one's too, unless the rule gave them a value.
        let given = Set(rule.vars.map(\.name))
        for variable in source.variableList
        where !given.contains(variable.name) && result.variables[variable.name] == nil {
            result.variableList.append(variable)
        }
        return result
    }

    /// A formula named by `[compose]`, resolved and composed in turn, or nil with an error at `position`
    /// (not found, or a cycle, printed in full: `a → b → a`).
    static func referenced(
        _ name: String, as field: String, file: String, at position: SourcePosition, resolver: FormulaResolver?,
        chain: inout [String], diagnostics: inout [Diagnostic]
    ) -> Formula? {
        if chain.contains(name) {
            let cycle = (chain.drop { $0 != name } + [name]).joined(separator: " → ")
            diagnostics.append(.error("\(field) \"\(name)\" is cyclic: \(cycle)", file: file, at: position))
            return nil
        }
        guard let resolver, let (table, referencedFile) = resolver(name) else {
            diagnostics.append(
                .error(
                    "\(field) \"\(name)\": no such formula on the search path (formulas/, .beads/formulas/, ~/.beads/formulas/)",
                    file: file, at: position))
            return nil
        }
        chain.append(name)
        defer { chain.removeLast() }
        let formula = resolve(
            table, file: referencedFile, resolver: resolver, chain: &chain, diagnostics: &diagnostics)
        return compose(formula, resolver: resolver, chain: &chain, diagnostics: &diagnostics)
    }

    /// `a workflow formula`, `an expansion formula without [[template]] steps`, for messages.
    static func describe(_ formula: Formula) -> String {
        let article = formula.kind == .expansion || formula.kind == .aspect ? "an" : "a"
        var text = "\(article) \(formula.kind.rawValue) formula"
        switch formula.kind {
        case .expansion where formula.templateSteps.isEmpty: text += " without [[template]] steps"
        case .aspect where formula.advice.isEmpty: text += " without [[advice]]"
        case .convoy where formula.steps.isEmpty: text += " without legs"
        default: break
        }
        return text
    }
}
