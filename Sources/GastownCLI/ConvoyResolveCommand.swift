import ArgumentParser
import Foundation
import Store
import TOML

/// `gastown convoy resolve C FIELD --keep ours|theirs`: settles a conflict a merge of clones recorded in convoy.toml.
struct ConvoyResolve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve",
        abstract: "Settle a merge conflict a convoy records: keep its value (ours) or the one set aside (theirs).",
        discussion: """
            When two clones changed the same convoy field (say its title) to different values, the merge keeps \
            the value that sorts last and records the other in convoy.toml's [conflicts] table; `convoy show` and \
            the dashboard show it as a warning. This drops the record, putting the set-aside value back with \
            --keep theirs. Status is a reviewer act: set it with `convoy edit` (signed), then --keep ours. The \
            next `convoy edit` of the field settles it too.
            """)

    @OptionGroup var options: StoreOptions
    @Argument(help: "The convoy's name.") var name: String
    @Argument(help: "The field, as `convoy show` names it (e.g. title, team_names.gateway).") var field: String
    @Option(help: "ours: the value the file holds; theirs: the value the merge set aside.") var keep:
        BeadsStore.ConflictChoice

    func run() throws {
        try runStoreCommand(json: options.json) { () throws(StoreError) in
            let store = try options.store()
            let settled = try store.resolveConflict(convoy: name, field: field, keep: keep)
            let kept = keep == .ours ? settled.kept : settled.lost.first
            try options.report(
                "\(name): \(Output.safe(settled.field)) settled, keeping \(keep.rawValue) (\(Output.safe(kept.map { TOMLSerializer.serializeInline($0) } ?? "removed")))"
            ) {
                () throws(StoreError) in try AgentVerbs(store: store, agent: nil).convoyShow(name)
            }
        }
    }
}
