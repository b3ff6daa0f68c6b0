import ArgumentParser
import Foundation
import Signing
import Store

/// `gastown convoy edit C`: changes to a convoy. Each flag is one kind of change; reviewer changes are records of
/// the convoy's signed reviewer trail.
struct ConvoyEdit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Change a convoy: who may decide its checkpoints (signed changes of its reviewer trail).",
        discussion: """
            --add-reviewer and --remove-reviewer are signed by a current reviewer (you, as resolved like \
            `checkpoint approve --reviewer`) with their registered key. --set-key rotates a reviewer's key, signed \
            by the old key; a reviewer without a key yet registers one by signing with it (trust on first use). \
            Agents (GASTOWN_AGENT) and anyone outside the current set are refused (exit 3, nothing written). \
            Editing convoy.toml's `reviewers` by hand changes nothing: `gastown audit verify` flags the mismatch.
            """)

    @OptionGroup var options: StoreOptions
    @OptionGroup var signing: SigningOptions
    @Argument(help: "The convoy's name.") var name: String
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

    func run() throws {
        try runStoreCommand(json: options.json) { () throws(StoreError) in
            let edits = try reviewerEdits()
            guard !edits.isEmpty else {
                throw StoreError(
                    .invalidInput, "nothing to change: give --add-reviewer, --remove-reviewer or --set-key")
            }
            let store = try options.store()
            let who = try ReviewerIdentity.resolve(explicit: reviewer, environment: options.environment)
            let changes = try store.editReviewers(
                convoy: name, edits, by: who.name, isAgent: ReviewerIdentity.isAgent(environment: options.environment),
                signer: signing.provider(for: store, environment: options.environment), now: Date())
            let authority = try store.authority(ofConvoy: name)
            try options.report(
                changes.map { ReviewerPresentation.changeLine($0, convoy: name) }.joined(separator: "\n")
            ) {
                .object([
                    ("convoy", .string(name)),
                    ("changes", .array(changes.map(ReviewerPresentation.change))),
                    ("reviewers", ReviewerPresentation.reviewers(authority)),
                ])
            }
        }
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
