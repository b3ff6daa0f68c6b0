/// One member of a table: the key, its value, and where each stands in the source.
public struct TOMLEntry: Sendable, Hashable {
    public var key: String
    public var value: TOMLValue
    private var positions: EntryPositions

    public init(
        key: String, value: TOMLValue,
        keyPosition: SourcePosition = .unknown, valuePosition: SourcePosition = .unknown
    ) {
        self.key = key
        self.value = value
        positions = .known(keyPosition, valuePosition)
    }

    /// An entry of a parsed document, whose positions are worked out only when asked for.
    init(key: String, value: TOMLValue, document: TOMLDocument, keyOffset: UInt32, valueOffset: UInt32) {
        self.key = key
        self.value = value
        positions = .parsed(document, keyOffset, valueOffset)
    }

    public var keyPosition: SourcePosition {
        get {
            switch positions {
            case .known(let position, _): position
            case .parsed(let document, let offset, _): document.position(offset)
            }
        }
        set { positions = .known(newValue, valuePosition) }
    }

    public var valuePosition: SourcePosition {
        get {
            switch positions {
            case .known(_, let position): position
            case .parsed(let document, _, let offset): document.position(offset)
            }
        }
        set { positions = .known(keyPosition, newValue) }
    }

    /// A date-time value's text exactly as the document wrote it (`2026-11-21T16:10:00.000Z`, or with a space
    /// for the `T`), so a hash over it does not depend on how the value is printed again. Nil for other values
    /// and for entries not read from a document.
    public var dateTimeSourceText: String? {
        guard case .parsed(let document, _, let offset) = positions, offset != DocumentNode.noOffset else { return nil }
        switch value {
        case .offsetDateTime, .localDateTime, .localDate, .localTime: break
        default: return nil
        }
        return document.source.withBytes { bytes in
            var end = Int(offset)
            func isPart(_ byte: UInt8) -> Bool {
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "T"), UInt8(ascii: "t"), UInt8(ascii: "Z"),
                    UInt8(ascii: "z"), UInt8(ascii: ":"), UInt8(ascii: "."), UInt8(ascii: "+"), UInt8(ascii: "-"):
                    true
                default: false
                }
            }
            while end < bytes.count {
                if isPart(bytes[end]) {
                    end += 1
                } else if bytes[end] == UInt8(ascii: " "), end - Int(offset) == 10, end + 1 < bytes.count,
                    (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[end + 1])
                {
                    end += 1  // `1979-05-27 07:32:00Z`: a space in place of the T
                } else {
                    break
                }
            }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[Int(offset)..<end]), as: UTF8.self)
        }
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

/// Where an entry's key and value stand: given, or byte offsets into a parsed document.
private enum EntryPositions: Sendable {
    case known(SourcePosition, SourcePosition)
    case parsed(TOMLDocument, UInt32, UInt32)
}

/// A TOML table: keys in document order, each with its source position.
///
/// A value type. A parsed table is a view into its compact `TOMLDocument`; the first change
/// turns it into its own storage (copy-on-write, one level deep: its child tables stay views).
/// Equality ignores positions and compares keys as a set (TOML key order carries no meaning),
/// values recursively.
public struct TOMLTable: Sendable {
    enum Backing: Sendable {
        case parsed(TOMLDocument, UInt32)
        case owned(TableStorage)
    }

    var backing: Backing

    public init() { backing = .owned(TableStorage()) }

    init(document: TOMLDocument, node: UInt32) { backing = .parsed(document, node) }

    public init(uniqueKeysWithValues pairs: some Sequence<(String, TOMLValue)>) {
        backing = .owned(TableStorage())
        for (key, value) in pairs { self[key] = value }
    }

    public init(entries: some Sequence<TOMLEntry>) {
        backing = .owned(TableStorage())
        for entry in entries { setEntry(entry) }
    }

    /// Where the table was opened (its `[header]`, `{`, or first dotted key); `.unknown` for the root.
    public var position: SourcePosition {
        get {
            switch backing {
            case .parsed(let document, let node): document.valuePosition(node)
            case .owned(let storage): storage.position
            }
        }
        set { ownedStorage().position = newValue }
    }

    public var count: Int {
        switch backing {
        case .parsed(let document, let node): document.memberCount(of: node)
        case .owned(let storage): storage.entries.count
        }
    }

    public var isEmpty: Bool {
        switch backing {
        case .parsed(let document, let node): document.nodes[Int(node)].low == 0
        case .owned(let storage): storage.entries.isEmpty
        }
    }

    public var keys: [String] {
        switch backing {
        case .parsed(let document, let node):
            var keys: [String] = []
            var member = document.nodes[Int(node)].low
            while member != 0 {
                keys.append(document.key(member))
                member = document.nodes[Int(member)].next
            }
            return keys
        case .owned(let storage):
            return storage.entries.map(\.key)
        }
    }
    public var entries: [TOMLEntry] { Array(self) }

    /// The entries with `.unknown` positions: for writers, which need no positions (working
    /// them out is most of the cost of reading a parsed table).
    var unpositionedEntries: [TOMLEntry] {
        switch backing {
        case .parsed(let document, let node):
            var entries: [TOMLEntry] = []
            var member = document.nodes[Int(node)].low
            while member != 0 {
                entries.append(TOMLEntry(key: document.key(member), value: document.value(member)))
                member = document.nodes[Int(member)].next
            }
            return entries
        case .owned(let storage):
            return storage.entries
        }
    }

    public subscript(key: String) -> TOMLValue? {
        get {
            switch backing {
            case .parsed(let document, let node): document.member(of: node, named: key).map { document.value($0) }
            case .owned(let storage): storage.index(of: key).map { storage.entries[$0].value }
            }
        }
        set {
            let storage = ownedStorage()
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
        switch backing {
        case .parsed(let document, let node): document.member(of: node, named: key).map { document.entry($0) }
        case .owned(let storage): storage.index(of: key).map { storage.entries[$0] }
        }
    }

    /// Inserts or replaces an entry (keeping the original order on replace).
    public mutating func setEntry(_ entry: TOMLEntry) {
        let storage = ownedStorage()
        if let i = storage.index(of: entry.key) {
            storage.entries[i] = entry
        } else {
            storage.append(entry)
        }
    }

    /// Storage this table alone owns, made from the parsed view or a shared copy first.
    private mutating func ownedStorage() -> TableStorage {
        switch backing {
        case .parsed(let document, let node):
            let storage = TableStorage()
            storage.position = document.valuePosition(node)
            storage.entries.reserveCapacity(document.memberCount(of: node))
            for entry in self { storage.append(entry) }
            backing = .owned(storage)
            return storage
        case .owned(var storage):
            // Release the enum's reference first, so a storage nobody else holds is not copied.
            backing = .owned(TableStorage.placeholder)
            if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
            backing = .owned(storage)
            return storage
        }
    }
}

extension TOMLTable: Sequence {
    public struct Iterator: IteratorProtocol {
        enum Cursor {
            case parsed(TOMLDocument, UInt32)
            case owned([TOMLEntry], Int)
        }

        var cursor: Cursor

        public mutating func next() -> TOMLEntry? {
            switch cursor {
            case .parsed(let document, let member):
                guard member != 0 else { return nil }
                cursor = .parsed(document, document.nodes[Int(member)].next)
                return document.entry(member)
            case .owned(let entries, let i):
                guard i < entries.count else { return nil }
                cursor = .owned(entries, i + 1)
                return entries[i]
            }
        }
    }

    public func makeIterator() -> Iterator {
        switch backing {
        case .parsed(let document, let node): Iterator(cursor: .parsed(document, document.nodes[Int(node)].low))
        case .owned(let storage): Iterator(cursor: .owned(storage.entries, 0))
        }
    }

    public var underestimatedCount: Int {
        switch backing {
        case .parsed: 0
        case .owned(let storage): storage.entries.count
        }
    }
}

extension TOMLTable: Hashable {
    public static func == (lhs: TOMLTable, rhs: TOMLTable) -> Bool {
        switch (lhs.backing, rhs.backing) {
        case (.parsed(let a, let i), .parsed(let b, let j)) where a === b && i == j: return true
        case (.owned(let a), .owned(let b)) where a === b: return true
        default: break
        }
        guard lhs.count == rhs.count else { return false }
        for entry in lhs {
            guard let other = rhs[entry.key], other == entry.value else { return false }
        }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        // Order-independent: combine per-entry hashes commutatively.
        var combined = 0
        var count = 0
        for entry in self {
            var h = Hasher()
            h.combine(entry.key)
            h.combine(entry.value)
            combined ^= h.finalize()
            count += 1
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

/// The members of a table built or changed in code. Small tables are searched in order;
/// larger ones keep a dictionary index.
final class TableStorage: @unchecked Sendable {
    // Only ever mutated through a uniquely referenced `TOMLTable` (copy-on-write).
    var entries: [TOMLEntry] = []
    var lookup: [String: Int]? = nil
    var position: SourcePosition = .unknown

    static let indexThreshold = 32
    /// Stands in the enum while a table checks whether its storage is uniquely referenced.
    static let placeholder = TableStorage()

    init() {}

    func copy() -> TableStorage {
        let other = TableStorage()
        other.entries = entries
        other.lookup = lookup
        other.position = position
        return other
    }

    func index(of key: String) -> Int? {
        if let lookup { return lookup[key] }
        return entries.firstIndex { $0.key == key }
    }

    func append(_ entry: TOMLEntry) {
        if lookup != nil {
            lookup![entry.key] = entries.count
        } else if entries.count >= Self.indexThreshold {
            var built = [String: Int](minimumCapacity: entries.count * 2)
            for (i, e) in entries.enumerated() { built[e.key] = i }
            built[entry.key] = entries.count
            lookup = built
        }
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
}
