import TOML

/// A value a merge of two clones set aside: both changed the field, the later side won, and the
/// loser is kept in the file's `[conflicts]` table until someone settles it.
public struct MergeConflict: Sendable, Hashable {
    /// The field's path (`["steps", "review", "assignee"]`).
    public var path: [String]
    /// The value the file holds now (nil when the winner removed the field).
    public var kept: TOMLValue?
    /// The values that lost, in a fixed order.
    public var lost: [TOMLValue]

    /// The path as people write it: `steps.review.assignee`.
    public var field: String { MergeConflicts.fieldName(path) }
}

/// The `[conflicts]` table of `molecule.toml` and `convoy.toml`: it mirrors the file's structure, and
/// each conflicted field holds the array of the values that lost:
///
///     [conflicts.steps.review]
///     assignee = ["bob"]
public enum MergeConflicts {
    public static let key = "conflicts"

    /// The conflicts `table` (a whole file's values) records.
    public static func list(in table: TOMLTable) -> [MergeConflict] {
        guard case .table(let records)? = table[key] else { return [] }
        var found: [MergeConflict] = []
        collect(records, at: [], from: table, into: &found)
        return found
    }

    private static func collect(
        _ records: TOMLTable, at path: [String], from table: TOMLTable, into found: inout [MergeConflict]
    ) {
        for entry in records {
            let child = path + [entry.key]
            switch entry.value {
            case .table(let nested): collect(nested, at: child, from: table, into: &found)
            case .array(let lost):
                found.append(MergeConflict(path: child, kept: value(at: child, in: table), lost: Array(lost)))
            default: continue
            }
        }
    }

    /// Adds the losers of a merge to `table`'s `[conflicts]`, then drops entries that no longer differ
    /// from the field's value.
    static func record(_ losers: [(path: [String], lost: TOMLValue)], in table: inout TOMLTable) {
        var records = table[key]?.tableValue ?? TOMLTable()
        for (path, lost) in losers {
            var values = value(at: path, in: records)?.arrayValue.map { Array($0) } ?? []
            if !values.contains(lost) { values.append(lost) }
            values.sort { MergeOrder.key($0) < MergeOrder.key($1) }
            set(.array(TOMLArray(values)), at: path, in: &records)
        }
        for conflict in list(in: [key: .table(records)]) {
            let current = value(at: conflict.path, in: table)
            let remaining = conflict.lost.filter { $0 != current }
            set(remaining.isEmpty ? nil : .array(TOMLArray(remaining)), at: conflict.path, in: &records)
        }
        table[key] = records.isEmpty ? nil : .table(records)
    }

    /// `table` without the record of the conflict at `path`.
    public static func clearing(_ path: [String], in table: TOMLTable) -> TOMLTable {
        var table = table
        guard var records = table[key]?.tableValue else { return table }
        set(nil, at: path, in: &records)
        table[key] = records.isEmpty ? nil : .table(records)
        return table
    }

    /// `new` (a rewrite of `old`) without the conflicts whose field the rewrite changed: the next write to a
    /// field settles its conflict.
    public static func clearingWritten(from old: TOMLTable, to new: TOMLTable) -> TOMLTable {
        var result = new
        for conflict in list(in: new) where value(at: conflict.path, in: old) != value(at: conflict.path, in: new) {
            result = clearing(conflict.path, in: result)
        }
        return result
    }

    public static func fieldName(_ path: [String]) -> String {
        path.map { key in
            key.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" } && !key.isEmpty
                ? key : TOMLSerializer.basicString(key)
        }.joined(separator: ".")
    }

    // MARK: - Paths

    static func value(at path: [String], in table: TOMLTable) -> TOMLValue? {
        guard let first = path.first else { return .table(table) }
        guard let child = table[first] else { return nil }
        if path.count == 1 { return child }
        guard case .table(let nested) = child else { return nil }
        return value(at: Array(path.dropFirst()), in: nested)
    }

    /// Sets (or, with nil, removes) the value at `path`, making tables on the way and dropping tables left empty.
    static func set(_ value: TOMLValue?, at path: [String], in table: inout TOMLTable) {
        guard let first = path.first else { return }
        if path.count == 1 {
            table[first] = value
            return
        }
        var nested = table[first]?.tableValue ?? TOMLTable()
        set(value, at: Array(path.dropFirst()), in: &nested)
        table[first] = nested.isEmpty && value == nil ? nil : .table(nested)
    }
}

extension MergeConflicts {
    /// One warning per conflict a molecule's file records, for every screen.
    static func problems(_ conflicts: [MergeConflict], molecule: String, file: String) -> [StoreProblem] {
        problems(conflicts, file: file, settle: "gastown molecule resolve \(molecule)")
    }

    /// One warning per conflict a convoy's file records, for every screen.
    static func problems(_ conflicts: [MergeConflict], convoy: String, file: String) -> [StoreProblem] {
        problems(conflicts, file: file, settle: "gastown convoy resolve \(convoy)")
    }

    /// `settle`: the command that settles a conflict, before its field.
    private static func problems(_ conflicts: [MergeConflict], file: String, settle: String) -> [StoreProblem] {
        conflicts.map { conflict in
            let kept = conflict.kept.map { TOMLSerializer.serializeInline($0) } ?? "nothing (removed)"
            let lost = conflict.lost.map { TOMLSerializer.serializeInline($0) }.joined(separator: ", ")
            return StoreProblem(
                .mergeConflict, file: file,
                message:
                    "merge conflict on \(conflict.field): kept \(kept), set aside \(lost) (the other clone's change; settle with `\(settle) \(conflict.field) --keep ours|theirs`)",
                severity: .warning)
        }
    }
}

extension MoleculeFile {
    /// Drops the record of a merge's conflict on the field at `path` (a write to the field settles it).
    mutating func settleConflict(at path: [String]) {
        unknownKeys = MergeConflicts.settling(path, in: unknownKeys)
    }
}

extension ConvoyFile {
    /// Drops the record of a merge's conflict on the field at `path` (a write to the field settles it).
    mutating func settleConflict(at path: [String]) {
        unknownKeys = MergeConflicts.settling(path, in: unknownKeys)
    }
}

extension MergeConflicts {
    /// A file's unknown keys without the record of the conflict at `path`.
    static func settling(_ path: [String], in unknownKeys: TOMLTable) -> TOMLTable {
        guard let records = unknownKeys[key]?.tableValue else { return unknownKeys }
        var result = unknownKeys
        result[key] = clearing(path, in: [key: .table(records)])[key]
        return result
    }
}
