/// One member of a table: the key, its value, and where each stands in the source.
public struct TOMLEntry: Sendable, Hashable {
    public var key: String
    public var value: TOMLValue
    public var keyPosition: SourcePosition
    public var valuePosition: SourcePosition
    /// `TableStorage.keyHash(key)`, set when the entry is stored in a table (it fits in what
    /// would otherwise be padding). Not part of equality.
    var keyHash: UInt32 = 0

    public init(
        key: String, value: TOMLValue,
        keyPosition: SourcePosition = .unknown, valuePosition: SourcePosition = .unknown
    ) {
        self.key = key
        self.value = value
        self.keyPosition = keyPosition
        self.valuePosition = valuePosition
    }

    public static func == (lhs: TOMLEntry, rhs: TOMLEntry) -> Bool {
        lhs.key == rhs.key && lhs.value == rhs.value
            && lhs.keyPosition == rhs.keyPosition && lhs.valuePosition == rhs.valuePosition
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(key)
        hasher.combine(value)
        hasher.combine(keyPosition)
        hasher.combine(valuePosition)
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
            let hash = storage.entries[i].keyHash
            storage.entries[i] = entry
            storage.entries[i].keyHash = hash
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
/// Small tables are searched linearly, comparing a cheap hash of each key (kept in the entry)
/// before the key itself; larger ones keep a (seeded, collision-resistant) dictionary index.
///
/// Dynamic exclusivity checks are off for its properties: the parser touches them for every
/// key, and no code here holds overlapping accesses.
final class TableStorage: @unchecked Sendable {
    @exclusivity(unchecked) var entries: [TOMLEntry] = []
    @exclusivity(unchecked) var lookup: [String: Int]? = nil
    @exclusivity(unchecked) var position: SourcePosition = .unknown

    // Parser-only bookkeeping for TOML's redefinition rules (see DocumentParser+Tables.swift).
    /// How the table came into being.
    @exclusivity(unchecked) var origin: TableOrigin = .header
    /// For `.dotted` tables: the section (header or inline table) whose dotted keys created it.
    @exclusivity(unchecked) var section: Int32 = 0
    /// Containers between the root and this table (root is 0); bounded by the nesting limit.
    @exclusivity(unchecked) var depth: Int32 = 0

    static let indexThreshold = 32

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
        index(of: key, hash: Self.keyHash(key))
    }

    func index(of key: String, hash: UInt32) -> Int? {
        if let lookup { return lookup[key] }
        return entries.withUnsafeBufferPointer { entries -> Int? in
            for i in entries.indices where entries[i].keyHash == hash && entries[i].key == key { return i }
            return nil
        }
    }

    func append(_ entry: TOMLEntry) {
        append(entry, hash: Self.keyHash(entry.key))
    }

    func append(_ entry: consuming TOMLEntry, hash: UInt32) {
        if lookup != nil {
            lookup![entry.key] = entries.count
        } else if entries.count >= Self.indexThreshold {
            var built = [String: Int](minimumCapacity: entries.count * 2)
            for (i, e) in entries.enumerated() { built[e.key] = i }
            built[entry.key] = entries.count
            lookup = built
        }
        entry.keyHash = hash
        entries.append(entry)
    }

    func remove(at index: Int) {
        entries.remove(at: index)
        if lookup != nil {
            var built = [String: Int](minimumCapacity: entries.count * 2)
            for (i, e) in entries.enumerated() { built[e.key] = i }
            lookup = built
        }
    }

    func reserveCapacity(_ count: Int) {
        entries.reserveCapacity(count)
    }

    /// FNV-1a over the key's UTF-8 bytes: only a filter before comparing keys, never trusted alone.
    static func keyHash(_ key: String) -> UInt32 {
        var key = key
        return key.withUTF8 { keyHash($0) }
    }

    @inline(__always) static func keyHash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var hash: UInt32 = 2_166_136_261
        for byte in bytes { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return hash
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
