import Core
import Foundation
import Store

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

    static func strings(_ values: [String]) -> JSON { .array(values.map(JSON.string)) }

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
        case .checkpointRules(let step): ["checkpoint-rules", step]
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

    static func variable(_ v: FormulaVariable) -> JSON {
        .object([
            ("name", .string(v.name)), ("description", .optional(v.description)),
            ("default", .optional(v.defaultValue)), ("required", .bool(v.required)),
            ("requiredUnless", strings(v.requiredUnless)), ("type", .optional(v.valueType?.rawValue)),
            ("enum", v.allowedValues.map(strings) ?? .null), ("pattern", .optional(v.pattern)),
        ])
    }

    /// A step; `needs` are its effective prerequisites (the file-order rule applied).
    static func step(_ step: FormulaStep, needs: [String]) -> JSON {
        .object([
            ("id", .string(step.id)), ("title", .string(step.title)), ("role", .string(step.role.rawValue)),
            ("kind", .optional(step.kind?.rawValue)), ("description", .optional(step.description)),
            ("needs", strings(needs)), ("declaredNeeds", strings(step.needs)),
            ("parallel", .bool(step.parallel)), ("focus", .optional(step.focus)),
            ("reviewOnly", .bool(step.reviewOnly)), ("origin", .optional(step.origin)),
            ("duration", .optional(step.durationText)), ("durationSeconds", seconds(step.duration)),
            ("maximumDurationSeconds", seconds(step.maximumDuration)), ("tasks", strings(step.tasks)),
            ("acceptance", .optional(step.acceptance)), ("assignee", .optional(step.assignee)),
            (
                "checkpoint",
                step.checkpoint.map { c in
                    .object([("id", .string(c.id)), ("prompt", .string(c.prompt)), ("onReject", .string(c.onReject))])
                } ?? .null
            ),
            ("gate", step.gate.map(gate) ?? .null),
        ])
    }

    static func texts(_ texts: [NamedText]) -> JSON { .object(texts.map { ($0.name, .string($0.text)) }) }

    static func compose(_ rules: ComposeRules) -> JSON {
        .object([
            (
                "expand",
                .array(
                    rules.expansions.map { rule in
                        let target: (String, JSON)
                        switch rule.target {
                        case .step(let id): target = ("target", .string(id))
                        case .matching(let glob): target = ("select", .string(glob))
                        }
                        return .object([target, ("with", .string(rule.with)), ("vars", texts(rule.vars))])
                    })
            ),
            ("aspects", strings(rules.aspects.map(\.name))),
        ])
    }

    static func advice(_ rule: AdviceRule) -> JSON {
        .object([
            ("target", .optional(rule.target)),
            ("before", .array(rule.before.map { step($0, needs: $0.needs) })),
            ("after", .array(rule.after.map { step($0, needs: $0.needs) })),
        ])
    }

    static func formula(_ formula: Formula) -> JSON {
        let total = formula.totalPlannedTime
        return .object([
            ("name", .string(formula.name)),
            ("version", version(formula.version)),
            ("type", .string(formula.kind.rawValue)),
            ("description", .optional(formula.description)),
            ("file", .string(formula.file)),
            ("extends", strings(formula.extends)),
            ("runsInFileOrder", .bool(formula.runsInFileOrder)),
            ("plannedSeconds", seconds(total.minimum)),
            ("plannedMaximumSeconds", seconds(total.maximum)),
            ("template", .optional(formula.template)),
            ("variables", .array(formula.variableList.map(variable))),
            ("steps", .array(formula.steps.map { step($0, needs: formula.prerequisites(of: $0.id)) })),
            ("templateSteps", .array(formula.templateSteps.map { step($0, needs: $0.needs) })),
            ("advice", .array(formula.advice.map(advice))),
            (
                "pointcuts",
                .array(
                    formula.pointcuts.map {
                        .object([
                            ("glob", .optional($0.glob)), ("type", .optional($0.type)), ("label", .optional($0.label)),
                        ])
                    })
            ),
            ("compose", compose(formula.compose)),
            ("prompts", texts(formula.prompts)),
            ("output", texts(formula.output)),
            (
                "antiPatterns",
                .array(
                    formula.antiPatterns.map { a in
                        .object([
                            ("id", .string(a.id)), ("name", .string(a.name)),
                            ("severity", .string(a.severity.rawValue)),
                            ("pattern", .string(a.pattern)), ("paths", strings(a.paths)),
                            ("advice", .optional(a.advice)), ("source", .optional(a.reference)),
                        ])
                    })
            ),
            ("authoritativeSources", strings(formula.authoritativeSources)),
            ("validationCategories", strings(formula.validationCategories)),
            (
                "dayCompletionCriteria",
                .array(
                    formula.progressionRules.dayCompletionCriteria.map { c in
                        let reference = requirementText(c.requirement)
                        return .object([
                            ("description", .string(c.description)), ("kind", .string(reference[0])),
                            ("ref", .string(reference[1])),
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
