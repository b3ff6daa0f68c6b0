import Core
import TOML

/// How a `[steps.ID]` table merges: its progress (status, attempt, started, completed) follows the side
/// that moved further along, compared as (attempt, rank) with rank pending < active = blocked <
/// awaiting-approval < done, so neither a step advance nor a rejection's new attempt is lost; the other
/// fields (assignee, agents' own keys) merge three-way.
enum StepMerge {
    static let progressKeys: Set<String> = ["status", "attempt", "started", "completed"]

    static func merge(
        base: TOMLTable?, ours: TOMLTable?, theirs: TOMLTable?, at path: [String], using merge: inout TableMerge
    )
        -> TOMLTable
    {
        let ours = ours ?? TOMLTable()
        let theirs = theirs ?? TOMLTable()
        var merged = TOMLTable()
        let leader: TOMLTable?
        switch position(ours).compare(position(theirs)) {
        case .greater: leader = ours
        case .less: leader = theirs
        case .equal: leader = nil
        }
        for key in TableMerge.unionKeys(ours, theirs) {
            let value: TOMLValue?
            if progressKeys.contains(key), let leader {
                value = leader[key]
            } else if progressKeys.contains(key) {
                value = mergeTied(key, base: base?[key], ours: ours[key], theirs: theirs[key])
            } else {
                value = merge.mergeValue(base: base?[key], ours: ours[key], theirs: theirs[key], at: path + [key])
            }
            if let value { merged[key] = value }
        }
        return merged
    }

    /// Progress fields of two sides equally far along: a one-sided change keeps that side; of two times,
    /// the earlier; of two statuses of one rank (active, blocked), the one that sorts last.
    private static func mergeTied(_ key: String, base: TOMLValue?, ours: TOMLValue?, theirs: TOMLValue?)
        -> TOMLValue?
    {
        if ours == theirs || theirs == base { return ours }
        if ours == base { return theirs }
        if let a = ours.flatMap(MergeOrder.instant), let b = theirs.flatMap(MergeOrder.instant) {
            return a <= b ? ours : theirs
        }
        return MergeOrder.key(ours) >= MergeOrder.key(theirs) ? ours : theirs
    }

    struct Position {
        var attempt: Int64
        var rank: Int

        func compare(_ other: Position) -> ComparisonResult {
            if (attempt, rank) == (other.attempt, other.rank) { return .equal }
            return (attempt, rank) > (other.attempt, other.rank) ? .greater : .less
        }
    }

    enum ComparisonResult { case less, equal, greater }

    static func position(_ step: TOMLTable) -> Position {
        let status = step["status"]?.stringValue.flatMap(StepStatus.init(rawValue:)) ?? .pending
        return Position(attempt: step["attempt"]?.integerValue ?? 1, rank: rank(status))
    }

    static func rank(_ status: StepStatus) -> Int {
        switch status {
        case .pending: 0
        case .active, .blocked: 1
        case .awaitingApproval: 2
        case .done: 3
        }
    }
}
