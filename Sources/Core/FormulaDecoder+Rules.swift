import TOML

extension FormulaDecoder {
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
        case .checkpointRules(let step): fallback = "the approval rules of \(step) hold"
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
