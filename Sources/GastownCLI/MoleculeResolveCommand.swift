import ArgumentParser
import Foundation
import Store
import TOML

extension BeadsStore.ConflictChoice: ExpressibleByArgument {}

/// `gastown molecule resolve M FIELD --keep ours|theirs`: settles a conflict a merge of clones recorded.
struct MoleculeResolve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve",
        abstract: "Settle a merge conflict a molecule records: keep its value (ours) or the one set aside (theirs).",
        discussion: """
            When two clones changed the same field (say a step's assignee) to different values, the merge keeps \
            the later one and records the other in the molecule's [conflicts] table; `molecule status` and the \
            dashboard show it as a warning. This drops the record, putting the set-aside value back with \
            --keep theirs. The next write to the field settles it too.
            """)

    @OptionGroup var options: StoreOptions
    @Argument(help: "The molecule's name.") var name: String
    @Argument(help: "The field, as `molecule status` names it (e.g. assignee, steps.review.assignee).") var field:
        String
    @Option(help: "ours: the value the file holds; theirs: the value the merge set aside.") var keep:
        BeadsStore.ConflictChoice

    func run() throws {
        try runStoreCommand(json: options.json) { () throws(StoreError) in
            let store = try options.store()
            let settled = try store.resolveConflict(molecule: name, field: field, keep: keep, now: Date())
            let kept = keep == .ours ? settled.kept : settled.lost.first
            try options.report(
                "\(name): \(Output.safe(settled.field)) settled, keeping \(keep.rawValue) (\(Output.safe(kept.map { TOMLSerializer.serializeInline($0) } ?? "removed")))"
            ) {
                () throws(StoreError) in try moleculeJSON(store, name)
            }
        }
    }
}
