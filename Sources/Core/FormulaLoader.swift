import TOML

/// Finds a parent formula by name for `extends`: its parsed document and the file it came from.
/// The Store supplies one that searches `formulas/`, `.beads/formulas/`, `~/.beads/formulas/`.
public typealias FormulaResolver = (String) -> (table: TOMLTable, file: String)?

/// Loads formula documents: decode, merge `extends`, apply `[compose]`, validate. Never throws for
/// content problems.
public enum FormulaLoader {
    /// The formula and every diagnostic. The formula is nil when any diagnostic is an error.
    public static func load(
        _ table: TOMLTable, file: String, resolver: FormulaResolver? = nil
    ) -> (Formula?, [Diagnostic]) {
        let (formula, diagnostics) = loadUnchecked(table, file: file, resolver: resolver)
        return (diagnostics.hasErrors ? nil : formula, diagnostics)
    }

    /// The formula as far as it could be understood, even with errors (for `formula show` and tools).
    public static func loadUnchecked(
        _ table: TOMLTable, file: String, resolver: FormulaResolver? = nil
    ) -> (Formula, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var chain: [String] = []
        var formula = resolve(table, file: file, resolver: resolver, chain: &chain, diagnostics: &diagnostics)
        chain.append(formula.name)
        formula = compose(formula, resolver: resolver, chain: &chain, diagnostics: &diagnostics)
        formula.file = file
        diagnostics += FormulaValidator.validate(formula)
        return (formula, diagnostics)
    }

    /// Decodes a document and merges its parents into it, depth first (`[compose]` is applied later, once,
    /// to the merged formula: a child inherits its parents' composition rules).
    static func resolve(
        _ table: TOMLTable, file: String, resolver: FormulaResolver?, chain: inout [String],
        diagnostics: inout [Diagnostic]
    ) -> Formula {
        var decoder = FormulaDecoder(file: file)
        let document = decoder.decode(table)
        diagnostics += decoder.diagnostics
        var formula = document.formula
        if !document.nameWritten {
            diagnostics.append(
                .error(
                    "missing required key \"formula\" (the formula's name)", file: file,
                    at: SourcePosition(line: 1, column: 1)))
        }
        guard !document.extends.isEmpty else { return formula }
        // A formula loaded through `[compose]` is already on the chain under the name it was asked by.
        let pushed = chain.last != formula.name
        if pushed { chain.append(formula.name) }
        defer { if pushed { chain.removeLast() } }
        var merged: Formula? = nil
        for (parentName, position) in document.extends {
            if chain.contains(parentName) {
                let cycle = (chain.drop { $0 != parentName } + [parentName]).joined(separator: " → ")
                diagnostics.append(.error("extends \"\(parentName)\" is cyclic: \(cycle)", file: file, at: position))
                continue
            }
            guard let resolver, let (parentTable, parentFile) = resolver(parentName) else {
                diagnostics.append(
                    .error(
                        "extends \"\(parentName)\": no such formula on the search path (formulas/, .beads/formulas/, ~/.beads/formulas/)",
                        file: file, at: position))
                continue
            }
            let parent = resolve(
                parentTable, file: parentFile, resolver: resolver, chain: &chain, diagnostics: &diagnostics)
            merged = merged.map { merge(child: parent, into: $0) } ?? parent
        }
        if let merged { formula = merge(child: formula, into: merged) }
        return formula
    }

    /// The child's scalars win when written; steps, template steps, variables and anti-patterns with the
    /// same id replace the parent's in place, new ones are appended; lists of globs and categories,
    /// prompts and outputs are united; advice, pointcuts and composition rules are the parent's then the child's.
    static func merge(child: Formula, into parent: Formula) -> Formula {
        func unite<T>(_ base: [T], _ extra: [T], key: (T) -> String) -> [T] {
            var result = base
            var index = Dictionary(base.enumerated().map { (key($1), $0) }, uniquingKeysWith: { a, _ in a })
            for item in extra {
                if let i = index[key(item)] {
                    result[i] = item
                } else {
                    index[key(item)] = result.count
                    result.append(item)
                }
            }
            return result
        }
        var steps = parent.steps
        var stepIndex = Dictionary(steps.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        for step in child.steps {
            // A repeated id inside the child itself stays a duplicate, for validation to report.
            if let i = stepIndex[step.id], i < parent.steps.count, steps[i].source.file != child.file {
                steps[i] = step
            } else {
                stepIndex[step.id] = steps.count
                steps.append(step)
            }
        }
        return Formula(
            name: child.name.isEmpty ? parent.name : child.name,
            version: child.version ?? parent.version,
            description: child.description ?? parent.description,
            type: child.type ?? parent.type,
            extends: child.extends,
            variables: unite(parent.variableList, child.variableList, key: \.name),
            steps: steps,
            templateSteps: unite(parent.templateSteps, child.templateSteps, key: \.id),
            advice: parent.advice + child.advice,
            pointcuts: parent.pointcuts + child.pointcuts,
            compose: parent.compose.merged(with: child.compose),
            prompts: unite(parent.prompts, child.prompts, key: \.name),
            output: unite(parent.output, child.output, key: \.name),
            antiPatterns: unite(parent.antiPatterns, child.antiPatterns, key: \.id),
            authoritativeSources: unite(parent.authoritativeSources, child.authoritativeSources, key: { $0 }),
            validationCategories: unite(parent.validationCategories, child.validationCategories, key: { $0 }),
            progressionRules: child.progressionRules.dayCompletionCriteria.isEmpty
                ? parent.progressionRules : child.progressionRules,
            template: child.template ?? parent.template,
            unknownKeys: parent.unknownKeys + child.unknownKeys,
            file: child.file)
    }
}
