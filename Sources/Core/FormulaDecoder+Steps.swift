import TOML

extension FormulaDecoder {
    /// One step, leg, synthesis, aspect, template or advice step: they share the step's fields.
    /// `defaultID` is used when `id` is absent (a synthesis); otherwise `id` is required.
    mutating func decodeStep(
        _ table: TOMLTable, path: String, position: SourcePosition, role: StepRole = .step, defaultID: String? = nil
    ) -> FormulaStep {
        let reader = FieldReader(table, path: path, file: file)
        let id = reader.string("id", required: defaultID == nil) ?? defaultID ?? path
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
        // Gas Town's `agent` names who runs a leg: our default assignee.
        let assignee = reader.string("assignee") ?? reader.string("agent")
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
        let focus = reader.string("focus")
        let reviewOnly = reader.bool("review_only") ?? false
        let report = reader.bool("report")
        // Legs and aspects are parallel by definition.
        let parallel = reader.bool("parallel") ?? (role == .leg || role == .aspect)
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
            tasks: tasks, kind: kind, checkpoint: checkpoint, gate: gate, report: report, type: type, labels: labels,
            priority: priority, role: role, focus: focus, reviewOnly: reviewOnly, parallel: parallel,
            position: position, unknownKeys: unknown,
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
        let typeName = reader.string("type", required: true) ?? "human"
        var writtenID = reader.string("id")
        var awaitID = reader.string("await_id")
        // Gas Town's gate `id` is what an external gate awaits, often with placeholders
        // (`id = "{{project}}-pr"`): then it is the awaited id, and the gate is named after its step.
        if let written = writtenID, awaitID == nil, written.contains("{{"),
            !["tests", "compliance", "human"].contains(typeName)
        {
            (awaitID, writtenID) = (written, nil)
        }
        let id = writtenID ?? "\(stepID)-gate"
        let mandatory = reader.bool("mandatory") ?? true
        let description = reader.string("description")
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
}
