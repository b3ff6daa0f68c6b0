import DisplayText
import Foundation
import TOML

/// Cross-reference checks on a decoded, merged and composed formula. Pure.
enum FormulaValidator {
    static func validate(_ formula: Formula) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let top = SourcePosition(line: 1, column: 1)
        switch formula.kind {
        case .expansion:
            // Its steps are checked as they would be placed: against a target step named `target`.
            if formula.templateSteps.isEmpty {
                out.append(
                    .error("expansion formula \(formula.name) has no [[template]] steps", file: formula.file, at: top))
            }
            var placed = formula
            placed.steps = StepExpansion.instances(of: formula, for: sampleTarget, vars: [])
            checkSteps(placed, &out)
        case .aspect where formula.steps.isEmpty:
            if formula.advice.isEmpty {
                out.append(
                    .warning(
                        "aspect formula \(formula.name) has no [[aspects]] and no [[advice]]", file: formula.file,
                        at: top))
            }
        default:
            if formula.steps.isEmpty {
                out.append(.warning("formula \(formula.name) has no steps", file: formula.file, at: top))
            }
            checkSteps(formula, &out)
        }
        if formula.kind == .aspect { checkAdvice(formula, &out) }
        checkVariables(formula, &out)
        checkAntiPatterns(formula, &out)
        checkPlaceholders(
            formula.description, SourceMap(file: formula.file, origin: top), "", "description",
            Set(formula.variableList.map(\.name)), &out)
        return out
    }

    /// The step an expansion formula is checked against on its own.
    static let sampleTarget = FormulaStep(id: "target", description: "")

    static func checkSteps(_ formula: Formula, _ out: inout [Diagnostic]) {
        checkIdentifiers(formula, &out)
        checkNeeds(formula, &out)
        checkCycles(formula, &out)
        checkCheckpoints(formula, &out)
        let declared = Set(formula.variableList.map(\.name))
        for step in formula.steps { checkPlaceholders(in: step, declared, &out) }
        checkProgressionRules(formula, &out)
    }

    /// An aspect's advice steps, as they would be placed around a step named `step`: plain names.
    static func checkAdvice(_ formula: Formula, _ out: inout [Diagnostic]) {
        let sample = FormulaStep(id: "step")
        for rule in formula.advice {
            for advice in rule.before + rule.after {
                let placed = advice.mapText { StepPlaceholders.fill($0, prefix: "step", with: sample) }
                checkName(placed.id, "step id", placed.source, "id", &out)
                checkPlaceholders(in: placed, Set(formula.variableList.map(\.name)), &out)
            }
        }
    }

    /// A step, checkpoint or gate id becomes part of file names: it must be a plain name.
    static func checkName(_ id: String, _ what: String, _ source: SourceMap, _ field: String, _ out: inout [Diagnostic])
    {
        guard !id.trimmingWhitespace().isEmpty, let problem = PlainName.problem(with: id) else { return }
        let rule =
            problem.contains("(allowed:")
            ? "" : " (allowed: letters, digits, - _ ., at most \(PlainName.maximumLength), no \"..\")"
        out.append(
            error("\(what) \"\(TerminalText.sanitizeLine(id))\" is not a valid name: \(problem)\(rule)", source, field))
    }

    static func error(_ message: String, _ source: SourceMap, _ field: String) -> Diagnostic {
        .error(message, file: source.file, at: source.position(field))
    }

    static func checkIdentifiers(_ formula: Formula, _ out: inout [Diagnostic]) {
        // Indexes, not copies of the steps: this runs over 1,000-step formulas.
        var steps: [String: Int] = [:]
        var checkpoints: [String: Int] = [:]
        var gates: [String: Int] = [:]
        steps.reserveCapacity(formula.steps.count)
        for (index, step) in formula.steps.enumerated() {
            if step.id.trimmingWhitespace().isEmpty {
                out.append(error("step id must not be empty", step.source, "id"))
            }
            checkName(step.id, "step id", step.source, "id", &out)
            if let checkpoint = step.checkpoint {
                checkName(checkpoint.id, "checkpoint id", step.source, "checkpoint.id", &out)
            }
            if let gate = step.gate, gate.id != step.checkpoint?.id {
                checkName(gate.id, "gate id", step.source, "gate.id", &out)
            }
            if let firstIndex = steps[step.id] {
                let first = formula.steps[firstIndex]
                out.append(
                    error(
                        "duplicate step id \"\(step.id)\" (first defined at \(first.source.file):\(first.source.position("id")))",
                        step.source, "id"))
            } else {
                steps[step.id] = index
            }
            if let checkpoint = step.checkpoint {
                if let first = checkpoints[checkpoint.id] {
                    out.append(
                        error(
                            "duplicate checkpoint id \"\(checkpoint.id)\" (also on step \(formula.steps[first].id))",
                            step.source, "checkpoint.id"))
                } else {
                    checkpoints[checkpoint.id] = index
                }
            }
            if let gate = step.gate, !(gate.type == .human && step.checkpoint?.id == gate.id) {
                if let first = gates[gate.id] {
                    out.append(
                        error(
                            "duplicate gate id \"\(gate.id)\" (also on step \(formula.steps[first].id))", step.source,
                            "gate.id"))
                } else {
                    gates[gate.id] = index
                }
            }
        }
        var antiPatterns: Set<String> = []
        for pattern in formula.antiPatterns where !antiPatterns.insert(pattern.id).inserted {
            out.append(error("duplicate anti-pattern id \"\(pattern.id)\"", pattern.source, "name"))
        }
    }

    static func checkNeeds(_ formula: Formula, _ out: inout [Diagnostic]) {
        for step in formula.steps {
            for (i, need) in step.needs.enumerated() {
                if need == step.id {
                    out.append(error("step \(step.id) needs itself", step.source, "needs.\(i)"))
                } else if formula.indexByStepID[need] == nil {
                    out.append(
                        error(
                            "step \(step.id) needs unknown step \"\(need)\""
                                + suggestion(need, formula.steps.map(\.id)),
                            step.source, "needs.\(i)"))
                }
            }
        }
    }

    /// Reports each dependency cycle once, spelled out: `a → b → c → a`.
    static func checkCycles(_ formula: Formula, _ out: inout [Diagnostic]) {
        let steps = formula.steps
        // Edges go from a step to what it needs (declared only: file order cannot cycle).
        let edges: [[Int]] = steps.map { step in
            step.needs.compactMap { formula.indexByStepID[$0] }.filter { steps[$0].id != step.id }
        }
        var color = Array(repeating: 0, count: steps.count)  // 0 new, 1 on stack, 2 finished
        var reported: Set<Set<Int>> = []
        for root in steps.indices where color[root] == 0 {
            var stack: [(node: Int, next: Int)] = [(root, 0)]
            color[root] = 1
            while let top = stack.last {
                if top.next < edges[top.node].count {
                    stack[stack.count - 1].next += 1
                    let target = edges[top.node][top.next]
                    if color[target] == 0 {
                        color[target] = 1
                        stack.append((target, 0))
                    } else if color[target] == 1 {
                        let nodes = stack.map(\.node)
                        let start = nodes.lastIndex(of: target)!
                        let cycle = Array(nodes[start...])
                        if reported.insert(Set(cycle)).inserted {
                            // Written as "a needs b needs c": read the arrows as "waits for".
                            let names = (cycle + [target]).map { steps[$0].id }.joined(separator: " → ")
                            let first = steps[cycle[0]]
                            let needIndex =
                                first.needs.firstIndex(of: steps[cycle.count > 1 ? cycle[1] : target].id) ?? 0
                            out.append(error("dependency cycle: \(names)", first.source, "needs.\(needIndex)"))
                        }
                    }
                } else {
                    color[top.node] = 2
                    stack.removeLast()
                }
            }
        }
    }

    static func checkCheckpoints(_ formula: Formula, _ out: inout [Diagnostic]) {
        for step in formula.steps {
            guard let checkpoint = step.checkpoint else { continue }
            if checkpoint.prompt.trimmingWhitespace().isEmpty {
                out.append(
                    error("checkpoint \(checkpoint.id): the prompt must not be empty", step.source, "checkpoint.prompt")
                )
            }
            let target = checkpoint.onReject
            guard target != step.id else { continue }
            if formula.indexByStepID[target] == nil {
                out.append(
                    error(
                        "checkpoint \(checkpoint.id): on_reject names unknown step \"\(target)\""
                            + suggestion(target, formula.steps.map(\.id)),
                        step.source, "checkpoint.on_reject"))
            } else if !formula.dependsOn(step.id, target) {
                out.append(
                    error(
                        "checkpoint \(checkpoint.id): on_reject step \"\(target)\" comes later than or beside \(step.id); it must be \(step.id) or a step it depends on",
                        step.source, "checkpoint.on_reject"))
            }
        }
    }

    static func checkAntiPatterns(_ formula: Formula, _ out: inout [Diagnostic]) {
        for antiPattern in formula.antiPatterns {
            if case .failure(let message) = compile(antiPattern.pattern) {
                out.append(
                    error(
                        "anti-pattern \"\(antiPattern.name)\": pattern does not compile: \(message)",
                        antiPattern.source, "pattern"))
            }
        }
    }

    static func checkProgressionRules(_ formula: Formula, _ out: inout [Diagnostic]) {
        let gates = Set(formula.gates.map(\.id))
        let checkpoints = Set(formula.checkpoints.map(\.id))
        for criterion in formula.progressionRules.dayCompletionCriteria {
            switch criterion.requirement {
            case .gatePassed(let id) where !gates.contains(id):
                out.append(
                    error(
                        "day completion criterion names unknown gate \"\(id)\"" + suggestion(id, Array(gates)),
                        criterion.source, "gate"))
            case .checkpointApproved(let id) where !checkpoints.contains(id):
                out.append(
                    error(
                        "day completion criterion names unknown checkpoint \"\(id)\""
                            + suggestion(id, Array(checkpoints)), criterion.source, "checkpoint"))
            case .stepDone(let id) where formula.indexByStepID[id] == nil:
                out.append(
                    error(
                        "day completion criterion names unknown step \"\(id)\""
                            + suggestion(id, formula.steps.map(\.id)), criterion.source, "step"))
            default:
                break
            }
        }
    }

    // MARK: - Helpers

    static func compile(_ pattern: String) -> Result<NSRegularExpression, RegexCompileError> {
        do {
            return .success(try NSRegularExpression(pattern: pattern))
        } catch {
            return .failure(RegexCompileError(message: "\(pattern) is not a valid regular expression"))
        }
    }

    struct RegexCompileError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// ASCII letters, digits, `_` and `-` (the names `{{…}}` can hold).
    static func isIdentifier(_ name: String) -> Bool {
        var name = name
        return name.withUTF8 { isIdentifier(bytes: $0) }
    }

    static func isIdentifier(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        !bytes.isEmpty
            && bytes.allSatisfy { b in
                (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x5F
                    || b == 0x2D
            }
    }

    /// ` (did you mean "x"?)` for a close known name.
    static func suggestion(_ name: String, _ candidates: [String]) -> String {
        let best = candidates.map { ($0, editDistance(name, $0)) }.min { $0.1 < $1.1 }
        guard let best, best.1 < name.count, best.1 <= max(1, (name.count + 1) / 3) else { return "" }
        return " (did you mean \"\(best.0)\"?)"
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars)
        let b = Array(b.unicodeScalars)
        guard a.count < 200, b.count < 200 else { return Int.max }
        var previous = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(1, b.count) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : (b.isEmpty ? a.count : previous[b.count])
    }
}
