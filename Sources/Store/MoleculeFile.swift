import Core
import DisplayText
import Foundation
import TOML

/// `convoys/C/molecules/M/molecule.toml`: one work item, as claimed by whoever wrote it last
/// (our tool or an agent). What counts is the *effective* state: see `EffectiveState`.
public struct MoleculeFile: Sendable, Hashable {
    /// The directory name.
    public var name: String
    public var convoy: String
    public var formula: String
    /// The formula version the molecule was created with (pinned).
    public var formulaVersion: FormulaVersion?
    public var assignee: String?
    /// The team the molecule belongs to: a slug of its convoy's `teams`.
    public var team: String?
    public var variables: [(key: String, value: String)] {
        get { variableList }
        set { variableList = newValue }
    }
    var variableList: [(key: String, value: String)] = []
    /// Workspace-relative paths (or absolute ones the user explicitly allowed).
    public var inputs: [String]
    /// Claimed progress per step id, in file order.
    public var steps: [(id: String, progress: StepProgress)]
    /// Recorded gate results (test counts and verdicts), per gate id.
    public var gates: [(id: String, result: GateResult)]
    public var created: Date?
    public var updated: Date?
    /// Bumped by every write through gastown: lost updates would show as missing revisions.
    public var revision: Int
    /// The convoy day the molecule belongs to (`day`, ≥ 1; absent means 1). See docs/gates.md, "Progression".
    public var day: Int?
    /// Keys this version does not know (written by agents or newer tools), top level and per step:
    /// kept as they are and written back, so a rewrite never loses what someone else stored.
    public var unknownKeys = TOMLTable()
    public var unknownStepKeys: [String: TOMLTable] = [:]

    static let knownKeys: Set<String> = [
        "name", "convoy", "formula", "formula_version", "assignee", "team", "revision", "day",
        "created", "updated", "inputs", "variables", "steps", "gates",
    ]
    static let knownStepKeys: Set<String> = ["status", "attempt", "started", "completed", "assignee"]

    public init(
        name: String, convoy: String, formula: String, formulaVersion: FormulaVersion?,
        assignee: String? = nil, variables: [(key: String, value: String)] = [],
        inputs: [String] = [], steps: [(id: String, progress: StepProgress)] = [],
        gates: [(id: String, result: GateResult)] = [], created: Date? = nil,
        updated: Date? = nil, revision: Int = 0
    ) {
        self.name = name
        self.convoy = convoy
        self.formula = formula
        self.formulaVersion = formulaVersion
        self.assignee = assignee
        self.variableList = variables
        self.inputs = inputs
        self.steps = steps
        self.gates = gates
        self.created = created
        self.updated = updated
        self.revision = revision
    }

    public func variable(_ key: String) -> String? { variableList.first { $0.key == key }?.value }

    public mutating func setVariable(_ key: String, _ value: String) {
        if let i = variableList.firstIndex(where: { $0.key == key }) {
            variableList[i].value = value
        } else {
            variableList.append((key, value))
        }
    }

    public static func == (a: MoleculeFile, b: MoleculeFile) -> Bool { a.tomlText == b.tomlText && a.name == b.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(tomlText) }

    // MARK: - Progress conversion

    /// The claimed progress laid over the formula's steps (unknown steps are dropped;
    /// `EffectiveState` reports them).
    public func claimedProgress(for formula: Formula) -> MoleculeProgress {
        var progress = StateMachine.initialProgress(for: formula)
        for (id, step) in steps where progress.steps[id] != nil { progress.steps[id] = step }
        for (id, result) in gates { progress.gateResults[id] = result }
        return progress
    }

    /// Replaces the claimed steps with `progress`'s (formula order). Gate results are not copied: the
    /// effective ones are derived from evidence (`GateVerdicts`); a check records its own with `record(_:)`.
    public mutating func setProgress(_ progress: MoleculeProgress) {
        steps = progress.orderedSteps.map { ($0.id, $0.progress) }
    }

    /// Records a gate check's verdict (`[gates.ID]`), replacing the one before.
    public mutating func record(_ result: GateResult) {
        gates.removeAll { $0.id == result.gateID }
        gates.append((result.gateID, result))
        gates.sort { $0.id < $1.id }
    }

    // MARK: - TOML

    static let statusNames = StepStatus.allCases.map(\.rawValue)

    static let header = "# gastown molecule (format: docs/store.md). Checkpoint decisions live in checkpoints/.\n"

    /// The file as gastown creates it (the canonical style, docs/store.md).
    public var tomlText: String { TOMLFileWriter.canonicalText(header: Self.header, tomlTable) }

    /// Gastown's model of the file: its known keys in their documented order, then the kept unknown ones.
    var tomlTable: TOMLTable {
        var table = TOMLTable()
        table["name"] = .string(name)
        table["convoy"] = .string(convoy)
        table["formula"] = .string(formula)
        switch formulaVersion {
        case .integer(let n): table["formula_version"] = .integer(Int64(n))
        case .text(let s): table["formula_version"] = .string(s)
        case nil: break
        }
        if let assignee { table["assignee"] = .string(assignee) }
        if let team { table["team"] = .string(team) }
        table["revision"] = .integer(Int64(revision))
        if let day { table["day"] = .integer(Int64(day)) }
        if let created { table["created"] = .offsetDateTime(Timestamp.toml(created)) }
        if let updated { table["updated"] = .offsetDateTime(Timestamp.toml(updated)) }
        table["inputs"] = .array(TOMLArray(inputs.map { .string($0) }))
        table["variables"] = .table(
            TOMLTable(uniqueKeysWithValues: variableList.map { ($0.key, TOMLValue.string($0.value)) }))
        var stepsTable = TOMLTable()
        for (id, step) in steps {
            var entry = TOMLTable()
            entry["status"] = .string(step.status.rawValue)
            entry["attempt"] = .integer(Int64(step.attempt))
            if let started = step.startedAt { entry["started"] = .offsetDateTime(Timestamp.toml(started)) }
            if let completed = step.completedAt { entry["completed"] = .offsetDateTime(Timestamp.toml(completed)) }
            if let assignee = step.assignee { entry["assignee"] = .string(assignee) }
            for kept in unknownStepKeys[id] ?? TOMLTable() where entry[kept.key] == nil { entry.setEntry(kept) }
            stepsTable[id] = .table(entry)
        }
        table["steps"] = .table(stepsTable)
        if !gates.isEmpty {
            var gatesTable = TOMLTable()
            for (id, result) in gates {
                var entry = TOMLTable()
                entry["passed"] = .boolean(result.passed)
                entry["summary"] = .string(result.summary)
                if let tests = result.tests {
                    entry["tests_passed"] = .integer(Int64(tests.passed))
                    entry["tests_failed"] = .integer(Int64(tests.failed))
                    entry["tests_skipped"] = .integer(Int64(tests.skipped))
                }
                entry["checked"] = .offsetDateTime(Timestamp.toml(result.checkedAt))
                gatesTable[id] = .table(entry)
            }
            table["gates"] = .table(gatesTable)
        }
        for kept in unknownKeys where table[kept.key] == nil { table.setEntry(kept) }
        return table
    }

    /// Reads a molecule file. Problems carry file:line:column; nil when a required field is unusable.
    public static func parse(_ bytes: [UInt8], name: String, convoy: String, file: String) -> (
        MoleculeFile?, [StoreProblem]
    ) {
        let table: TOMLTable
        switch TOMLFile.parse(bytes, file: file) {
        case .failure(let problem): return (nil, [problem])
        case .success(let parsed): table = parsed
        }
        let reader = FieldReader(table, file: file, remembersKeys: false)
        let formula = reader.name("formula", required: true)
        var version: FormulaVersion?
        if let entry = reader.entry("formula_version") {
            switch entry.value {
            case .integer(let n): version = .integer(Int(n))
            case .string(let s): version = .text(s)
            default:
                reader.wrongType(
                    "formula_version", expected: "an integer or a string", found: entry.value, at: entry.valuePosition)
            }
        }
        if let claimed = reader.string("name"), claimed != name {
            reader.invalid(
                "name", "\"\(TerminalText.sanitizeLine(claimed))\" does not match the directory name \"\(name)\"")
        }
        if let claimed = reader.string("convoy"), claimed != convoy {
            reader.invalid(
                "convoy", "\"\(TerminalText.sanitizeLine(claimed))\" does not match the convoy directory \"\(convoy)\"")
        }
        let assignee = reader.name("assignee")
        let team = reader.name("team")
        let revision = reader.integer("revision", minimum: 0) ?? 0
        let day = reader.integer("day", minimum: 1)
        let created = reader.date("created")
        let updated = reader.date("updated")
        let inputs = reader.stringList("inputs")
        let variables = reader.subvalues("variables", expected: "a string", \.stringValue)
        var steps: [(id: String, progress: StepProgress)] = []
        var unknownStepKeys: [String: TOMLTable] = [:]
        for (id, step) in reader.subtables("steps") {
            let status = step.oneOf("status", Self.statusNames, required: true).flatMap(StepStatus.init(rawValue:))
            let attempt = step.integer("attempt", minimum: 1) ?? 1
            let started = step.date("started")
            let completed = step.date("completed")
            let stepAssignee = step.name("assignee")
            let extra = step.table.filter { !Self.knownStepKeys.contains($0.key) }
            if !extra.isEmpty { unknownStepKeys[id] = TOMLTable(entries: extra) }
            steps.append(
                (
                    id,
                    StepProgress(
                        status: status ?? .pending, attempt: attempt, startedAt: started,
                        completedAt: completed, assignee: stepAssignee)
                ))
        }
        var gates: [(id: String, result: GateResult)] = []
        for (id, gate) in reader.subtables("gates") {
            let passed = gate.bool("passed") ?? false
            let summary = gate.string("summary") ?? ""
            let p = gate.integer("tests_passed", minimum: 0)
            let f = gate.integer("tests_failed", minimum: 0)
            let s = gate.integer("tests_skipped", minimum: 0)
            let counts =
                (p == nil && f == nil && s == nil) ? nil : TestCounts(passed: p ?? 0, failed: f ?? 0, skipped: s ?? 0)
            let checked = gate.date("checked") ?? Date(timeIntervalSince1970: 0)
            gates.append(
                (id, GateResult(gateID: id, passed: passed, summary: summary, tests: counts, checkedAt: checked)))
        }
        // A field of the wrong type makes the molecule invalid: gastown never writes a default over what was there.
        guard let formula, !reader.hasErrors else { return (nil, reader.problems) }
        let molecule = MoleculeFile(
            name: name, convoy: convoy, formula: formula, formulaVersion: version,
            assignee: assignee, variables: variables, inputs: inputs, steps: steps,
            gates: gates, created: created, updated: updated, revision: revision)
        var dated = molecule
        dated.day = day
        dated.team = team
        dated.unknownKeys = TOMLTable(entries: table.filter { !Self.knownKeys.contains($0.key) })
        dated.unknownStepKeys = unknownStepKeys
        return (dated, reader.problems)
    }
}
