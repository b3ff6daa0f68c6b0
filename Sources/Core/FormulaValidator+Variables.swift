import TOML

/// Variables and the `{{name}}` placeholders that use them.
extension FormulaValidator {
    static func checkVariables(_ formula: Formula, _ out: inout [Diagnostic]) {
        var seen: Set<String> = []
        let declared = Set(formula.variableList.map(\.name))
        for variable in formula.variableList {
            if !seen.insert(variable.name).inserted {
                out.append(error("duplicate variable \"\(variable.name)\"", variable.source, ""))
            }
            if !isIdentifier(variable.name) {
                out.append(
                    error(
                        "variable name \"\(variable.name)\" must be letters, digits, _ or - (it is used as {{\(variable.name)}})",
                        variable.source, ""))
            }
            if TemplateTag.keywords.contains(variable.name) {
                out.append(
                    .warning(
                        "variable \(variable.name) can never be used: {{\(variable.name)}} is a template keyword",
                        file: variable.source.file, at: variable.source.origin))
            }
            if variable.required, variable.defaultValue != nil {
                // Gas Town accepts this; the default is used when no value is given.
                out.append(
                    .warning(
                        "variable \(variable.name) is required and also has a default; the default is used when no value is given",
                        file: variable.source.file, at: variable.source.position("default")))
            }
            for (i, other) in variable.requiredUnless.enumerated() where !declared.contains(other) {
                out.append(
                    error(
                        "variable \(variable.name): required_unless names unknown variable \"\(other)\""
                            + suggestion(other, Array(declared)), variable.source, "required_unless.\(i)"))
            }
            if let pattern = variable.pattern, case .failure(let message) = VariablePattern.compile(pattern) {
                out.append(
                    error(
                        "variable \(variable.name): pattern does not compile: \(message)", variable.source, "pattern"))
            }
            guard let value = variable.defaultValue else { continue }
            for problem in variable.problems(with: value) {
                switch problem {
                case .notAllowed(_, _, let allowed):
                    out.append(
                        error(
                            "variable \(variable.name): default \"\(value)\" is not one of the enum values (\(allowed.joined(separator: ", ")))",
                            variable.source, "default"))
                case .noMatch(_, _, let pattern):
                    out.append(
                        error(
                            "variable \(variable.name): default \"\(value)\" does not match its pattern \(pattern)",
                            variable.source, "default"))
                case .wrongType(_, _, let type):
                    out.append(
                        error(
                            "variable \(variable.name): default \"\(value)\" is not a \(type.rawValue)",
                            variable.source,
                            "default"))
                default:
                    break
                }
            }
        }
    }

    /// An unknown `{{name}}` is a warning, not an error: it may be filled at run time.
    static func checkPlaceholders(
        _ text: String?, _ source: SourceMap, _ field: String, _ owner: @autoclosure () -> String,
        _ declared: Set<String>, _ out: inout [Diagnostic]
    ) {
        guard let text else { return }
        for name in Placeholders.names(in: text) where !declared.contains(name) {
            out.append(
                .warning(
                    "\(owner()) uses {{\(name)}} but no variable \"\(name)\" is declared in [vars]; left as written",
                    file: source.file, at: source.position(field)))
        }
    }

    static func checkPlaceholders(in step: FormulaStep, _ declared: Set<String>, _ out: inout [Diagnostic]) {
        let source = step.source
        checkPlaceholders(step.title, source, "title", "step \(step.id)", declared, &out)
        checkPlaceholders(step.description, source, "description", "step \(step.id)", declared, &out)
        checkPlaceholders(step.acceptance, source, "acceptance", "step \(step.id)", declared, &out)
        checkPlaceholders(step.assignee, source, "assignee", "step \(step.id)", declared, &out)
        for task in step.tasks { checkPlaceholders(task, source, "tasks", "step \(step.id)", declared, &out) }
        checkPlaceholders(step.checkpoint?.prompt, source, "checkpoint.prompt", "step \(step.id)", declared, &out)
        checkPlaceholders(step.gate?.description, source, "gate.description", "step \(step.id)", declared, &out)
        checkPlaceholders(step.gate?.awaitID, source, "gate.await_id", "step \(step.id)", declared, &out)
    }
}
