import Foundation
import TOML

/// The three-way merge of one `.beads/` file's values, by the rules of its kind (docs/store.md,
/// "Working from several clones").
public enum StoreFileMerge {
    /// The merged values, or why the file cannot merge automatically.
    public enum Outcome: Sendable {
        case merged(TOMLTable)
        /// Left to git's conflict: the reason, for the user.
        case conflict(String)
    }

    public static func merge(_ kind: MergeFileKind, base: TOMLTable?, ours: TOMLTable, theirs: TOMLTable) -> Outcome {
        switch kind {
        case .molecule: return .merged(mergeMolecule(base: base, ours: ours, theirs: theirs))
        case .convoy: return .merged(mergeConvoy(base: base, ours: ours, theirs: theirs))
        case .finding:
            return .merged(mergePlain(base: base, ours: ours, theirs: theirs) { $0 == ["resolution"] ? "at" : nil })
        case .manualChecks:
            return .merged(
                mergePlain(base: base, ours: ours, theirs: theirs) { $0.count == 2 && $0[0] == "checks" ? "at" : nil })
        case .readMarks: return .merged(mergePlain(base: base, ours: ours, theirs: theirs) { _ in nil })
        case .gateEvidence:
            if ours == theirs || theirs == base { return .merged(ours) }
            if ours == base { return .merged(theirs) }
            let later = TableMerge.later(.table(ours), .table(theirs), by: "checked")?.tableValue
            return .merged(later ?? ours)
        case .config, .unknown:
            if ours == theirs { return .merged(ours) }
            return .conflict(refusal(kind) ?? "")
        }
    }

    /// Why files of `kind` are left to git's conflict (nil for the kinds that merge).
    public static func refusal(_ kind: MergeFileKind) -> String? {
        switch kind {
        case .config: "the signing policy (.beads/config.toml) is never merged automatically: keep one side"
        case .unknown: "not a file gastown merges (git's line merge applies)"
        default: nil
        }
    }

    // MARK: - molecule.toml

    static func mergeMolecule(base: TOMLTable?, ours: TOMLTable, theirs: TOMLTable) -> TOMLTable {
        let oursUpdated = ours["updated"].flatMap(MergeOrder.instant)
        let theirsUpdated = theirs["updated"].flatMap(MergeOrder.instant)
        var merge = TableMerge(oursIsLater: laterSide(oursUpdated, theirsUpdated)) { path in
            switch path.count {
            case 1 where path[0] == "revision" || path[0] == "updated": .skip
            case 1 where path[0] == MergeConflicts.key: .conflictRecords
            case 2 where path[0] == "steps": .step
            case 2 where path[0] == "gates": .wholeLatest(key: "checked")
            default: .threeWay
            }
        }
        var merged = merge.merge(base: base, ours: ours, theirs: theirs)
        if let a = ours["revision"]?.integerValue, let b = theirs["revision"]?.integerValue {
            merged["revision"] = .integer(max(a, b) + 1)
        }
        if let a = oursUpdated, let b = theirsUpdated {
            merged["updated"] = a >= b ? ours["updated"] : theirs["updated"]
        }
        MergeConflicts.record(merge.conflicts, in: &merged)
        return merged
    }

    // MARK: - convoy.toml

    static func mergeConvoy(base: TOMLTable?, ours: TOMLTable, theirs: TOMLTable) -> TOMLTable {
        var merge = TableMerge(oursIsLater: nil) { path in
            switch path.count {
            case 1 where path[0] == "day": .maximum
            case 1 where path[0] == MergeConflicts.key: .conflictRecords
            default: .threeWay
            }
        }
        var merged = merge.merge(base: base, ours: ours, theirs: theirs)
        MergeConflicts.record(merge.conflicts, in: &merged)
        return merged
    }

    // MARK: - Findings, read-marks, manual checks

    /// Three-way, with the tables `wholeBy` names (by the time key that decides them) merged whole.
    static func mergePlain(
        base: TOMLTable?, ours: TOMLTable, theirs: TOMLTable, wholeBy: @escaping ([String]) -> String?
    ) -> TOMLTable {
        var merge = TableMerge(oursIsLater: nil) { path in
            if let key = wholeBy(path) { return .wholeLatest(key: key) }
            return .threeWay
        }
        return merge.merge(base: base, ours: ours, theirs: theirs)
    }

    static func laterSide(_ ours: MergeOrder.Instant?, _ theirs: MergeOrder.Instant?) -> Bool? {
        switch (ours, theirs) {
        case (let a?, let b?) where a != b: a > b
        case (.some, nil): true
        case (nil, .some): false
        default: nil
        }
    }
}
