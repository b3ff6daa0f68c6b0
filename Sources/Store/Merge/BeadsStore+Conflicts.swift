import Foundation
import TOML

extension BeadsStore {
    /// Which value settles a conflict: the one the file holds (`ours`) or the one the merge set aside (`theirs`).
    public enum ConflictChoice: String, Sendable, CaseIterable {
        case ours, theirs
    }

    /// Settles the conflict on `field` (`steps.review.assignee`, as `molecule status` names it) that a merge of
    /// clones recorded in the molecule's `[conflicts]`: keeps the file's value or puts the set-aside one back,
    /// and drops the record. A write like any other (under the lock, revision + 1, edited in place).
    @discardableResult
    public func resolveConflict(molecule name: String, field: String, keep choice: ConflictChoice, now: Date)
        throws(StoreError) -> MergeConflict
    {
        var settled: MergeConflict?
        try update(molecule: name, now: now) { (file, progress, _) throws(StoreError) in
            let (conflict, values) = try MergeConflicts.settling(
                field, in: file.tomlTable, keep: choice, owner: "molecule \(name)", setter: "the verb that writes it")
            let bytes = Array(TOMLSerializer.serialize(values).utf8)
            let (reread, problems) = MoleculeFile.parse(bytes, name: name, convoy: file.convoy, file: "molecule.toml")
            guard var reread, !problems.contains(where: { $0.severity == .error }) else {
                let why = problems.map(\.message).joined(separator: "; ")
                throw StoreError(
                    .invalidInput, "keeping \(choice.rawValue) for \(field) would make the molecule invalid: \(why)")
            }
            reread.revision = file.revision
            // Steps are written from the progress: a step's assignee comes back through it.
            for (id, step) in reread.steps { progress.steps[id]?.assignee = step.assignee }
            file = reread
            settled = conflict
        }
        guard let settled else { throw StoreError(.io, "molecule \(name) was not written") }
        return settled
    }
}

extension BeadsStore {
    /// Convoy fields that are reviewer acts (signed, in the convoy's trail): a merge's set-aside value is never put
    /// back unsigned; `convoy edit` sets it with a signature.
    static let signedConvoyFields: Set<String> = ["status", "day", "reviewers"]

    /// Settles the conflict on `field` (`title`, `team_names.gateway`, as `convoy show` names it) that a merge of
    /// clones recorded in the convoy's `[conflicts]`: keeps the file's value or puts the set-aside one back, and
    /// drops the record. Under the convoy's lock, edited in place.
    @discardableResult
    public func resolveConflict(convoy name: String, field: String, keep choice: ConflictChoice)
        throws(StoreError) -> MergeConflict
    {
        _ = try requireConvoy(name)
        return try FileLock.withLock(layout.convoyLock(name), timeout: lockTimeout) {
            () throws(StoreError) -> MergeConflict in
            guard let previous = try convoyForRewrite(name).previous else {
                throw StoreError(.io, "convoy \(name)'s convoy.toml could not be read")
            }
            let (conflict, values) = try MergeConflicts.settling(
                field, in: previous.values, keep: choice, owner: "convoy \(name)",
                setter: "`gastown convoy edit \(name)`", signed: Self.signedConvoyFields)
            let bytes = Array(TOMLSerializer.serialize(values).utf8)
            let (reread, problems) = ConvoyFile.parse(bytes, name: name, file: layout.relative(layout.convoyFile(name)))
            guard reread != nil, !problems.contains(where: { $0.severity == .error }) else {
                let why = problems.map(\.message).joined(separator: "; ")
                throw StoreError(
                    .invalidInput, "keeping \(choice.rawValue) for \(field) would make the convoy invalid: \(why)")
            }
            try TOMLFileWriter.write(
                values, header: ConvoyFile.header, to: layout.convoyFile(name), replacing: previous)
            return conflict
        }
    }
}

extension MergeConflicts {
    /// `table` with the conflict on `field` settled: its record dropped and, keeping `theirs`, the set-aside value
    /// put back. `owner` names the file in errors (`molecule m1`), `setter` the verb that writes a field, and
    /// `signed` the top-level fields that are signed acts, never put back from a merge's record.
    static func settling(
        _ field: String, in table: TOMLTable, keep choice: BeadsStore.ConflictChoice, owner: String, setter: String,
        signed: Set<String> = []
    ) throws(StoreError) -> (MergeConflict, TOMLTable) {
        let conflicts = list(in: table)
        guard let conflict = conflicts.first(where: { $0.field == field }) else {
            let known = conflicts.map(\.field)
            throw StoreError(
                .notFound,
                "\(owner) records no merge conflict on \"\(field)\""
                    + (known.isEmpty ? " (it records none)" : " (it records: \(known.joined(separator: ", ")))"))
        }
        var values = clearing(conflict.path, in: table)
        guard choice == .theirs else { return (conflict, values) }
        if let first = conflict.path.first, signed.contains(first) {
            throw StoreError(
                .refused,
                "refused: \(first) is a reviewer act, signed in the trail; set it with \(setter), then `--keep ours`")
        }
        guard conflict.lost.count == 1, let lost = conflict.lost.first else {
            let lost = conflict.lost.map { TOMLSerializer.serializeInline($0) }.joined(separator: ", ")
            throw StoreError(
                .invalidInput,
                "\(field) has \(conflict.lost.count) set-aside values (\(lost)): set the one you want with \(setter), then `--keep ours`"
            )
        }
        set(lost, at: conflict.path, in: &values)
        return (conflict, values)
    }
}
