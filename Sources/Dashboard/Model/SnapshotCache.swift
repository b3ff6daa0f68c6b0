import Foundation

/// What the Board and History views compute from a snapshot, kept with it: a key asks for a board or an index several
/// times. Built from the convoys' parts (`ConvoyParts`), which outlive the snapshot: a write rebuilds only the parts
/// of the convoys it changed. A snapshot whose convoys change gets a new cache over the same parts
/// (`WorkspaceSnapshot.convoys`' `didSet`), and a snapshot that replaces another takes over its parts
/// (`Dashboard.update`, `.loaded`); it takes no part in comparing snapshots.
final class SnapshotCache: @unchecked Sendable, Hashable {
    let parts: ConvoyParts
    private let lock = NSLock()
    private var boards: [String: BoardModel] = [:]
    private var histories: [HistoryScope: HistoryIndex] = [:]

    init(parts: ConvoyParts = ConvoyParts()) {
        self.parts = parts
    }

    func board(_ key: String, _ make: (ConvoyParts) -> BoardModel) -> BoardModel {
        remembered(key, in: \.boards, make)
    }

    func history(_ scope: HistoryScope, _ make: (ConvoyParts) -> HistoryIndex) -> HistoryIndex {
        remembered(scope, in: \.histories, make)
    }

    private func remembered<Key: Hashable, Value>(
        _ key: Key, in table: ReferenceWritableKeyPath<SnapshotCache, [Key: Value]>, _ make: (ConvoyParts) -> Value
    ) -> Value {
        lock.lock()
        defer { lock.unlock() }
        if let value = self[keyPath: table][key] { return value }
        let value = make(parts)
        self[keyPath: table][key] = value
        return value
    }

    static func == (lhs: SnapshotCache, rhs: SnapshotCache) -> Bool { true }
    func hash(into hasher: inout Hasher) {}
}

/// What the Board and History compute per convoy, kept from snapshot to snapshot by convoy id: its decisions sorted
/// with their search text, its board part, and the views of it alone. A part is used only for a convoy equal to the
/// one it was computed from — any change to its molecules, decisions (their marks follow the convoy's reviewers and
/// trust), title or rights makes new parts — so nothing is ever stale; a convoy unchanged since the last snapshot
/// shares its arrays with it, and comparing them costs a pointer comparison. The views of every convoy combine the
/// parts and are kept until one of the parts changes.
final class ConvoyParts: @unchecked Sendable {
    /// One convoy's parts, each computed when first asked for.
    private final class Entry {
        let convoy: ConvoySnapshot
        init(_ convoy: ConvoySnapshot) { self.convoy = convoy }

        lazy var trails = DecisionTrails(convoy)
        lazy var text = SearchText(count: trails.count) { [trails] in trails[$0] }
        lazy var history = HistoryIndex(segments: [text])
        lazy var boardPart = BoardPart(convoy)
        lazy var board = BoardModel(parts: [boardPart], convoys: [convoy])
        /// The History of each of its molecules, by name.
        var molecules: [String: HistoryIndex] = [:]
    }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    /// The History and the Board of every convoy as last combined, with the entries they were combined from.
    private var allHistory: (entries: [Entry], index: HistoryIndex)?
    private var allBoard: (entries: [Entry], board: BoardModel)?

    /// Keeps only the parts of the snapshot's convoys as they are now: those of a convoy gone or changed, and the views
    /// of every convoy combined from them, are dropped, so nothing of an older snapshot (its molecules) stays held
    /// here — after a full reload, not a second copy of every molecule.
    func keep(matching convoys: [ConvoySnapshot]) {
        lock.withLock {
            var kept: [String: Entry] = [:]
            kept.reserveCapacity(entries.count)
            for convoy in convoys {
                if let entry = entries[convoy.id], entry.convoy == convoy { kept[convoy.id] = entry }
            }
            entries = kept
            if let all = allHistory, !all.entries.allSatisfy({ kept[$0.convoy.id] === $0 }) { allHistory = nil }
            if let all = allBoard, !all.entries.allSatisfy({ kept[$0.convoy.id] === $0 }) { allBoard = nil }
        }
    }

    /// The ids of the convoys whose parts are kept, and whether views of every convoy are.
    var kept: (convoys: Set<String>, combined: Bool) {
        lock.withLock { (Set(entries.keys), allHistory != nil || allBoard != nil) }
    }

    func history(of convoy: ConvoySnapshot) -> HistoryIndex {
        lock.withLock { entry(convoy).history }
    }

    func history(of molecule: String, in convoy: ConvoySnapshot) -> HistoryIndex {
        lock.withLock {
            let entry = entry(convoy)
            if let index = entry.molecules[molecule] { return index }
            var alone = convoy
            alone.molecules = convoy.molecules.filter { $0.id == molecule }
            let trails = DecisionTrails(alone)
            let index = HistoryIndex(segments: [SearchText(count: trails.count) { trails[$0] }])
            entry.molecules[molecule] = index
            return index
        }
    }

    /// Every convoy's decisions, merged (`DecisionTrails.merged`) from the convoys' own.
    func allHistory(_ convoys: [ConvoySnapshot]) -> HistoryIndex {
        lock.withLock {
            let current = convoys.map(entry)
            if let allHistory, allHistory.entries.elementsEqual(current, by: ===) { return allHistory.index }
            let index = HistoryIndex(
                segments: current.map(\.text), order: DecisionTrails.merged(current.map(\.trails)))
            allHistory = (current, index)
            return index
        }
    }

    func board(of convoy: ConvoySnapshot) -> BoardModel {
        lock.withLock { entry(convoy).board }
    }

    /// The board of every convoy, added up from the convoys' parts.
    func allBoard(_ convoys: [ConvoySnapshot]) -> BoardModel {
        lock.withLock {
            let current = convoys.map(entry)
            if let allBoard, allBoard.entries.elementsEqual(current, by: ===) { return allBoard.board }
            let board = BoardModel(parts: current.map(\.boardPart), convoys: convoys)
            allBoard = (current, board)
            return board
        }
    }

    /// The convoy's parts: those kept when computed from an equal convoy, else new ones.
    private func entry(_ convoy: ConvoySnapshot) -> Entry {
        if let kept = entries[convoy.id], kept.convoy == convoy { return kept }
        let entry = Entry(convoy)
        entries[convoy.id] = entry
        return entry
    }
}
