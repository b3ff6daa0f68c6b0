import ArgumentParser
import Core
import DisplayText
import Foundation
import Store

struct MoleculeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "molecule",
        abstract: "Create molecules (work items from a formula) and move them through their steps.",
        subcommands: [
            MoleculeCreate.self, MoleculeStatus.self, MoleculeList.self, MoleculeStart.self,
            MoleculeComplete.self, MoleculeAssign.self, MoleculeRecordTests.self, MoleculeResolve.self,
        ]
    )
}

struct MoleculeCreate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create a molecule in a convoy from a formula.")

    @OptionGroup var options: StoreOptions
    @Option(help: "The formula's name (searched in formulas/, .beads/formulas/, ~/.beads/formulas/).") var formula:
        String
    @Option(help: "The molecule's name, unique across the store.") var name: String
    @Option(help: "The convoy it belongs to.") var convoy: String
    @Option(parsing: .upToNextOption, help: "Input documents (paths inside the workspace).") var inputs: [String] = []
    @Option(name: .customLong("var"), help: ArgumentHelp("A formula variable (repeatable).", valueName: "KEY=VALUE"))
    var variables: [String] = []
    @Option(help: "Who works on it.") var assignee: String?
    @Option(
        help: ArgumentHelp(
            "The convoy team it belongs to, any spelling (default: the assignee, when that names a team).",
            valueName: "TEAM"))
    var team: String?
    @Option(help: "The convoy day it belongs to (default: the convoy's current day).") var day: Int?
    @Flag(help: "Accept --inputs paths outside the workspace.") var allowOutsideInputs = false

    func run() throws {
        try runStoreCommand(json: options.json) { () throws(StoreError) in
            let store = try options.store()
            var bindings: [(key: String, value: String)] = []
            for item in variables {
                guard let equals = item.firstIndex(of: "="), equals != item.startIndex else {
                    throw StoreError(.invalidInput, "invalid --var \"\(Output.safe(item))\": expected KEY=VALUE")
                }
                bindings.append((String(item[..<equals]), String(item[item.index(after: equals)...])))
            }
            let cwd = FileManager.default.currentDirectoryPath
            var stored: [String] = []
            for input in inputs {
                stored.append(
                    try InputPaths.contain(
                        input, layout: store.layout, currentDirectory: cwd,
                        allowOutside: allowOutsideInputs))
            }
            let created = try store.createMolecule(
                name: name, convoy: convoy, formula: formula, variables: bindings,
                inputs: stored, assignee: assignee, team: team, day: day, now: Date())
            let belongs = created.team.map { " for team \(Output.safe(store.teamDirectory().displayName($0)))" } ?? ""
            try options.report(
                "created molecule \(name) in convoy \(convoy) (formula \(formula), day \(created.day ?? 1)\(belongs))"
            ) {
                () throws(StoreError) in
                try moleculeJSON(store, name)
            }
        }
    }
}

struct MoleculeStatus: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show a molecule's effective progress, gates, checkpoints and problems.")

    @OptionGroup var options: StoreOptions
    @Argument(help: "The molecule's name.") var name: String

    func run() throws {
        try runStoreCommand(json: options.json) { () throws(StoreError) in
            let store = try options.store()
            if options.json { return Output.json(try AgentVerbs(store: store, agent: nil).moleculeStatus(name)) }
            let state = try store.loadMolecule(name)
            let now = Date()
            StorePresentation.statusLines(state, now: now).forEach(Output.line)
            for problem in state.allProblems { Output.error(Output.safe(problem.description)) }
        }
    }
}

struct MoleculeList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List molecules, optionally filtered by convoy, state or assignee.")

    @OptionGroup var options: StoreOptions
    @Option(help: "Only this convoy's molecules.") var convoy: String?
    @Option(help: "Only molecules in this state: pending, active, blocked, awaiting-approval, done, invalid.")
    var state: String?
    @Option(help: "Only molecules assigned to this name (the molecule or one of its steps).") var assignee: String?
    @Option(help: ArgumentHelp("Only molecules of this team, any spelling.", valueName: "TEAM")) var team: String?

    func run() throws {
        try runStoreCommand(json: options.json) { () throws(StoreError) in
            let verbs = AgentVerbs(store: try options.store(), agent: nil)
            let molecules = try verbs.molecules(
                convoy: convoy, state: state, assignee: assignee, team: team, fields: ("--state", "--team"))
            if options.json { return Output.json(verbs.moleculeList(molecules)) }
            if molecules.isEmpty {
                Output.line("no molecules match")
                return
            }
            var rows = [["MOLECULE", "CONVOY", "TEAM", "STATE", "STEPS", "CURRENT", "ASSIGNEE", "LAST ACTIVITY"]]
            for m in molecules {
                rows.append([
                    m.name, m.convoy, Output.safe(m.team?.displayName ?? "-"), m.summary.rawValue,
                    StorePresentation.stepCount(m),
                    StorePresentation.currentStep(m), m.file?.assignee ?? "-", StorePresentation.text(m.lastActivity),
                ])
            }
            TextLayout.table(rows).forEach(Output.line)
            let broken = molecules.filter { !$0.allProblems.isEmpty }.count
            if broken > 0 { Output.error("\(broken) molecule(s) have problems; see `gastown molecule status NAME`") }
        }
    }
}

struct MoleculeStart: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Start a step (default: the first step ready to start; --all: every ready step).",
        discussion: """
            With no STEP, the first ready step in formula order starts and the others that are ready are \
            listed (a convoy's legs, parallel branches): start them by name, or all at once with --all.
            """)

    @OptionGroup var options: StoreOptions
    @Argument(help: "The molecule's name.") var name: String
    @Argument(help: "The step's id.") var step: String?
    @Flag(help: "Start every step that is ready now (for instance all the legs of a convoy).") var all = false

    func run() throws {
        try runStoreCommand(json: options.json) { () throws(StoreError) in
            if all, let step {
                throw StoreError(.invalidInput, "give either a STEP or --all, not both (\(Output.safe(step)))")
            }
            let store = try options.store()
            let agent = try ReviewerIdentity.agentName(environment: options.environment)
            let message: String
            if all {
                let started = try store.startAll(molecule: name, agent: agent, now: Date()).steps
                message = "started \(name) step\(started.count == 1 ? "" : "s") \(started.joined(separator: ", "))"
            } else {
                let started = try store.start(molecule: name, step: step, agent: agent, now: Date())
                message =
                    "started \(name) step \(started.step)"
                    + (started.alsoReady.isEmpty
                        ? ""
                        : "; also ready: \(started.alsoReady.joined(separator: ", ")) (start them by name or with --all)")
            }
            try options.report(message) { () throws(StoreError) in try moleculeJSON(store, name) }
        }
    }
}

struct MoleculeComplete: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "complete",
        abstract: "Complete a step (default: the only active step); a step with a checkpoint then awaits approval.")

    @OptionGroup var options: StoreOptions
    @Argument(help: "The molecule's name.") var name: String
    @Argument(help: "The step's id.") var step: String?

    func run() throws {
        try runStoreCommand(json: options.json) { () throws(StoreError) in
            let store = try options.store()
            let done = try AgentVerbs(store: store, agent: nil).completeStep(name, step: step, now: Date())
            let completed = done.step
            let status = done.state.progress?.steps[completed]?.status
            let report = done.report
            var message =
                status == .awaitingApproval
                ? "completed \(name) step \(completed); its checkpoint awaits a decision"
                : "completed \(name) step \(completed)"
            if let report { message += "\nrendered report \(report.file.path)" }
            try options.report(message) { () throws(StoreError) in try moleculeJSON(store, name) }
        }
    }
}

struct MoleculeAssign: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assign", abstract: "Assign a molecule (or one step) to someone; --clear removes the assignee.")

    @OptionGroup var options: StoreOptions
    @Argument(help: "The molecule's name.") var name: String
    @Argument(help: "Who (a name: letters, digits, - _ .).") var assignee: String?
    @Option(help: "Assign this step instead of the whole molecule.") var step: String?
    @Flag(help: "Remove the assignee.") var clear = false

    func run() throws {
        try runStoreCommand(json: options.json) { () throws(StoreError) in
            guard clear != (assignee != nil) else {
                throw StoreError(.invalidInput, "give either an ASSIGNEE or --clear")
            }
            let store = try options.store()
            try store.assign(molecule: name, step: step, to: assignee, now: Date())
            try options.report(
                assignee.map { "assigned \(name)\(step.map { " step \($0)" } ?? "") to \($0)" }
                    ?? "cleared the assignee of \(name)"
            ) {
                () throws(StoreError) in try moleculeJSON(store, name)
            }
        }
    }
}

struct MoleculeRecordTests: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record-tests",
        abstract: "Record test results for a step's tests gate (counts, or a JUnit XML report).")

    @OptionGroup var options: StoreOptions
    @Argument(help: "The molecule's name.") var name: String
    @Option(help: "The step whose gate gets the results (default: the active step with a tests gate).") var step:
        String?
    @Option(help: "Passed tests.") var passed: Int?
    @Option(help: "Failed tests.") var failed: Int?
    @Option(help: "Skipped tests.") var skipped: Int?
    @Option(help: "A JUnit XML report to count instead.") var junit: String?

    func run() throws {
        try runStoreCommand(json: options.json) { () throws(StoreError) in
            let tests: GateTestInput
            if let junit {
                guard passed == nil, failed == nil, skipped == nil else {
                    throw StoreError(.invalidInput, "give either --junit or --passed/--failed/--skipped, not both")
                }
                tests = .junit([(PathResolution.absolute(junit, from: FileManager.default.currentDirectoryPath), junit)]
                )
            } else {
                guard passed != nil || failed != nil || skipped != nil else {
                    throw StoreError(.invalidInput, "give --passed/--failed/--skipped counts or --junit FILE")
                }
                tests = try .counts(passed: passed, failed: failed, skipped: skipped)
            }
            let store = try options.store()
            let outcome = try store.recordTests(
                molecule: name, step: step, tests: tests,
                checkedBy: try? ReviewerIdentity.recorder(explicit: nil, environment: options.environment), now: Date())
            let evidence = outcome.evidence
            var lines = [
                "recorded tests for \(name): \(outcome.gate.id): \(evidence.passed ? "passed" : "failing") — \(Output.safe(evidence.summary))"
            ]
            lines += GatePresentation.evidenceLines(evidence)
            try options.report(lines.joined(separator: "\n")) { () throws(StoreError) in
                try moleculeJSON(store, name)
            }
        }
    }
}

/// `--json` on a verb that changes a molecule prints the molecule as it now is.
func moleculeJSON(_ store: BeadsStore, _ name: String) throws(StoreError) -> JSON {
    try AgentVerbs(store: store, agent: nil).moleculeStatus(name)
}
