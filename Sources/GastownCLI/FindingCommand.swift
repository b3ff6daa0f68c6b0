import ArgumentParser
import Core
import DisplayText
import Foundation
import Store

struct FindingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "finding",
        abstract:
            "Record, list and resolve a molecule's compliance findings (they fill the report's findings sections).",
        discussion: """
            Each finding is one file, .beads/convoys/C/molecules/M/findings/ID.toml (format: docs/store.md). \
            `gastown report render` puts the open ones in their validation category's section, critical and high \
            ones among the blocking issues, medium and low ones among the warnings (docs/reports.md).
            """,
        subcommands: [FindingAdd.self, FindingList.self, FindingShow.self, FindingResolve.self]
    )
}

struct FindingAdd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Record a compliance finding on a molecule; prints its id.",
        discussion: """
            --category is one of the formula's validation_categories (`gastown formula show F` lists them; case, \
            spaces and punctuation do not matter). Critical and high findings block sign-off until resolved.
            """)

    @OptionGroup var options: StoreOptions
    @Argument(help: "The molecule's name.") var molecule: String
    @Option(help: "critical, high, medium or low.") var severity: String
    @Option(help: "The formula's validation category it falls under.") var category: String
    @Option(help: "One line saying what is wrong.") var title: String
    @Option(help: "More detail (may span lines).") var detail: String?
    @Option(help: ArgumentHelp("Read the detail from a UTF-8 file (at most 1 MiB).", valueName: "FILE"))
    var detailFile: String?
    @Option(help: ArgumentHelp("Where: FILE, FILE:LINE or FILE:LINE:COLUMN.", valueName: "FILE:LINE")) var location:
        String?
    @Option(
        help:
            "Who records it (default: the agent's name in GASTOWN_AGENT, else GASTOWN_REVIEWER, git user.name, login name)."
    )
    var by: String?

    func run() throws {
        try runStoreCommand(json: options.json) { () throws(StoreError) in
            let level = try FindingInput.severity(severity)
            if detail != nil && detailFile != nil {
                throw StoreError(.invalidInput, "give either --detail or --detail-file, not both")
            }
            var text = detail
            if let detailFile {
                let path = PathResolution.absolute(detailFile, from: FileManager.default.currentDirectoryPath)
                text = try FindingInput.detail(file: path, display: detailFile) ?? ""
            }
            let who = try ReviewerIdentity.recorder(explicit: by, environment: options.environment)
            let store = try options.store()
            let record = try store.addFinding(
                molecule: molecule,
                NewFinding(severity: level, category: category, title: title, detail: text, location: location),
                by: who, now: Date())
            let convoy = try store.convoy(ofMolecule: molecule)
            try options.report(
                "\(record.id)  \(FindingPresentation.line(record))",
                json: { FindingPresentation.finding(record, convoy: convoy) })
        }
    }
}

struct FindingList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List findings, oldest first: a molecule's, or every molecule's.",
        discussion:
            "Files that cannot be read are reported as FILE:LINE:COLUMN problems on stderr (JSON: `problems`); exit 1 when there are any."
    )

    @OptionGroup var options: StoreOptions
    @Argument(help: "Only this molecule.") var molecule: String?
    @Flag(help: "Only the findings not resolved yet.") var open = false

    func run() throws {
        try runStoreCommandReturningCode(json: options.json) { () throws(StoreError) -> Int32 in
            let store = try options.store()
            let groups = try AgentVerbs(store: store, agent: nil).findings(molecule)
            let rows = FindingPresentation.rows(groups, openOnly: open)
            let problems = groups.flatMap(\.problems)
            if options.json {
                Output.json(FindingPresentation.list(groups, molecule: molecule, openOnly: open))
            } else {
                if rows.isEmpty {
                    Output.line(
                        open ? "no open findings" : "no findings recorded (record one with `gastown finding add`)")
                } else {
                    var table = [["ID", "MOLECULE", "SEVERITY", "STATUS", "CATEGORY", "TITLE"]]
                    for (_, r) in rows {
                        table.append([
                            r.id, Output.safe(r.molecule), r.finding.severity.rawValue, r.isOpen ? "open" : "resolved",
                            Output.safe(r.finding.category), Output.safe(r.finding.title),
                        ])
                    }
                    TextLayout.table(table).forEach(Output.line)
                }
                for problem in problems { Output.error(Output.safe(problem.description)) }
            }
            return problems.isEmpty ? Exit.ok : Exit.failure
        }
    }
}

struct FindingShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one finding in full.")

    @OptionGroup var options: StoreOptions
    @Argument(help: "The molecule's name.") var molecule: String
    @Argument(help: "The finding's id (f-XXXXXXXX).") var id: String

    func run() throws {
        try runStoreCommand(json: options.json) { () throws(StoreError) in
            let group = try options.store().findings(of: molecule)
            guard let record = group.findings.first(where: { $0.id == id }) else {
                if let problem = group.problems.first(where: { $0.file.hasSuffix("/\(id).toml") }) {
                    throw StoreError(.io, problem.description)
                }
                throw StoreError(
                    .notFound,
                    "molecule \(molecule) has no finding \(Output.safe(id)) (see `gastown finding list \(molecule)`)")
            }
            if options.json {
                Output.json(FindingPresentation.finding(record, convoy: group.convoy))
                return
            }
            FindingPresentation.details(record).forEach(Output.line)
        }
    }
}

struct FindingResolve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve",
        abstract: "Resolve a finding with a note; it then leaves the report's findings and counts.",
        discussion: """
            Critical and high findings block sign-off: only a reviewer of the convoy may resolve them, signed with \
            their SSH key (in a signed workspace), and never a process with GASTOWN_AGENT set (exit 3). A resolution \
            written by hand without a valid signature does not count: the finding stays open. A finding is resolved \
            once (exit 3 the second time).
            """)

    @OptionGroup var options: StoreOptions
    @OptionGroup var signing: SigningOptions
    @Argument(help: "The molecule's name.") var molecule: String
    @Argument(help: "The finding's id (f-XXXXXXXX).") var id: String
    @Option(help: "Why it is resolved (e.g. the fix's commit or PR).") var note: String
    @Option(help: "Who resolves it (default: GASTOWN_REVIEWER, git user.name, login name).") var by: String?

    func run() throws {
        try runStoreCommand(json: options.json) { () throws(StoreError) in
            let who = try ReviewerIdentity.resolve(explicit: by, environment: options.environment)
            let store = try options.store()
            let record = try who.explaining { () throws(StoreError) in
                try store.resolveFinding(
                    molecule: molecule, id: id, by: who.name, note: note,
                    isAgent: ReviewerIdentity.isAgent(environment: options.environment),
                    signer: signing.provider(for: store, environment: options.environment), now: Date())
            }
            let convoy = try store.convoy(ofMolecule: molecule)
            try options.report(
                "\(molecule): finding \(record.id) resolved by \(who.name)",
                json: { FindingPresentation.finding(record, convoy: convoy) })
        }
    }
}

enum FindingPresentation {
    /// The findings listed, with their convoys, oldest first as loaded.
    static func rows(_ groups: [MoleculeFindings], openOnly: Bool) -> [(String, FindingRecord)] {
        groups.flatMap { g in g.findings.filter { !openOnly || $0.isOpen }.map { (g.convoy, $0) } }
    }

    /// `finding list --json`: `{"molecule", "findings", "problems"}`, and `error` when a file cannot be used.
    static func list(_ groups: [MoleculeFindings], molecule: String?, openOnly: Bool) -> JSON {
        let problems = groups.flatMap(\.problems)
        var members: [(String, JSON)] = []
        if let molecule { members.append(("molecule", .string(molecule))) }
        members.append(("findings", .array(rows(groups, openOnly: openOnly).map { finding($0.1, convoy: $0.0) })))
        members.append(("problems", .array(problems.map(StorePresentation.problem))))
        if !problems.isEmpty {
            let failure = StoreError(.io, "\(problems.count) finding file(s) cannot be used (see problems)")
            members.append(("error", Exit.errorJSON(failure)))
        }
        return .object(members)
    }

    static func finding(_ r: FindingRecord, convoy: String) -> JSON {
        let f = r.finding
        return .object([
            ("id", .string(r.id)), ("molecule", .string(r.molecule)), ("convoy", .string(convoy)),
            ("path", .string(r.path)),
            ("severity", .string(f.severity.rawValue)), ("category", .string(f.category)), ("title", .string(f.title)),
            ("detail", .optional(f.detail)), ("location", .optional(f.location)), ("blocking", .bool(f.isBlocking)),
            ("status", .string(r.isOpen ? "open" : "resolved")),
            ("recorded_by", .string(r.recordedBy)), ("recorded", .date(r.recorded)),
            (
                "resolution",
                f.resolution.map {
                    .object([
                        ("by", .string($0.by)), ("at", .date($0.at)), ("note", .string($0.note)),
                        ("signer", r.resolutionAct.signer.isEmpty ? .null : .string(r.resolutionAct.signer)),
                    ])
                } ?? .null
            ),
        ])
    }

    static func line(_ r: FindingRecord) -> String {
        let f = r.finding
        return "\(f.severity.rawValue.uppercased()) [\(Output.safe(f.category))] \(Output.safe(f.title))"
            + (f.location.map { " (\(Output.safe($0)))" } ?? "")
    }

    static func details(_ r: FindingRecord) -> [String] {
        let f = r.finding
        var out = [
            "\(r.id)  \(line(r))",
            "  molecule: \(Output.safe(r.molecule))   file: \(Output.safe(r.path))",
            "  recorded by \(Output.safe(r.recordedBy)) at \(Timestamp.text(r.recorded))",
        ]
        if let resolution = f.resolution {
            out.append(
                "  resolved by \(Output.safe(resolution.by)) at \(Timestamp.text(resolution.at)): \(Output.safe(resolution.note))"
            )
        } else {
            out.append("  open" + (f.isBlocking ? " (blocks sign-off)" : ""))
        }
        if let detail = f.detail {
            out.append("")
            out += TerminalText.sanitize(detail).split(separator: "\n", omittingEmptySubsequences: false).map {
                "  " + $0
            }
        }
        return out
    }
}
