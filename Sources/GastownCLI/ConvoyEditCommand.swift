import ArgumentParser
import Foundation
import Signing
import Store

/// `gastown convoy edit C`: changes to a convoy. Title, description, teams and aliases are plain edits; status and
/// day are reviewer acts and reviewer changes are records of the convoy's signed trail.
struct ConvoyEdit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Change a convoy: title, description, teams, status, day, and who may decide its checkpoints.",
        discussion: """
            --title, --description, --add-team, --remove-team, --alias and --remove-alias edit convoy.toml. \
            Teams take any spelling (slug, display name, alias). --status and --day change what the day rules \
            enforce, so they are reviewer acts: signed with your registered key like a decision and recorded in \
            the convoy's trail (convoys/C/reviewers/). --day only moves forward, and never past what `convoy \
            advance-day` allows (every day before it complete), unless --force "reason" (recorded with it). \
            --add-reviewer and --remove-reviewer are signed by a current reviewer with their registered key. \
            --set-key rotates a reviewer's key, signed by the old key; a reviewer without a key yet registers one \
            by signing with it (trust on first use). You are resolved like `checkpoint approve --reviewer` \
            (`gastown whoami` shows who and with which key). Agents (GASTOWN_AGENT) and anyone outside the \
            current set are refused (exit 3, nothing written). Editing convoy.toml's `reviewers`, `status` or \
            `day` by hand changes nothing the trail decides: `gastown audit verify` flags the mismatch.
            """)

    @OptionGroup var options: StoreOptions
    @OptionGroup var signing: SigningOptions
    @Argument(help: "The convoy's name.") var name: String
    @Option(help: "A new one-line title.") var title: String?
    @Option(help: "A new description.") var description: String?
    @Option(
        name: .customLong("add-team"),
        help: ArgumentHelp("Add a team, as people write it (repeatable): \"Data Storage\".", valueName: "TEAM"))
    var addTeams: [String] = []
    @Option(
        name: .customLong("remove-team"),
        help: ArgumentHelp("Remove a team, any spelling (repeatable).", valueName: "TEAM"))
    var removeTeams: [String] = []
    @Option(
        name: .customLong("alias"),
        help: ArgumentHelp("Add another spelling of a team (repeatable): gateway=GW.", valueName: "TEAM=ALIAS"))
    var aliases: [String] = []
    @Option(
        name: .customLong("remove-alias"),
        help: ArgumentHelp("Remove a spelling of a team (repeatable).", valueName: "TEAM=ALIAS"))
    var removeAliases: [String] = []
    @Option(help: "A new status: planning, active, paused, done or archived (signed).") var status: String?
    @Option(help: "Move the convoy to this day (signed; forward only, within the day rules unless --force).")
    var day: Int?
    @Option(
        help: ArgumentHelp(
            "Move --day past what the day rules allow (or back), recording why.", valueName: "REASON"))
    var force: String?
    @Option(
        name: .customLong("add-reviewer"),
        help: ArgumentHelp("Add a reviewer with their public key (repeatable).", valueName: "NAME=PUBKEY_FILE"))
    var addReviewers: [String] = []
    @Option(
        name: .customLong("remove-reviewer"), help: ArgumentHelp("Remove a reviewer (repeatable).", valueName: "NAME"))
    var removeReviewers: [String] = []
    @Option(
        name: .customLong("set-key"),
        help: ArgumentHelp("Register or rotate a reviewer's key (repeatable).", valueName: "NAME=PUBKEY_FILE"))
    var setKeys: [String] = []
    @Option(help: "Who makes the change (default: GASTOWN_REVIEWER, git user.name, login name).") var reviewer: String?

    /// The reviewer changes the flags ask for, in the order add, set-key, remove.
    func reviewerEdits() throws(StoreError) -> [ReviewerEdit] {
        var edits: [ReviewerEdit] = []
        for text in addReviewers {
            let (name, file) = try ReviewerKeyArgument.parse(text, option: "--add-reviewer", keyRequired: true)
            edits.append(.add(name, file!.key))
        }
        for text in setKeys {
            let (name, file) = try ReviewerKeyArgument.parse(text, option: "--set-key", keyRequired: true)
            edits.append(.setKey(name, file!.key))
        }
        for name in removeReviewers {
            try NameValidation.validate(name, field: "--remove-reviewer")
            edits.append(.remove(name))
        }
        return edits
    }

    /// Everything else the flags ask for.
    func convoyChanges() throws(StoreError) -> ConvoyChanges {
        var changes = ConvoyChanges()
        changes.title = title
        changes.description = description
        changes.addTeams = addTeams
        changes.removeTeams = removeTeams
        for text in aliases {
            let (team, alias) = try TeamAliasArgument.parse(text, option: "--alias")
            changes.addAliases.append(TeamAlias(team: team, alias: alias))
        }
        for text in removeAliases {
            let (team, alias) = try TeamAliasArgument.parse(text, option: "--remove-alias")
            changes.removeAliases.append(TeamAlias(team: team, alias: alias))
        }
        if let status {
            guard let parsed = ConvoyFile.Status(rawValue: status) else {
                throw StoreError(
                    .invalidInput,
                    "invalid --status \"\(Output.safe(status))\": expected one of \(ConvoyFile.Status.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            changes.status = parsed
        }
        changes.day = day
        changes.forceReason = force
        return changes
    }

    func run() throws {
        try runStoreCommand(json: options.json) { () throws(StoreError) in
            let edits = try reviewerEdits()
            let changes = try convoyChanges()
            guard !edits.isEmpty || !changes.isEmpty else {
                throw StoreError(
                    .invalidInput,
                    "nothing to change: give --title, --description, --add-team, --remove-team, --alias, --remove-alias, --status, --day, --add-reviewer, --remove-reviewer or --set-key"
                )
            }
            let store = try options.store()
            let needsIdentity = !edits.isEmpty || changes.changesSettings
            let who =
                needsIdentity ? try ReviewerIdentity.resolve(explicit: reviewer, environment: options.environment) : nil
            let isAgent = ReviewerIdentity.isAgent(environment: options.environment)
            let signer = signing.provider(for: store, environment: options.environment)
            var lines: [String] = []
            var changed: [ReviewerChange] = []
            if !changes.isEmpty {
                let outcome = try who.explaining { () throws(StoreError) in
                    try store.editConvoy(name, changes, by: who?.name, isAgent: isAgent, signer: signer, now: Date())
                }
                changed += outcome.settingRecords
                lines += Self.lines(for: changes, outcome: outcome)
            }
            if !edits.isEmpty, let who {
                let written = try who.explaining { () throws(StoreError) in
                    try store.editReviewers(
                        convoy: name, edits, by: who.name, isAgent: isAgent, signer: signer, now: Date())
                }
                changed += written
            }
            lines += changed.map { ReviewerPresentation.changeLine($0, convoy: name) }
            let authority = try store.authority(ofConvoy: name)
            try options.report(lines.joined(separator: "\n")) {
                .object([
                    ("convoy", .string(name)),
                    ("changes", .array(changed.map(ReviewerPresentation.change))),
                    ("reviewers", ReviewerPresentation.reviewers(authority)),
                    ("summary", StorePresentation.convoySummary(store.loadConvoy(name), molecules: [])),
                ])
            }
        }
    }

    /// What the plain edits did, one line each (status and day come from their records).
    static func lines(for changes: ConvoyChanges, outcome: ConvoyEditOutcome) -> [String] {
        let convoy = outcome.convoy
        var lines: [String] = []
        if changes.title != nil { lines.append("convoy \(convoy.name): title \"\(Output.safe(convoy.title))\"") }
        if changes.description != nil { lines.append("convoy \(convoy.name): description changed") }
        if !changes.addTeams.isEmpty || !changes.removeTeams.isEmpty || !changes.addAliases.isEmpty
            || !changes.removeAliases.isEmpty
        {
            lines.append("convoy \(convoy.name): teams \(StorePresentation.teamLine(convoy))")
        }
        if changes.changesSettings && outcome.settingRecords.isEmpty {
            lines.append(
                "convoy \(convoy.name): already \(convoy.status.rawValue) on day \(convoy.day); nothing recorded")
        }
        return lines
    }
}

/// `gastown convoy signers C`: the current allowed-signers lines, for `ssh-keygen -Y verify -f`.
struct ConvoySigners: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signers",
        abstract: "Print a convoy's current reviewers as allowed-signers lines (for ssh-keygen -Y verify).",
        discussion: """
            Check a decision by hand:
              gastown audit canonical FILE > canonical
              sed -n '/BEGIN SSH SIGNATURE/,/END SSH SIGNATURE/p' FILE > sig
              ssh-keygen -Y verify -f <(gastown convoy signers C) -I alice -n gastown -s sig < canonical
            """)

    @OptionGroup var options: StoreOptions
    @Argument(help: "The convoy's name.") var name: String

    func run() throws {
        try runStoreCommand(json: options.json) { () throws(StoreError) in
            let authority = try options.store().authority(ofConvoy: name)
            if options.json {
                Output.json(
                    .object([("convoy", .string(name)), ("reviewers", ReviewerPresentation.reviewers(authority))]))
                return
            }
            for problem in authority.problems { Output.error(Output.safe(problem.description)) }
            authority.trail.allowedSigners.forEach(Output.line)
        }
    }
}
