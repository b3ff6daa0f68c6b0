import Core
import Foundation
import Store

/// The text outline `gastown formula show` prints. Every string from the file is sanitized.
enum FormulaOutline {
    static func safe(_ text: String) -> String { Output.safe(text) }

    static func lines(_ formula: Formula) -> [String] {
        var out = heading(formula)
        if !formula.variableList.isEmpty {
            out += ["", "Variables:"] + formula.variableList.map(variableLine)
        }
        if formula.kind == .expansion {
            out += ["", "Template steps (they replace a target step; {target} is its id):"]
            out += formula.templateSteps.enumerated().flatMap { stepLines($1, number: $0 + 1, needs: $1.needs) }
        } else if !formula.steps.isEmpty || formula.kind != .aspect {
            out += ["", "Steps:"]
            out += formula.steps.enumerated().flatMap { i, step in
                stepLines(step, number: i + 1, needs: formula.runsInFileOrder ? [] : step.needs)
            }
        }
        out += adviceLines(formula)
        out += kept(formula)
        out.append("")
        out.append("Total planned time: \(planned(formula))")
        return out
    }

    static func planned(_ formula: Formula) -> String {
        PlannedDuration.format(minimum: formula.totalPlannedTime.minimum, maximum: formula.totalPlannedTime.maximum)
    }

    static func heading(_ formula: Formula) -> [String] {
        var heading = safe(formula.name)
        if let version = formula.version { heading += " v" + safe(version.description) }
        heading += " (\(formula.kind.rawValue))"
        var out = [heading, "  file: \(safe(formula.file))"]
        if let description = formula.description?.split(separator: "\n").first {
            out.append("  " + safe(String(description)))
        }
        out.append("  " + counts(formula))
        var composed: [String] = []
        for rule in formula.compose.expansions {
            switch rule.target {
            case .step(let id): composed.append("expand \(safe(id)) with \(safe(rule.with))")
            case .matching(let glob): composed.append("expand steps matching \(safe(glob)) with \(safe(rule.with))")
            }
        }
        if !formula.compose.aspects.isEmpty {
            composed.append("aspects " + formula.compose.aspects.map { safe($0.name) }.joined(separator: ", "))
        }
        if !composed.isEmpty { out.append("  composed: " + composed.joined(separator: "; ")) }
        return out
    }

    /// `9 steps in file order, 4 checkpoints, 2 gates, planned 2h25m-2h40m`, or what an expansion or an
    /// advice-only aspect holds instead.
    static func counts(_ formula: Formula) -> String {
        if formula.kind == .expansion {
            let total = formula.templateSteps.reduce(Duration.zero) { $0 + ($1.duration ?? .zero) }
            return "\(formula.templateSteps.count) template steps, used through [compose] expand, planned "
                + PlannedDuration.format(minimum: total, maximum: total) + " per target"
        }
        if formula.kind == .aspect, formula.steps.isEmpty {
            return "\(formula.advice.count) advice rules, applied through [compose] aspects"
        }
        let order: String
        if !formula.runsInFileOrder {
            order = " (dependency graph)"
        } else if !formula.steps.isEmpty, formula.steps.allSatisfy(\.parallel) {
            order = ", all ready at once"
        } else {
            order =
                formula.steps.contains(where: \.parallel) ? " in file order, parallel runs at once" : " in file order"
        }
        return "\(formula.steps.count) steps\(order), \(formula.checkpoints.count) checkpoints, "
            + "\(formula.gates.count) gates, planned \(planned(formula))"
    }

    static func variableLine(_ variable: FormulaVariable) -> String {
        var line = "  \(safe(variable.name))"
        if variable.required { line += " (required)" }
        if !variable.requiredUnless.isEmpty {
            line += " (required unless \(variable.requiredUnless.map(safe).joined(separator: " or ")))"
        }
        if let type = variable.valueType, type != .string { line += " \(type.rawValue)" }
        if let value = variable.defaultValue { line += " = \"\(safe(value))\"" }
        if let allowed = variable.allowedValues { line += " one of: \(allowed.map(safe).joined(separator: ", "))" }
        if let description = variable.description { line += " — \(safe(description))" }
        return line
    }

    static func stepLines(_ step: FormulaStep, number: Int, needs: [String]) -> [String] {
        var line = String(format: "%2d. ", number) + safe(step.title)
        if step.title != step.id { line += " [\(safe(step.id))]" }
        if let kind = step.kind { line += "  \(kind.rawValue.uppercased())" }
        if let duration = step.durationText { line += "  \(safe(duration))" }
        var tags: [String] = []
        if step.role != .step && step.role != .template { tags.append(step.role.rawValue) }
        if let origin = step.origin { tags.append("from " + safe(origin)) }
        if step.parallel && step.role == .step { tags.append("parallel") }
        if step.reviewOnly { tags.append("review only") }
        if !tags.isEmpty { line += "  (\(tags.joined(separator: ", ")))" }
        var out = [line]
        if !needs.isEmpty { out.append("      needs: \(needs.map(safe).joined(separator: ", "))") }
        if let focus = step.focus { out.append("      focus: \(safe(focus))") }
        if let assignee = step.assignee { out.append("      assignee: \(safe(assignee))") }
        out += step.tasks.map { "      - \(safe($0))" }
        if let acceptance = step.acceptance { out.append("      done when: \(safe(acceptance))") }
        if let gate = step.gate {
            out.append(
                "      ■ gate \(safe(gate.id)) (\(safe(gate.type.name)), \(gate.mandatory ? "mandatory" : "advisory")): \(safe(gate.criteriaText))"
            )
        }
        if let checkpoint = step.checkpoint {
            var text = "      ◆ checkpoint \(safe(checkpoint.id)): \(safe(checkpoint.prompt))"
            if checkpoint.onReject != step.id { text += " (reject → \(safe(checkpoint.onReject)))" }
            out.append(text)
        }
        return out
    }

    /// An aspect's advice and pointcuts (a workflow's own advice is already applied to its steps).
    static func adviceLines(_ formula: Formula) -> [String] {
        guard formula.kind == .aspect, !formula.advice.isEmpty else { return [] }
        var out = ["", "Advice ({step.id} is the id of the step it applies to):"]
        for rule in formula.advice {
            out.append("  around \(rule.target.map(safe) ?? "the pointcuts"):")
            out += rule.before.map { "    before: \(safe($0.id)) — \(safe($0.title))" }
            out += rule.after.map { "    after:  \(safe($0.id)) — \(safe($0.title))" }
        }
        if !formula.pointcuts.isEmpty {
            out.append("Pointcuts:")
            for pointcut in formula.pointcuts {
                let parts = [("glob", pointcut.glob), ("type", pointcut.type), ("label", pointcut.label)]
                    .compactMap { name, value in value.map { "\(name) \(safe($0))" } }
                out.append("  " + parts.joined(separator: ", "))
            }
        }
        return out
    }

    /// Anti-patterns, sources, categories, criteria, report template, prompts and output.
    static func kept(_ formula: Formula) -> [String] {
        var out: [String] = []
        func section(_ title: String, _ lines: [String]) {
            guard !lines.isEmpty else { return }
            out += ["", title] + lines
        }
        section(
            "Anti-patterns:",
            formula.antiPatterns.map { pattern in
                "  \(pattern.severity.rawValue.uppercased().padding(toLength: 8, withPad: " ", startingAt: 0)) \(safe(pattern.name))  /\(safe(pattern.pattern))/"
                    + (pattern.paths.isEmpty ? "" : " in \(pattern.paths.map(safe).joined(separator: ", "))")
            })
        section("Authoritative sources:", formula.authoritativeSources.map { "  \(safe($0))" })
        section(
            "Validation categories:", formula.validationCategories.enumerated().map { "  \($0 + 1). \(safe($1))" })
        section(
            "Day completion criteria:",
            formula.progressionRules.dayCompletionCriteria.map { criterion in
                "  - \(safe(criterion.description)) (\(FormulaJSON.requirementText(criterion.requirement).map(safe).joined(separator: " ")))"
            })
        if let template = formula.template { out += ["", "Report template: \(safe(template))"] }
        section(
            "Prompts (kept, not interpreted):",
            formula.prompts.map { prompt in
                let lines = prompt.text.split(separator: "\n", omittingEmptySubsequences: false)
                let first = lines.first { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? ""
                return "  \(safe(prompt.name)): \(safe(String(first)))"
                    + (lines.count > 1 ? " (\(lines.count) lines)" : "")
            })
        section("Output (kept, not interpreted):", formula.output.map { "  \(safe($0.name)) = \(safe($0.text))" })
        return out
    }
}
