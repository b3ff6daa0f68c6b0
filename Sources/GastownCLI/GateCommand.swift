import ArgumentParser
import Core
import Foundation
import Store

struct GateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gate",
        abstract: "Check quality gates and record their evidence; resolve external gates; confirm manual checks.",
        discussion: """
            A failing mandatory gate blocks its step: `molecule complete` refuses until a check passes.
            Evidence is kept in .beads/convoys/C/molecules/M/gates/GATE.toml (format: docs/gates.md).
            """,
        subcommands: [GateCheckCommand.self, GateShow.self, GateResolve.self, GateConfirm.self]
    )
}

struct GateCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Evaluate a gate from evidence and record the verdict; exit 5 when it fails.",
        discussion: """
            tests gates: the test results (--junit FILE..., or --passed/--failed/--skipped, else the counts
            already recorded) and the formula's anti-pattern scan over the workspace. compliance gates: the scan.
            timer gates: whether the timeout has elapsed since the step started. External gates (gh:run, gh:pr,
            bead, ...) are shown; record their outcome with `gastown gate resolve`.
            Without GATE (a gate id or a step id): the gate of the step being worked on.
            """)

    @OptionGroup var options: StoreOptions
    @Argument(help: "The molecule's name.") var molecule: String
    @Argument(help: "The gate id (or its step's id).") var gate: String?
    @Option(parsing: .upToNextOption, help: "JUnit XML reports (files, or directories of *.xml files).") var junit:
        [String] = []
    @Option(help: "Passed tests.") var passed: Int?
    @Option(help: "Failed tests.") var failed: Int?
    @Option(help: "Skipped tests.") var skipped: Int?

    func run() throws {
        try runStoreCommandReturningCode(json: options.json) { () throws(StoreError) -> Int32 in
            let tests = try testInput()
            let store = try options.store()
            let outcome = try store.checkGate(
                molecule: molecule, gate: gate, tests: tests,
                checkedBy: try? ReviewerIdentity.recorder(explicit: nil, environment: options.environment), now: Date())
            if options.json {
                Output.json(GatePresentation.outcome(outcome))
            } else {
                GatePresentation.printOutcome(outcome, molecule: molecule).forEach(Output.line)
            }
            guard outcome.evidence.passed else {
                if options.json { Output.error(GatePresentation.failureMessage(outcome)) }
                return Exit.gateFailed
            }
            return Exit.ok
        }
    }

    func testInput() throws(StoreError) -> GateTestInput {
        let counted = passed != nil || failed != nil || skipped != nil
        if !junit.isEmpty {
            guard !counted else {
                throw StoreError(.invalidInput, "give either --junit or --passed/--failed/--skipped, not both")
            }
            let cwd = FileManager.default.currentDirectoryPath
            var files: [(path: String, name: String)] = []
            for given in junit {
                let path = PathResolution.absolute(given, from: cwd)
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                    let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter {
                        $0.hasSuffix(".xml")
                    }.sorted()
                    guard !names.isEmpty else {
                        throw StoreError(.notFound, "--junit directory \(Output.safe(given)) holds no .xml file")
                    }
                    files += names.map { (path + "/" + $0, given.hasSuffix("/") ? given + $0 : given + "/" + $0) }
                } else {
                    files.append((path, given))
                }
            }
            return .junit(files)
        }
        if counted {
            return try .counts(passed: passed, failed: failed, skipped: skipped)
        }
        return .recorded
    }
}

struct GateShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a molecule's gates: verdict, whether it blocks, and the recorded evidence."
    )

    @OptionGroup var options: StoreOptions
    @Argument(help: "The molecule's name.") var molecule: String
    @Argument(help: "Only this gate (id or step id).") var gate: String?

    func run() throws {
        try runStoreCommand(json: options.json) { () throws(StoreError) in
            let statuses = try GatePresentation.statuses(try options.store().loadMolecule(molecule), gate)
            if options.json { return Output.json(GatePresentation.show(molecule, statuses: statuses)) }
            if statuses.isEmpty {
                Output.line("\(molecule): its formula has no gates")
                return
            }
            for status in statuses { GatePresentation.printStatus(status, molecule: molecule).forEach(Output.line) }
        }
    }
}

struct GateResolve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve",
        abstract: "Record the outcome of an external gate (gh:run, gh:pr, bead, timer, ...).",
        discussion:
            "A human act: in a signed workspace, by a reviewer of the convoy, signed with their SSH key (exit 3 otherwise). A passing result whose resolution is not signed by a reviewer does not count."
    )

    @OptionGroup var options: StoreOptions
    @OptionGroup var signing: SigningOptions
    @Argument(help: "The molecule's name.") var molecule: String
    @Argument(help: "The gate id (or its step's id).") var gate: String
    @Flag(help: "The gate passed.") var passed = false
    @Flag(help: "The gate failed.") var failed = false
    @Option(help: "A note (e.g. the PR URL or run id).") var note: String?
    @Option(help: "Who resolves it (default: GASTOWN_REVIEWER, git user.name, login name).") var by: String?

    func run() throws {
        try runStoreCommand(json: options.json) { () throws(StoreError) in
            guard passed != failed else { throw StoreError(.invalidInput, "give exactly one of --passed or --failed") }
            let who = try ReviewerIdentity.resolve(explicit: by, environment: options.environment)
            let store = try options.store()
            let outcome = try who.explaining { () throws(StoreError) in
                try store.resolveGate(
                    molecule: molecule, gate: gate, passed: passed, by: who.name, note: note,
                    signer: signing.provider(for: store, environment: options.environment), now: Date())
            }
            if options.json {
                Output.json(GatePresentation.outcome(outcome))
                return
            }
            Output.line("\(molecule): gate \(outcome.gate.id) \(Output.safe(outcome.evidence.summary))")
        }
    }
}

struct GateConfirm: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "confirm",
        abstract: "Confirm a manual day-completion check of a molecule (e.g. documentation-committed).",
        discussion:
            "A human act: in a signed workspace, by a reviewer of the convoy, signed with their SSH key (exit 3 otherwise). A confirmation written by hand without a reviewer's signature does not count."
    )

    @OptionGroup var options: StoreOptions
    @OptionGroup var signing: SigningOptions
    @Argument(help: "The molecule's name.") var molecule: String
    @Argument(help: "The manual check's name, as the formula's progression_rules write it.") var check: String
    @Option(help: "A note.") var note: String?
    @Option(help: "Who confirms (default: GASTOWN_REVIEWER, git user.name, login name).") var by: String?

    func run() throws {
        try runStoreCommand(json: options.json) { () throws(StoreError) in
            if ReviewerIdentity.isAgent(environment: options.environment) {
                throw StoreError(
                    .refused,
                    "refused: this process identifies itself as an agent (GASTOWN_AGENT is set); a person confirms manual checks"
                )
            }
            let who = try ReviewerIdentity.resolve(explicit: by, environment: options.environment)
            let store = try options.store()
            let state = try who.explaining { () throws(StoreError) in
                try store.confirmManualCheck(
                    molecule: molecule, check: check, by: who.name, note: note,
                    signer: signing.provider(for: store, environment: options.environment), now: Date())
            }
            if options.json {
                Output.json(StorePresentation.molecule(state, now: Date()))
                return
            }
            Output.line("\(molecule): manual check \"\(Output.safe(check))\" confirmed by \(who.name)")
        }
    }
}
