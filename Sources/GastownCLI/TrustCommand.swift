import ArgumentParser
import DisplayText
import Foundation
import Store

/// `gastown trust [CONVOY...]`: accept what changed since this user pinned the workspace (like answering ssh's
/// "host key changed" question after checking).
struct TrustCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trust",
        abstract: "Show and accept a changed reviewer-trail genesis or signing policy (pinned per user).",
        discussion: """
            gastown pins, per workspace and outside it ($XDG_STATE_HOME/gastown/trust.toml, default \
            ~/.local/state/gastown/), the signing policy and each convoy's first reviewer set it first saw. A \
            convoy whose trail now starts elsewhere, or a switch to unsigned, counts nothing until you accept it \
            here. Without CONVOY, every convoy (and the policy) is checked. Asks before accepting; --yes accepts \
            without asking (scripts). Exit 0 when nothing differs or it was accepted, 3 when declined.
            """)

    @OptionGroup var options: StoreOptions
    @Argument(help: "The convoys to check (default: all).") var convoys: [String] = []
    @Flag(help: "Accept without asking.") var yes = false

    func run() throws {
        try runStoreCommand(json: options.json) { () throws(StoreError) in
            let store = try options.store()
            let changes = try store.trustChanges(convoys: convoys.isEmpty ? nil : convoys)
            if changes.isEmpty {
                try options.report("nothing to accept: the workspace matches what you trusted") {
                    .object([("accepted", .array([])), ("changes", .array([]))])
                }
                return
            }
            if !options.json {
                for change in changes { Output.line(Output.safe(change.summary)) }
            }
            if !yes {
                guard Prompt.confirm("accept \(changes.count == 1 ? "this change" : "these \(changes.count) changes")?")
                else {
                    throw StoreError(.refused, "not accepted: nothing changed (run again with --yes to accept)")
                }
            }
            try store.accept(changes)
            try options.report("accepted \(changes.count) change(s)") {
                .object([("accepted", .array(changes.map { .string($0.summary) }))])
            }
        }
    }
}

/// A yes/no question on the terminal; anything but y/yes (or no terminal) is no.
enum Prompt {
    static func confirm(_ question: String) -> Bool {
        FileHandle.standardError.write(Data((TerminalText.sanitize(question) + " [y/N] ").utf8))
        guard let answer = readLine() else { return false }
        return ["y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased())
    }
}
