import TOML

/// How one field of a file merges (chosen per path by the file's rules).
enum FieldRule: Sendable {
    /// Three-way: a one-sided change keeps that side; a table merges key by key; two different changes go
    /// to the later side, and the loser is recorded as a conflict.
    case threeWay
    /// The whole value comes from one side: the one changed, else the one whose `key` time is later.
    case wholeLatest(key: String)
    /// The larger integer.
    case maximum
    /// Decided by the caller after the merge (`revision`, `updated`).
    case skip
    /// A `[steps.ID]` table (`StepMerge`).
    case step
    /// A `[conflicts]` table: entries one side cleared stay cleared, the rest are kept from both.
    case conflictRecords
}

/// A three-way merge of parsed TOML tables, value by value, with rules per field.
///
/// Every rule is symmetric in ours and theirs, so two people merging the same pair get the same values.
/// Arrays merge as ordered sets: a one-sided change keeps that side's array; else the base's elements both
/// sides kept, in the base's order, then every element either side added, in a fixed order.
struct TableMerge {
    /// Which side wins a two-sided change: true for ours, false for theirs, nil when the sides are
    /// equally recent (then the value that sorts last wins, so the choice does not depend on the side).
    let oursIsLater: Bool?
    let rule: ([String]) -> FieldRule
    /// The values two-sided changes lost, by path.
    private(set) var conflicts: [(path: [String], lost: TOMLValue)] = []

    init(oursIsLater: Bool?, rule: @escaping ([String]) -> FieldRule) {
        self.oursIsLater = oursIsLater
        self.rule = rule
    }

    mutating func merge(base: TOMLTable?, ours: TOMLTable, theirs: TOMLTable, at path: [String] = []) -> TOMLTable {
        var merged = TOMLTable()
        for key in Self.unionKeys(ours, theirs) {
            let child = path + [key]
            if let value = mergeValue(base: base?[key], ours: ours[key], theirs: theirs[key], at: child) {
                merged[key] = value
            }
        }
        return merged
    }

    /// The merged value of one field; nil when it is gone.
    mutating func mergeValue(base: TOMLValue?, ours: TOMLValue?, theirs: TOMLValue?, at path: [String])
        -> TOMLValue?
    {
        let rule = rule(path)
        if case .skip = rule { return ours ?? theirs }
        if ours == theirs { return ours }
        switch rule {
        case .wholeLatest(let key):
            if ours == base { return theirs }
            if theirs == base { return ours }
            return Self.later(ours, theirs, by: key)
        case .maximum:
            if let a = ours?.integerValue, let b = theirs?.integerValue { return .integer(max(a, b)) }
        case .conflictRecords:
            return mergeConflictRecords(base: base, ours: ours, theirs: theirs)
        case .step:
            if ours == base { return theirs }
            if theirs == base { return ours }
            return .table(
                StepMerge.merge(
                    base: base?.tableValue, ours: ours?.tableValue, theirs: theirs?.tableValue, at: path, using: &self))
        case .threeWay, .skip:
            break
        }
        if ours == base { return theirs }
        if theirs == base { return ours }
        if case .table(let a)? = ours, case .table(let b)? = theirs {
            return .table(merge(base: base?.tableValue, ours: a, theirs: b, at: path))
        }
        if case .array(let a)? = ours, case .array(let b)? = theirs {
            return .array(Self.orderedSet(base: base?.arrayValue, ours: a, theirs: b))
        }
        let (winner, loser) = pick(ours, theirs)
        if let loser { conflicts.append((path, loser)) }
        return winner
    }

    /// The winner and loser of a two-sided change.
    func pick(_ ours: TOMLValue?, _ theirs: TOMLValue?) -> (winner: TOMLValue?, loser: TOMLValue?) {
        let oursWins = oursIsLater ?? (MergeOrder.key(ours) > MergeOrder.key(theirs))
        return oursWins ? (ours, theirs) : (theirs, ours)
    }

    /// `[conflicts]`: three-way, each recorded value list merged as a set (so an entry one side cleared
    /// stays cleared, and both sides' losers are kept).
    private func mergeConflictRecords(base: TOMLValue?, ours: TOMLValue?, theirs: TOMLValue?) -> TOMLValue? {
        var records = TableMerge(oursIsLater: nil) { _ in .threeWay }
        return records.mergeValue(base: base, ours: ours, theirs: theirs, at: [])
    }

    // MARK: - Helpers

    /// Ours' keys in order, then the keys only theirs has.
    static func unionKeys(_ ours: TOMLTable, _ theirs: TOMLTable) -> [String] {
        var keys = ours.keys
        let known = Set(keys)
        for key in theirs.keys where !known.contains(key) { keys.append(key) }
        return keys
    }

    /// An array merged as an ordered set (see the type's comment).
    static func orderedSet(base: TOMLArray?, ours: TOMLArray, theirs: TOMLArray) -> TOMLArray {
        let baseValues = base.map { Array($0) } ?? []
        if let base, ours == base { return theirs }
        if let base, theirs == base { return ours }
        let inOurs = Set(ours)
        let inTheirs = Set(theirs)
        let inBase = Set(baseValues)
        var seen = Set<TOMLValue>()
        var result: [TOMLValue] = []
        for value in baseValues where inOurs.contains(value) && inTheirs.contains(value) && seen.insert(value).inserted
        {
            result.append(value)
        }
        let added = (Array(ours) + Array(theirs)).filter { !inBase.contains($0) }
        for value in added.sorted(by: { MergeOrder.key($0) < MergeOrder.key($1) }) where seen.insert(value).inserted {
            result.append(value)
        }
        return TOMLArray(result)
    }

    /// Of two tables, the one whose `key` time is later (equal or missing times: the one that sorts last).
    static func later(_ ours: TOMLValue?, _ theirs: TOMLValue?, by key: String) -> TOMLValue? {
        let a = ours?[key].flatMap(MergeOrder.instant)
        let b = theirs?[key].flatMap(MergeOrder.instant)
        if let a, let b, a != b { return a > b ? ours : theirs }
        if a != nil, b == nil { return ours }
        if b != nil, a == nil { return theirs }
        return MergeOrder.key(ours) >= MergeOrder.key(theirs) ? ours : theirs
    }
}

/// Fixed orders for merge decisions, so they never depend on which side is ours.
enum MergeOrder {
    /// A value's canonical text (nil sorts first).
    static func key(_ value: TOMLValue?) -> String {
        guard let value else { return "" }
        return "=" + TOMLSerializer.serializeInline(value)
    }

    /// An offset date-time as an instant (seconds, nanoseconds), comparable across offsets.
    static func instant(_ value: TOMLValue) -> Instant? {
        guard case .offsetDateTime(let time) = value else { return nil }
        return Instant(seconds: time.unixSeconds, nanoseconds: time.time.nanosecond)
    }

    struct Instant: Comparable {
        var seconds: Int64
        var nanoseconds: Int
        static func < (a: Instant, b: Instant) -> Bool { (a.seconds, a.nanoseconds) < (b.seconds, b.nanoseconds) }
    }
}
