import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What the Board and History views compute from a whole snapshot, kept with it: a 100,000-molecule workspace has
/// 300,000 decisions, which are sorted and lowercased for searching once per snapshot instead of at every key. A
/// snapshot whose convoys change gets a new, empty cache (`WorkspaceSnapshot.convoys`' `didSet`), so nothing here is
/// ever stale; it takes no part in comparing snapshots.
final class SnapshotCache: @unchecked Sendable, Hashable {
    private let lock = NSLock()
    private var boards: [String: BoardModel] = [:]
    private var histories: [HistoryScope: HistoryIndex] = [:]

    func board(_ key: String, _ make: () -> BoardModel) -> BoardModel { remembered(key, in: \.boards, make) }

    func history(_ scope: HistoryScope, _ make: () -> HistoryIndex) -> HistoryIndex {
        remembered(scope, in: \.histories, make)
    }

    private func remembered<Key: Hashable, Value>(
        _ key: Key, in table: ReferenceWritableKeyPath<SnapshotCache, [Key: Value]>, _ make: () -> Value
    ) -> Value {
        lock.lock()
        defer { lock.unlock() }
        if let value = self[keyPath: table][key] { return value }
        let value = make()
        self[keyPath: table][key] = value
        return value
    }

    static func == (lhs: SnapshotCache, rhs: SnapshotCache) -> Bool { true }
    func hash(into hasher: inout Hasher) {}
}

