import Core
import Foundation
import Store

/// The text outline `gastown formula show` prints. Every string from the file is sanitized.
enum FormulaOutline {
    static func lines(_ formula: Formula) -> [String] {
        func safe(_ text: String) -> String { Output.safe(text) }
        var out: [String] = []
        let total = formula.totalPlannedTime
        let planned = PlannedDuration.format(minimum: total.minimum, maximum: total.maximum)
        var heading = safe(formula.name)
        if let version = formula.version { heading += " v" + safe(version.description) }
        if let type = formula.type { heading += " (\(safe(type)))" }
        out.append(heading)
        out.append("  file: \(safe(formula.file))")
        if let description = formula.description?.split(separator: "\n").first {
            out.append("  " + safe(String(description)))
        }
        out.append(
            "  \(formula.steps.count) steps\(formula.runsInFileOrder ? " in file order" : " (dependency graph)"), "
                + "\(formula.checkpoints.count) checkpoints, \(formula.gates.count) gates, planned \(planned)")
        if !formula.variableList.isEmpty {
            out.append("")
            out.append("Variables:")
            for variable in formula.variableList {
                var line = "  \(safe(variable.name))"
                if variable.required { line += " (required)" }
                if let value = variable.defaultValue { line += " = \"\(safe(value))\"" }
                if let allowed = variable.allowedValues {
                    line += " one of: \(allowed.map(safe).joined(separator: ", "))"
                }
                if let description = variable.description { line += " — \(safe(description))" }
                out.append(line)
            }
        }
        out.append("")
        out.append("Steps:")
        for (i, step) in formula.steps.enumerated() {
            var line = String(format: "%2d. ", i + 1) + safe(step.title)
            if step.title != step.id { line += " [\(safe(step.id))]" }
            if let kind = step.kind { line += "  \(kind.rawValue.uppercased())" }
            if let duration = step.durationText { line += "  \(safe(duration))" }
            out.append(line)
            if !formula.runsInFileOrder, !step.needs.isEmpty {
                out.append("      needs: \(step.needs.map(safe).joined(separator: ", "))")
            }
            if let assignee = step.assignee { out.append("      assignee: \(safe(assignee))") }
            for task in step.tasks { out.append("      - \(safe(task))") }
            if let acceptance = step.acceptance { out.append("      acceptance: \(safe(acceptance))") }
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
        }
        if !formula.antiPatterns.isEmpty {
            out.append("")
            out.append("Anti-patterns:")
            for pattern in formula.antiPatterns {
                out.append(
                    "  \(pattern.severity.rawValue.uppercased().padding(toLength: 8, withPad: " ", startingAt: 0)) \(safe(pattern.name))  /\(safe(pattern.pattern))/"
                        + (pattern.paths.isEmpty ? "" : " in \(pattern.paths.map(safe).joined(separator: ", "))"))
            }
        }
        if !formula.authoritativeSources.isEmpty {
            out.append("")
            out.append("Authoritative sources:")
            for source in formula.authoritativeSources { out.append("  \(safe(source))") }
        }
        if !formula.validationCategories.isEmpty {
            out.append("")
            out.append("Validation categories:")
            for (i, category) in formula.validationCategories.enumerated() {
                out.append("  \(i + 1). \(safe(category))")
            }
        }
        let criteria = formula.progressionRules.dayCompletionCriteria
        if !criteria.isEmpty {
            out.append("")
            out.append("Day completion criteria:")
            for criterion in criteria {
                out.append(
                    "  - \(safe(criterion.description)) (\(FormulaJSON.requirementText(criterion.requirement).map(safe).joined(separator: " ")))"
                )
            }
        }
        if let template = formula.template {
            out.append("")
            out.append("Report template: \(safe(template))")
        }
        out.append("")
        out.append("Total planned time: \(planned)")
        return out
    }
}

/// The JSON shapes of formula commands (documented in docs/formulas.md).
enum FormulaJSON {
    static func version(_ version: FormulaVersion?) -> JSON {
        switch version {
        case .integer(let n)?: .integer(n)
        case .text(let s)?: .string(s)
        case nil: .null
        }
    }

    static func seconds(_ duration: Duration?) -> JSON {
        duration.map { .integer(Int($0.components.seconds)) } ?? .null
    }

    static func diagnostic(_ d: Diagnostic) -> JSON {
        .object([
            ("severity", .string(d.severity.rawValue)), ("file", .string(d.file)),
            ("line", d.position.isKnown ? .integer(d.position.line) : .null),
            ("column", d.position.isKnown ? .integer(d.position.column) : .null),
            ("message", .string(d.message)),
        ])
    }

    /// (kind, id): ("gate", "g"), ("checkpoint", "c"), ("step", "s"), ("manual", "name").
    static func requirementText(_ requirement: CompletionCriterion.Requirement) -> [String] {
        switch requirement {
        case .gatePassed(let id): ["gate", id]
        case .checkpointApproved(let id): ["checkpoint", id]
        case .stepDone(let id): ["step", id]
        case .manual(let name): ["manual", name]
        }
    }

    static func gate(_ gate: Gate) -> JSON {
        var members: [(String, JSON)] = [
            ("id", .string(gate.id)), ("type", .string(gate.type.name)), ("mandatory", .bool(gate.mandatory)),
            ("description", .optional(gate.description)), ("criteria", .string(gate.criteriaText)),
            ("awaitID", .optional(gate.awaitID)), ("timeoutSeconds", seconds(gate.timeout)),
        ]
        switch gate.type {
        case .tests(let rate, let allowSkipped, let allowAntiPatterns):
            members += [
                ("requiredPassRate", .number(rate)), ("allowSkipped", .bool(allowSkipped)),
                ("allowAntiPatterns", .bool(allowAntiPatterns)),
            ]
        case .compliance(let blocking):
            members.append(("blockOn", .array(blocking.sorted(by: >).map { .string($0.rawValue) })))
        default:
            break
        }
        return .object(members)
    }

    static func formula(_ formula: Formula) -> JSON {
        let total = formula.totalPlannedTime
        return .object([
            ("name", .string(formula.name)),
            ("version", version(formula.version)),
            ("type", .optional(formula.type)),
            ("description", .optional(formula.description)),
            ("file", .string(formula.file)),
            ("extends", .array(formula.extends.map(JSON.string))),
            ("runsInFileOrder", .bool(formula.runsInFileOrder)),
            ("plannedSeconds", seconds(total.minimum)),
            ("plannedMaximumSeconds", seconds(total.maximum)),
            ("template", .optional(formula.template)),
            (
                "variables",
                .array(
                    formula.variableList.map { v in
                        .object([
                            ("name", .string(v.name)), ("description", .optional(v.description)),
                            ("default", .optional(v.defaultValue)), ("required", .bool(v.required)),
                            ("enum", v.allowedValues.map { .array($0.map(JSON.string)) } ?? .null),
                            ("pattern", .optional(v.pattern)),
                        ])
                    })
            ),
            (
                "steps",
                .array(
                    formula.steps.map { step in
                        .object([
                            ("id", .string(step.id)), ("title", .string(step.title)),
                            ("kind", .optional(step.kind?.rawValue)), ("description", .optional(step.description)),
                            ("needs", .array(formula.prerequisites(of: step.id).map(JSON.string))),
                            ("declaredNeeds", .array(step.needs.map(JSON.string))),
                            ("duration", .optional(step.durationText)),
                            ("durationSeconds", seconds(step.duration)),
                            ("maximumDurationSeconds", seconds(step.maximumDuration)),
                            ("tasks", .array(step.tasks.map(JSON.string))),
                            ("acceptance", .optional(step.acceptance)), ("assignee", .optional(step.assignee)),
                            (
                                "checkpoint",
                                step.checkpoint.map { c in
                                    .object([
                                        ("id", .string(c.id)), ("prompt", .string(c.prompt)),
                                        ("onReject", .string(c.onReject)),
                                    ])
                                } ?? .null
                            ),
                            ("gate", step.gate.map(gate) ?? .null),
                        ])
                    })
            ),
            (
                "antiPatterns",
                .array(
                    formula.antiPatterns.map { a in
                        .object([
                            ("id", .string(a.id)), ("name", .string(a.name)),
                            ("severity", .string(a.severity.rawValue)),
                            ("pattern", .string(a.pattern)), ("paths", .array(a.paths.map(JSON.string))),
                            ("advice", .optional(a.advice)), ("source", .optional(a.reference)),
                        ])
                    })
            ),
            ("authoritativeSources", .array(formula.authoritativeSources.map(JSON.string))),
            ("validationCategories", .array(formula.validationCategories.map(JSON.string))),
            (
                "dayCompletionCriteria",
                .array(
                    formula.progressionRules.dayCompletionCriteria.map { c in
                        let (kind, id) = (requirementText(c.requirement)[0], requirementText(c.requirement)[1])
                        return .object([
                            ("description", .string(c.description)), ("kind", .string(kind)), ("ref", .string(id)),
                        ])
                    })
            ),
            (
                "unknownKeys",
                .array(
                    (formula.unknownKeys + formula.steps.flatMap(\.unknownKeys)).map { k in
                        .object([
                            ("path", .string(k.path)), ("file", .string(k.file)),
                            ("line", .integer(k.position.line)), ("column", .integer(k.position.column)),
                        ])
                    })
            ),
        ])
    }
}
