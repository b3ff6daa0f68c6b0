/// One member of a table: the key, its value, and where each stands in the source.
public struct TOMLEntry: Sendable, Hashable {
    public var key: String
    public var value: TOMLValue
    public var keyPosition: SourcePosition
    public var valuePosition: SourcePosition

    public init(
        key: String, value: TOMLValue,
        keyPosition: SourcePosition = .unknown, valuePosition: SourcePosition = .unknown
    ) {
        self.key = key
        self.value = value
        self.keyPosition = keyPosition
        self.valuePosition = valuePosition
    }
}

/// A TOML table: keys in document order, each with its source position.
///
/// A value type with copy-on-write storage. Equality ignores positions and compares
/// keys as a set (TOML key order carries no meaning), values recursively.
public struct TOMLTable: Sendable {
    var storage: TableStorage

    public init() { storage = TableStorage() }

    /// Wraps storage the parser built and still owns; the parser mutates it in place.
    init(storage: TableStorage) { self.storage = storage }

    public init(uniqueKeysWithValues pairs: some Sequence<(String, TOMLValue)>) {
        storage = TableStorage()
        for (key, value) in pairs { self[key] = value }
    }

    public init(entries: some Sequence<TOMLEntry>) {
        storage = TableStorage()
        for entry in entries { setEntry(entry) }
    }

    /// Where the table was opened (its `[header]`, `{`, or first dotted key); `.unknown` for the root.
    public var position: SourcePosition {
        get { storage.position }
        set { makeUnique(); storage.position = newValue }
    }

    public var count: Int { storage.entries.count }
    public var isEmpty: Bool { storage.entries.isEmpty }
    public var keys: [String] { storage.entries.map(\.key) }
    public var entries: [TOMLEntry] { storage.entries }

    public subscript(key: String) -> TOMLValue? {
        get { storage.index(of: key).map { storage.entries[$0].value } }
        set {
            makeUnique()
            if let newValue {
                if let i = storage.index(of: key) {
                    storage.entries[i].value = newValue
                } else {
                    storage.append(TOMLEntry(key: key, value: newValue))
                }
            } else if let i = storage.index(of: key) {
                storage.remove(at: i)
            }
        }
    }

    /// The entry for a key, with its positions.
    public func entry(_ key: String) -> TOMLEntry? {
        storage.index(of: key).map { storage.entries[$0] }
    }

    /// Inserts or replaces an entry (keeping the original order on replace).
    public mutating func setEntry(_ entry: TOMLEntry) {
        makeUnique()
        if let i = storage.index(of: entry.key) {
            storage.entries[i] = entry
        } else {
            storage.append(entry)
        }
    }

    mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
    }
}

extension TOMLTable: Sequence {
    public func makeIterator() -> IndexingIterator<[TOMLEntry]> { storage.entries.makeIterator() }
}

extension TOMLTable: Hashable {
    public static func == (lhs: TOMLTable, rhs: TOMLTable) -> Bool {
        if lhs.storage === rhs.storage { return true }
        guard lhs.count == rhs.count else { return false }
        for entry in lhs.storage.entries {
            guard let other = rhs[entry.key], other == entry.value else { return false }
        }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        // Order-independent: combine per-entry hashes commutatively.
        var combined = 0
        for entry in storage.entries {
            var h = Hasher()
            h.combine(entry.key)
            h.combine(entry.value)
            combined ^= h.finalize()
        }
        hasher.combine(count)
        hasher.combine(combined)
    }
}

extension TOMLTable: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, TOMLValue)...) {
        self.init(uniqueKeysWithValues: elements)
    }
}

/// Storage shared between copies of a table until one of them mutates.
/// Small tables are searched linearly; larger ones keep a hash index.

final class TableStorage: @unchecked Sendable {
    var entries: [TOMLEntry] = []
    var lookup: [String: Int]? = nil
    var position: SourcePosition = .unknown

    // Parser-only bookkeeping for TOML's redefinition rules (see DocumentParser+Tables.swift).
    /// How the table came into being.
    var origin: TableOrigin = .header
    /// For `.dotted` tables: the section (header or inline table) whose dotted keys created it.
    var section: Int32 = 0
    /// Containers between the root and this table (root is 0); bounded by the nesting limit.
    var depth: Int32 = 0

    static let indexThreshold = 12

    init() {}

    func copy() -> TableStorage {
        let other = TableStorage()
        other.entries = entries
        other.lookup = lookup
        other.position = position
        other.origin = origin
        other.section = section
        other.depth = depth
        return other
    }

    func index(of key: String) -> Int? {
        if let lookup { return lookup[key] }
        for i in entries.indices where entries[i].key == key { return i }
        return nil
    }

    func append(_ entry: TOMLEntry) {
        entries.append(entry)
        if lookup != nil {
            lookup![entry.key] = entries.count - 1
        } else if entries.count > Self.indexThreshold {
            var built = [String: Int](minimumCapacity: entries.count * 2)
            for (i, e) in entries.enumerated() { built[e.key] = i }
            lookup = built
        }
    }

    func remove(at index: Int) {
        entries.remove(at: index)
        if lookup != nil {
            var built = [String: Int](minimumCapacity: entries.count * 2)
            for (i, e) in entries.enumerated() { built[e.key] = i }
            lookup = built
        }
    }
}

/// How a table was created, which decides what may extend it later.
enum TableOrigin: UInt8 {
    /// Created by a `[header]` path passing through it; may still be defined by its own header once.
    case implicit
    /// Defined by its own `[header]` (or the root, or a table built in code).
    case header
    /// Created by dotted keys; only dotted keys of the same section may extend it.
    case dotted
    /// An inline table `{...}`: closed once written.
    case inline
    /// An element of an array of tables (`[[header]]`).
    case arrayElement
}
