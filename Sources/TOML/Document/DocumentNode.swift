/// One value of a parsed document — a table member or an array element — in 24 bytes.
///
/// A parsed document is a flat array of these rather than a tree of objects: that is what keeps
/// a decoded document within a few times the size of its text. Keys and strings without escapes
/// are not copied; they are ranges of the source text.
struct DocumentNode: Sendable {
    /// Depends on `kind`: the value's bits (integer, float, boolean); a string's range
    /// (`low` offset, `high` length, in the source or, with `stringInArena`, the string arena);
    /// a `PackedDateTime` or an index into the date-time table; a table's first and last member (`low`, `high`);
    /// an array's first element slot in the element table and its count (`low`, `high`).
    var payload: UInt64 = 0
    /// Byte offset of the key token, which is also the key's position; `noOffset` for elements.
    var keyOffset: UInt32 = DocumentNode.noOffset
    /// Byte offset where the value starts (for a table: its header, `{` or first dotted key).
    var valueOffset: UInt32 = DocumentNode.noOffset
    /// The next member of the same table, in document order; 0 ends the list (node 0 is the root).
    var next: UInt32 = 0
    /// Length in bytes of the key's text when `keyForm` is `.bare` or `.quoted` (longer keys are `.side`).
    var keyLength: UInt8 = 0
    /// `DocumentNode.fingerprint` of the key's text: lets the parser skip most other keys unread.
    var keyFingerprint: UInt8 = 0
    var kind: NodeKind = .table
    var flags: NodeFlags = NodeFlags()

    static let noOffset = UInt32.max
    /// Keys this long or longer are stored aside.
    static let longKeyLength = Int(UInt8.max)

    /// A one-byte hash of a key's bytes.
    @inline(__always) static func fingerprint(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> UInt8 {
        var hash: UInt32 = 2_166_136_261
        for i in 0..<count { hash = (hash ^ UInt32(bytes[i])) &* 16_777_619 }
        return UInt8(truncatingIfNeeded: hash ^ hash >> 8 ^ hash >> 16 ^ hash >> 24)
    }

    /// Where the key's text is: a range of the source, or of the arena when `inArena`; nil for
    /// elements. `side` is the node's entry in the side keys (needed only for `.side` keys).
    func keyLocation(side: SideKey?) -> KeyLocation? {
        switch flags.keyForm {
        case .none: nil
        case .bare: KeyLocation(inArena: false, start: Int(keyOffset), length: Int(keyLength))
        case .quoted: KeyLocation(inArena: false, start: Int(keyOffset) + 1, length: Int(keyLength))
        case .side: side.map { KeyLocation(inArena: $0.inArena, start: Int($0.offset), length: Int($0.length)) }
        }
    }

    var low: UInt32 {
        get { UInt32(truncatingIfNeeded: payload) }
        set { payload = payload & 0xFFFF_FFFF_0000_0000 | UInt64(newValue) }
    }

    var high: UInt32 {
        get { UInt32(truncatingIfNeeded: payload >> 32) }
        set { payload = payload & 0xFFFF_FFFF | UInt64(newValue) << 32 }
    }
}

enum NodeKind: UInt8, Sendable {
    case string, integer, float, boolean, offsetDateTime, localDateTime, localDate, localTime, array, table

    /// As `TOMLValue.typeName` spells it.
    var typeName: String {
        switch self {
        case .string: "string"
        case .integer: "integer"
        case .float: "float"
        case .boolean: "bool"
        case .offsetDateTime: "datetime"
        case .localDateTime: "datetime-local"
        case .localDate: "date-local"
        case .localTime: "time-local"
        case .array: "array"
        case .table: "table"
        }
    }
}

/// Where a node's key text lives.
enum KeyForm: UInt8, Sendable {
    /// An array element (or the root): no key.
    case none
    /// A bare key: `keyLength` bytes at `keyOffset`.
    case bare
    /// A quoted key without escapes: `keyLength` bytes just after the quote at `keyOffset`.
    case quoted
    /// Anything else (escapes, or `longKeyLength` bytes and longer): see `TOMLDocument.sideKeys`.
    case side
}

/// A key's text: `length` bytes from `start` in the source, or in the arena when `inArena`.
struct KeyLocation {
    var inArena: Bool
    var start: Int
    var length: Int
}

/// Small per-node facts packed into one byte.
struct NodeFlags: Sendable {
    var rawValue: UInt8 = 0

    /// Bits 0–1.
    var keyForm: KeyForm {
        get { KeyForm(rawValue: rawValue & 0b11)! }
        set { rawValue = rawValue & ~0b11 | newValue.rawValue }
    }

    /// Bits 2–4: how a table came into being (parser bookkeeping for the redefinition rules).
    var origin: TableOrigin {
        get { TableOrigin(rawValue: rawValue >> 2 & 0b111)! }
        set { rawValue = rawValue & ~0b1_1100 | newValue.rawValue << 2 }
    }

    /// Bit 5: a string's bytes are in the string arena (it had escapes), not the source.
    var stringInArena: Bool {
        get { rawValue & 0b10_0000 != 0 }
        set { rawValue = newValue ? rawValue | 0b10_0000 : rawValue & ~0b10_0000 }
    }

    /// Bit 5 again, for date-times: the payload indexes `TOMLDocument.dateTimes` rather than
    /// holding a `PackedDateTime`.
    var dateTimeInTable: Bool {
        get { stringInArena }
        set { stringInArena = newValue }
    }

    /// Bit 6: an array of tables still being parsed, whose elements are chained by `next`
    /// (`low` first, `high` last) until the parse ends and they move to the element table.
    var isChained: Bool {
        get { rawValue & 0b100_0000 != 0 }
        set { rawValue = newValue ? rawValue | 0b100_0000 : rawValue & ~0b100_0000 }
    }

    /// Bit 7: a table with a member index (`TOMLDocument.memberIndexes`).
    var hasMemberIndex: Bool {
        get { rawValue & 0b1000_0000 != 0 }
        set { rawValue = newValue ? rawValue | 0b1000_0000 : rawValue & ~0b1000_0000 }
    }
}

/// How a table was created, which decides what may extend it later.
enum TableOrigin: UInt8, Sendable {
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
