import ArgumentParser
import Core
import DisplayText
import Foundation
import Signing
import Store

struct ConvoyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convoy",
        abstract: "Create and inspect convoys (groups of molecules across teams).",
        subcommands: [
            ConvoyCreate.self, ConvoyList.self, ConvoyShow.self, ConvoyEdit.self, ConvoySigners.self,
            ConvoyAdvanceDay.self, ConvoyResolve.self,
        ]
    )
}

struct ConvoyCreate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create a convoy.",
        discussion: """
            Teams are written as people write them: --team "AI Analysis" stores the slug ai-analysis in teams \
            and "AI Analysis" in [team_names]; every command then accepts any spelling of it (slug, name, an \
            --alias, any case). Reviewers given with a key are the genesis of the convoy's signed reviewer trail \
            (trusted on first use).
            """)

    @OptionGroup var options: StoreOptions
    @Argument(help: "The convoy's name (letters, digits, - _ .; at most 64).") var name: String
    @Option(help: "A one-line title (default: the name).") var title: String?
    @Option(help: "What the convoy is about.") var description: String = ""
    @Option(help: "planning, active, paused, done or archived.") var status: String = "active"
    @Option(
        name: .customLong("team"),
        help: ArgumentHelp("A team taking part, as people write it (repeatable): \"AI Analysis\".", valueName: "TEAM"))
    var teams: [String] = []
    @Option(
        name: .customLong("alias"),
        help: ArgumentHelp(
            "Another spelling of a team (repeatable): gateway=GW, \"Gateway=Gateway (GW) Team\".",
            valueName: "TEAM=ALIAS"))
    var aliases: [String] = []
    @Option(help: "The convoy's current day (default 1): a convoy adopted mid-way starts on its real day.")
    var day: Int = 1
    @Option(
        name: .customLong("reviewer"),
        help: ArgumentHelp(
            "Someone allowed to decide checkpoints, with their SSH public key (repeatable; the first reviewers, trusted on first use). Without =PUBKEY_FILE the reviewer registers a key later with `convoy edit --set-key`.",
            valueName: "NAME[=PUBKEY_FILE]"))
    var reviewers: [String] = []

    func run() throws {
        try runStoreCommand(json: options.json) { () throws(StoreError) in
            guard let status = ConvoyFile.Status(rawValue: status) else {
                throw StoreError(
                    .invalidInput,
                    "invalid --status \"\(Output.safe(status))\": expected one of \(ConvoyFile.Status.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            if let problem = StoreCounter.dayProblem(day) {
                throw StoreError(.invalidInput, "invalid --day \(day): \(problem)")
            }
            var names: [String] = []
            var keys: [String: SSHPublicKey] = [:]
            for text in reviewers {
                let (reviewer, file) = try ReviewerKeyArgument.parse(text, option: "--reviewer", keyRequired: false)
                guard !names.contains(reviewer) else {
                    throw StoreError(.invalidInput, "--reviewer \(reviewer) is given twice")
                }
                names.append(reviewer)
                keys[reviewer] = file?.key
            }
            let store = try options.store()
            let now = Date()
            var convoy = ConvoyFile(
                name: name, title: title ?? name, description: description, status: status,
                reviewers: names, created: now, day: day)
            for team in teams { try convoy.addTeam(team) }
            for alias in aliases {
                let (team, spelling) = try TeamAliasArgument.parse(alias, option: "--alias")
                try convoy.addAlias(spelling, to: team)
            }
            let creator = try? ReviewerIdentity.resolve(explicit: nil, environment: options.environment).name
            try store.createConvoy(convoy, reviewerKeys: keys, createdBy: creator, now: now)
            try options.report("created convoy \(name) (day \(day); teams: \(StorePresentation.teamLine(convoy)))") {
                StorePresentation.convoySummary(store.loadConvoy(name), molecules: [])
            }
        }
    }
}

/// `TEAM=ALIAS` as `--alias` and `--remove-alias` take it.
enum TeamAliasArgument {
    static func parse(_ text: String, option: String) throws(StoreError) -> (team: String, alias: String) {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex,
            text.index(after: equals) != text.endIndex
        else {
            throw StoreError(.invalidInput, "\(option) \"\(Output.safe(text))\": expected TEAM=ALIAS")
        }
        return (String(text[..<equals]), String(text[text.index(after: equals)...]))
    }
}

struct ConvoyList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List convoys with molecule counts by state.")

    @OptionGroup var options: StoreOptions

    func run() throws {
        try runStoreCommand(json: options.json) { () throws(StoreError) in
            let store = try options.store()
            if options.json { return Output.json(try AgentVerbs(store: store, agent: nil).convoyList()) }
            let snapshot = try store.loadAllForCommand()
            // One summary per molecule, and no copies of the molecules.
            let counts = snapshot.moleculeCounts()
            var rows = [["CONVOY", "STATUS", "MOLECULES", "DONE", "AWAITING", "BLOCKED", "INVALID", "TITLE"]]
            for convoy in snapshot.convoys {
                let tally = counts[convoy.name] ?? (0, [:])
                func count(_ s: MoleculeState.Summary) -> String { String(tally.bySummary[s] ?? 0) }
                rows.append([
                    convoy.name, convoy.file?.status.rawValue ?? "invalid", String(tally.all), count(.done),
                    count(.awaitingApproval), count(.blocked), count(.invalid), Output.safe(convoy.file?.title ?? "-"),
                ])
            }
            if snapshot.convoys.isEmpty {
                Output.line("no convoys (create one with `gastown convoy create NAME`)")
                return
            }
            TextLayout.table(rows).forEach(Output.line)
            if snapshot.signing == .unsigned { Output.line("UNSIGNED workspace: decisions count without signatures") }
            for problem in snapshot.problems + snapshot.convoys.flatMap(\.allProblems) {
                Output.error(Output.safe(problem.description))
            }
            ExitRelease.leave(snapshot)
        }
    }
}

struct ConvoyShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a convoy: per-molecule progress, pending approvals, blocked gates, ETA, last activity.")

    @OptionGroup var options: StoreOptions
    @Argument(help: "The convoy's name.") var name: String

    func run() throws {
        try runStoreCommand(json: options.json) { () throws(StoreError) in
            let store = try options.store()
            if options.json { return Output.json(try AgentVerbs(store: store, agent: nil).convoyShow(name)) }
            _ = try store.requireConvoy(name)
            var convoy = store.loadConvoy(name)
            convoy.authority = try store.authority(ofConvoy: name)
            let molecules = store.loadMolecules(inConvoy: name)
            let now = Date()
            let file = convoy.file!
            Output.line("\(name): \(Output.safe(file.title)) [\(file.status.rawValue)]")
            if !file.description.isEmpty { Output.line(Output.safe(file.description)) }
            Output.line("day \(file.day); teams: \(StorePresentation.teamLine(file))")
            if let settings = convoy.authority?.settingChanges, !settings.isEmpty {
                Output.line(
                    "signed changes: " + settings.suffix(4).map(StorePresentation.settingLine).joined(separator: "; "))
            }
            if let authority = convoy.authority, authority.isSigned {
                Output.line("reviewers (signed trail): \(ReviewerPresentation.summary(authority))")
            } else {
                Output.line(
                    "reviewers: \(file.reviewers.isEmpty ? "-" : file.reviewers.joined(separator: ", ")) (UNSIGNED workspace)"
                )
            }
            Output.line("")
            var rows = [
                [
                    "MOLECULE", "TEAM", "DAY", "STATE", "STEPS", "CURRENT", "PENDING APPROVAL", "BLOCKED GATES", "ETA",
                    "LAST ACTIVITY",
                ]
            ]
            for molecule in molecules {
                let summary = molecule.summarize(now: now)
                let pending = summary.openCheckpoints.map(\.checkpoint.id).joined(separator: ",")
                let blocked = summary.gates.filter { $0.blocking && $0.verdict == .failing }.map(\.gate.id)
                rows.append([
                    molecule.name, Output.safe(molecule.team?.displayName ?? "-"),
                    molecule.file.map { String($0.day ?? 1) } ?? "-", summary.state.rawValue,
                    StorePresentation.stepCount(molecule),
                    StorePresentation.currentStep(molecule), pending.isEmpty ? "-" : pending,
                    blocked.isEmpty ? "-" : blocked.joined(separator: ","),
                    StorePresentation.text(summary.eta), StorePresentation.text(summary.lastActivity),
                ])
            }
            if molecules.isEmpty {
                Output.line("no molecules yet")
            } else {
                TextLayout.table(rows).forEach(Output.line)
                Output.line("")
                DayPresentation.lines(try store.convoyProgress(name, molecules: molecules)).forEach(Output.line)
            }
            var seen = Set<StoreProblem>()
            for problem in convoy.allProblems + molecules.flatMap(\.allProblems) where seen.insert(problem).inserted {
                Output.error(Output.safe(problem.description))
            }
        }
    }
}
