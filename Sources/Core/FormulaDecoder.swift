import TOML

/// Turns one formula document into a model, field by field. Cross references (needs, on_reject,
/// placeholders, …) are checked later by `FormulaValidator`, after `extends` has been merged.
struct FormulaDecoder {
    let file: String
    var diagnostics: [Diagnostic] = []

    init(file: String) { self.file = file }

    struct Document {
        var formula: Formula
        var extends: [(name: String, position: SourcePosition)]
        var nameWritten: Bool
    }

    mutating func decode(_ table: TOMLTable) -> Document {
        let root = FieldReader(table, path: "", file: file)
        let name = root.string("formula") ?? root.string("name")
        let version = decodeVersion(root)
        let description = root.string("description")
        let type = root.string("type")
        let extends = root.strings("extends", allowSingle: true) ?? []
        let variables = root.table("vars").map { decodeVariables($0, reader: root) } ?? []
        var steps: [FormulaStep] = []
        if let stepTables = root.tables("steps") {
            steps.reserveCapacity(stepTables.count)
            for (i, (stepTable, position)) in stepTables.enumerated() {
                steps.append(decodeStep(stepTable, index: i, position: position))
            }
        }
        let antiPatterns = (root.tables("anti_patterns") ?? []).enumerated().compactMap { i, element in
            decodeAntiPattern(element.0, index: i, position: element.1)
        }
        let sources = root.stringValues("authoritative_sources") ?? []
        let categories = root.stringValues("validation_categories") ?? []
        var rules = ProgressionRules()
        if let rulesTable = root.table("progression_rules") { rules = decodeProgressionRules(rulesTable) }
        let template = root.string("template")
        let unknown = root.unknownKeys()
        diagnostics += root.diagnostics
        let formula = Formula(
            name: name ?? "", version: version, description: description, type: type,
            extends: extends.map(\.0), variables: variables, steps: steps, antiPatterns: antiPatterns,
            authoritativeSources: sources, validationCategories: categories, progressionRules: rules,
            template: template, unknownKeys: unknown, file: file)
        return Document(formula: formula, extends: extends.map { ($0.0, $0.1) }, nameWritten: name != nil)
    }

    func decodeVersion(_ root: FieldReader) -> FormulaVersion? {
        guard let entry = root.entry("version") else { return nil }
        switch entry.value {
        case .integer(let n) where n >= 0 && n <= Int64(Int32.max): return .integer(Int(n))
        case .string(let s) where !s.trimmingWhitespace().isEmpty: return .text(s)
        default:
            root.error(
                "version: expected a non-negative integer (3) or a string (\"2.1\"), found \(entry.value.typeName)",
                at: entry.valuePosition)
            return nil
        }
    }

    // MARK: - Variables

    mutating func decodeVariables(_ table: TOMLTable, reader root: FieldReader) -> [FormulaVariable] {
        var result: [FormulaVariable] = []
        for entry in table.entries {
            let path = "vars.\(entry.key)"
            switch entry.value {
            case .string(let value):
                // Gas Town shorthand: a bare string is the default.
                result.append(
                    FormulaVariable(
                        name: entry.key, defaultValue: value, position: entry.keyPosition,
                        source: SourceMap(
                            file: file, origin: entry.keyPosition, positions: [("default", entry.valuePosition)])))
            case .table(let varTable):
                let reader = FieldReader(varTable, path: path, file: file)
                let origin = varTable.position.isKnown ? varTable.position : entry.keyPosition
                let description = reader.string("description")
                var defaultValue: String? = nil
                if let d = reader.entry("default") {
                    switch d.value {
                    case .string(let s): defaultValue = s
                    case .integer(let n): defaultValue = String(n)
                    case .boolean(let b): defaultValue = String(b)
                    case .float(let f): defaultValue = String(f)
                    default: reader.wrongType("default", expected: "a string", found: d.value, at: d.valuePosition)
                    }
                }
                let required = reader.bool("required") ?? false
                let allowed = reader.stringValues("enum")
                let pattern = reader.string("pattern")
                _ = reader.unknownKeys()
                diagnostics += reader.diagnostics
                result.append(
                    FormulaVariable(
                        name: entry.key, description: description, defaultValue: defaultValue, required: required,
                        allowedValues: allowed, pattern: pattern, position: origin,
                        source: SourceMap(file: file, origin: origin, positions: reader.sourceMap())))
            default:
                diagnostics.append(
                    .error(
                        "\(path): expected a table or a default string, found \(entry.value.typeName)",
                        file: file, at: entry.valuePosition))
            }
        }
        return result
    }

    // MARK: - Steps

    mutating func decodeStep(_ table: TOMLTable, index: Int, position: SourcePosition) -> FormulaStep {
        let path = "steps[\(index)]"
        let reader = FieldReader(table, path: path, file: file)
        let id = reader.string("id", required: true) ?? "step-\(index + 1)"
        let title = reader.string("title")
        let description = reader.string("description")
        var positions: [(field: String, position: SourcePosition)] = []
        var needs: [String] = []
        for key in ["needs", "depends_on"] {
            for (need, at) in reader.strings(key, allowSingle: true) ?? [] where !needs.contains(need) {
                positions.append(("needs.\(needs.count)", at))
                needs.append(need)
            }
        }
        let acceptance = reader.string("acceptance")
        let assignee = reader.string("assignee")
        var duration: Duration? = nil
        var maximum: Duration? = nil
        let durationText = reader.string("duration")
        if let durationText {
            switch PlannedDuration.parse(durationText) {
            case .success(let range): (duration, maximum) = (range.minimum, range.maximum)
            case .failure(let error): reader.error("\(path).duration: \(error)", at: reader.position("duration"))
            }
        }
        let tasks = reader.stringValues("tasks") ?? []
        var kind: StepKind? = nil
        if let kindText = reader.string("kind") {
            kind = StepKind(rawValue: kindText)
            if kind == nil {
                reader.error(
                    "\(path).kind: unknown kind \"\(kindText)\"; expected one of "
                        + StepKind.allCases.map(\.rawValue).joined(separator: ", "), at: reader.position("kind"))
            }
        }
        let type = reader.string("type")
        let labels = reader.stringValues("labels") ?? []
        let priority = reader.integer("priority", minimum: .min)
        var checkpoint = reader.table("checkpoint").map {
            decodeCheckpoint($0, stepID: id, title: title ?? id, path: path, positions: &positions)
        }
        let gate = reader.table("gate").map { decodeGate($0, stepID: id, path: path, positions: &positions) }
        if checkpoint == nil, let gate, case .human = gate.type {
            // Gas Town's human gate is a checkpoint: a person approves or rejects the step.
            checkpoint = Checkpoint(
                id: gate.id, prompt: gate.description ?? "Approve \(title ?? id)?",
                onReject: id, position: gate.position)
        }
        let unknown = reader.unknownKeys()
        diagnostics += reader.diagnostics
        positions += reader.sourceMap()
        return FormulaStep(
            id: id, title: title, description: description, needs: needs, acceptance: acceptance,
            assignee: assignee, duration: duration, maximumDuration: maximum, durationText: durationText,
            tasks: tasks, kind: kind, checkpoint: checkpoint, gate: gate, type: type, labels: labels,
            priority: priority, position: position, unknownKeys: unknown,
            source: SourceMap(file: file, origin: position, positions: positions))
    }

    mutating func decodeCheckpoint(
        _ table: TOMLTable, stepID: String, title: String, path: String,
        positions: inout [(field: String, position: SourcePosition)]
    ) -> Checkpoint {
        let reader = FieldReader(table, path: "\(path).checkpoint", file: file)
        let id = reader.string("id") ?? "\(stepID)-checkpoint"
        let prompt = reader.string("prompt") ?? "Approve \(title)?"
        let onReject = reader.string("on_reject") ?? stepID
        _ = reader.unknownKeys()
        diagnostics += reader.diagnostics
        positions += reader.sourceMap(prefix: "checkpoint.")
        positions.append(("checkpoint", table.position))
        return Checkpoint(id: id, prompt: prompt, onReject: onReject, position: table.position)
    }

    mutating func decodeGate(
        _ table: TOMLTable, stepID: String, path: String, positions: inout [(field: String, position: SourcePosition)]
    ) -> Gate {
        let gatePath = "\(path).gate"
        let reader = FieldReader(table, path: gatePath, file: file)
        let id = reader.string("id") ?? "\(stepID)-gate"
        let typeName = reader.string("type", required: true) ?? "human"
        let mandatory = reader.bool("mandatory") ?? true
        let description = reader.string("description")
        let awaitID = reader.string("await_id")
        var timeout: Duration? = nil
        if let text = reader.string("timeout") {
            switch PlannedDuration.parse(text) {
            case .success(let range) where range.minimum == range.maximum: timeout = range.minimum
            case .success:
                reader.error("\(gatePath).timeout: expected one duration, not a range", at: reader.position("timeout"))
            case .failure(let error): reader.error("\(gatePath).timeout: \(error)", at: reader.position("timeout"))
            }
        }
        // Keys that belong to one gate type only.
        let testKeys = ["required_pass_rate", "allow_skipped", "allow_anti_patterns"]
        let complianceKeys = ["block_on"]
        let type: GateType
        switch typeName {
        case "tests":
            var rate = reader.number("required_pass_rate") ?? 100
            if !(0...100).contains(rate) {
                reader.error(
                    "\(gatePath).required_pass_rate: expected a percentage between 0 and 100, found \(rate)",
                    at: reader.position("required_pass_rate"))
                rate = 100
            }
            type = .tests(
                requiredPassRate: rate, allowSkipped: reader.bool("allow_skipped") ?? false,
                allowAntiPatterns: reader.bool("allow_anti_patterns") ?? false)
        case "compliance":
            var blocking: Set<Severity> = [.critical, .high]
            if let names = reader.strings("block_on") {
                blocking = []
                for (name, at) in names {
                    if let severity = Severity(rawValue: name) {
                        blocking.insert(severity)
                    } else {
                        reader.error(
                            "\(gatePath).block_on: unknown severity \"\(name)\"; expected critical, high, medium or low",
                            at: at)
                    }
                }
            }
            type = .compliance(blockingSeverities: blocking)
        case "human": type = .human
        case "timer": type = .timer
        case "gh:run": type = .githubRun
        case "gh:pr": type = .githubPR
        case "bead": type = .bead
        default:
            reader.warning(
                "\(gatePath).type: unknown gate type \"\(typeName)\" (known: \(GateType.knownNames.joined(separator: ", "))); tracked as an external gate",
                at: reader.position("type"))
            type = .other(typeName)
        }
        let applicable: [String]
        switch type {
        case .tests: applicable = testKeys
        case .compliance: applicable = complianceKeys
        default: applicable = []
        }
        for key in testKeys + complianceKeys where !applicable.contains(key) {
            if let entry = reader.entry(key) {
                reader.warning(
                    "\(gatePath).\(key) does not apply to a \(typeName) gate; ignored", at: entry.keyPosition)
            }
        }
        _ = reader.unknownKeys()
        diagnostics += reader.diagnostics
        positions += reader.sourceMap(prefix: "gate.")
        positions.append(("gate", table.position))
        return Gate(
            id: id, type: type, mandatory: mandatory, description: description, awaitID: awaitID,
            timeout: timeout, position: table.position)
    }

    // MARK: - Anti-patterns and rules

    mutating func decodeAntiPattern(_ table: TOMLTable, index: Int, position: SourcePosition) -> AntiPattern? {
        let path = "anti_patterns[\(index)]"
        let reader = FieldReader(table, path: path, file: file)
        let name = reader.string("name", required: true)
        let id = reader.string("id") ?? name.map(Self.slug) ?? "anti-pattern-\(index + 1)"
        var severity: Severity? = nil
        if let text = reader.string("severity", required: true) {
            severity = Severity(rawValue: text.lowercased())
            if severity == nil {
                reader.error(
                    "\(path).severity: unknown severity \"\(text)\"; expected critical, high, medium or low",
                    at: reader.position("severity"))
            }
        }
        let pattern = reader.string("pattern", required: true)
        let paths = reader.stringValues("paths") ?? []
        let advice = reader.string("advice")
        let description = reader.string("description")
        let reference = reader.string("source")
        _ = reader.unknownKeys()
        diagnostics += reader.diagnostics
        guard let name, let severity, let pattern else { return nil }
        return AntiPattern(
            id: id, name: name, severity: severity, pattern: pattern, paths: paths, advice: advice,
            description: description, reference: reference, position: position,
            source: SourceMap(file: file, origin: position, positions: reader.sourceMap()))
    }

    mutating func decodeProgressionRules(_ table: TOMLTable) -> ProgressionRules {
        let reader = FieldReader(table, path: "progression_rules", file: file)
        var criteria: [CompletionCriterion] = []
        if let entry = reader.entry("day_completion_criteria") {
            if let array = entry.value.arrayValue {
                for (i, element) in array.values.enumerated() {
                    let at = array.position(at: i).isKnown ? array.position(at: i) : entry.valuePosition
                    if let criterion = decodeCriterion(element, index: i, at: at, reader: reader) {
                        criteria.append(criterion)
                    }
                }
            } else {
                reader.wrongType(
                    "day_completion_criteria", expected: "an array", found: entry.value, at: entry.valuePosition)
            }
        }
        _ = reader.unknownKeys()
        diagnostics += reader.diagnostics
        return ProgressionRules(dayCompletionCriteria: criteria)
    }

    func decodeCriterion(_ value: TOMLValue, index: Int, at: SourcePosition, reader: FieldReader)
        -> CompletionCriterion?
    {
        let path = "progression_rules.day_completion_criteria[\(index)]"
        // The seed writes plain sentences: each is a named manual check.
        if let text = value.stringValue {
            return CompletionCriterion(
                description: text, requirement: .manual(text), position: at,
                source: SourceMap(file: file, origin: at))
        }
        guard let table = value.tableValue else {
            reader.error("\(path): expected a string or a table, found \(value.typeName)", at: at)
            return nil
        }
        let inner = reader.reader(for: table, path: path)
        let description = inner.string("description")
        var requirements: [CompletionCriterion.Requirement] = []
        if let id = inner.string("gate") { requirements.append(.gatePassed(id)) }
        if let id = inner.string("checkpoint") { requirements.append(.checkpointApproved(id)) }
        if let id = inner.string("step") { requirements.append(.stepDone(id)) }
        if let name = inner.string("manual") { requirements.append(.manual(name)) }
        _ = inner.unknownKeys()
        guard requirements.count == 1, let requirement = requirements.first else {
            reader.error(
                "\(path): expected exactly one of gate, checkpoint, step or manual, found \(requirements.count)", at: at
            )
            return nil
        }
        let fallback: String
        switch requirement {
        case .gatePassed(let id): fallback = "gate \(id) passes"
        case .checkpointApproved(let id): fallback = "checkpoint \(id) approved"
        case .stepDone(let id): fallback = "step \(id) done"
        case .manual(let name): fallback = name
        }
        return CompletionCriterion(
            description: description ?? fallback, requirement: requirement, position: at,
            source: SourceMap(file: file, origin: at, positions: inner.sourceMap()))
    }

    /// `time.Sleep() before assertions` → `time-sleep-before-assertions`.
    static func slug(_ text: String) -> String {
        var out = ""
        var dash = false
        for scalar in text.lowercased().unicodeScalars {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                if dash && !out.isEmpty { out += "-" }
                out.unicodeScalars.append(scalar)
                dash = false
            } else {
                dash = true
            }
        }
        return out
    }
}
