/// A parsed document in compact form, shared by every `TOMLTable` and `TOMLArray` view into it.
///
/// Immutable once the parser hands it over. Values are built on demand from the flat node
/// array: a `TOMLValue.string` is made when it is read, a child table is a view (this document
/// plus a node index). Node 0 is the root table.
final class TOMLDocument: Sendable {
    let source: DocumentSource
    let nodes: [DocumentNode]
    /// Element node indices of every array, each array's run contiguous.
    let elements: [UInt32]
    /// Decoded text of strings and keys that had escapes (the rest are ranges of `source`).
    let arena: [UInt8]
    /// Date-times that do not fit a `PackedDateTime`.
    let dateTimes: [OffsetDateTime]
    let lines: LineIndex
    /// Key text of nodes whose `keyForm` is `.side`.
    let sideKeys: [UInt32: SideKey]
    /// Member lookup for tables with many members (small tables are searched in order).
    let memberIndexes: [UInt32: [String: UInt32]]

    init(
        source: DocumentSource, nodes: [DocumentNode], elements: [UInt32], arena: [UInt8],
        dateTimes: [OffsetDateTime], lines: LineIndex, sideKeys: [UInt32: SideKey],
        memberIndexes: [UInt32: [String: UInt32]]
    ) {
        self.source = source
        self.nodes = nodes
        self.elements = elements
        self.arena = arena
        self.dateTimes = dateTimes
        self.lines = lines
        self.sideKeys = sideKeys
        self.memberIndexes = memberIndexes
    }

    // MARK: - Values

    func value(_ index: UInt32) -> TOMLValue {
        let node = nodes[Int(index)]
        switch node.kind {
        case .string: return .string(string(node))
        case .integer: return .integer(Int64(bitPattern: node.payload))
        case .float: return .float(Double(bitPattern: node.payload))
        case .boolean: return .boolean(node.payload != 0)
        case .offsetDateTime: return .offsetDateTime(dateTime(node))
        case .localDateTime:
            let stored = dateTime(node)
            return .localDateTime(LocalDateTime(date: stored.date, time: stored.time))
        case .localDate: return .localDate(dateTime(node).date)
        case .localTime: return .localTime(dateTime(node).time)
        case .array: return .array(TOMLArray(document: self, node: index))
        case .table: return .table(TOMLTable(document: self, node: index))
        }
    }

    private func dateTime(_ node: DocumentNode) -> OffsetDateTime {
        node.flags.dateTimeInTable ? dateTimes[Int(node.payload)] : PackedDateTime.unpack(node.payload)
    }

    private func string(_ node: DocumentNode) -> String {
        let range = Int(node.low)..<Int(node.low) + Int(node.high)
        if node.flags.stringInArena {
            return arena.withUnsafeBufferPointer { String(decoding: $0[range], as: UTF8.self) }
        }
        return source.withBytes { String(decoding: $0[range], as: UTF8.self) }
    }

    // MARK: - Keys

    func key(_ index: UInt32) -> String {
        withKeyBytes(index) { String(decoding: $0, as: UTF8.self) }
    }

    /// Calls `body` with the UTF-8 bytes of a node's key (empty for elements).
    func withKeyBytes<R>(_ index: UInt32, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let node = nodes[Int(index)]
        guard let key = node.keyLocation(side: node.flags.keyForm == .side ? sideKeys[index] : nil) else {
            return body(UnsafeBufferPointer(start: nil, count: 0))
        }
        let range = key.start..<key.start + key.length
        if key.inArena { return arena.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[range])) } }
        return source.withBytes { body(UnsafeBufferPointer(rebasing: $0[range])) }
    }

    // MARK: - Tables

    /// The member of `table` named `key`, if any.
    func member(of table: UInt32, named key: String) -> UInt32? {
        if nodes[Int(table)].flags.hasMemberIndex, let index = memberIndexes[table] { return index[key] }
        var key = key
        return key.withUTF8 { wanted -> UInt32? in
            var member = nodes[Int(table)].low
            while member != 0 {
                if keyEquals(member, wanted) { return member }
                member = nodes[Int(member)].next
            }
            return nil
        }
    }

    func keyEquals(_ index: UInt32, _ wanted: UnsafeBufferPointer<UInt8>) -> Bool {
        let node = nodes[Int(index)]
        if node.flags.keyForm != .side && Int(node.keyLength) != wanted.count { return false }
        return withKeyBytes(index) { key in
            // A plain loop over the bytes: keys are short, and every field read looks up a few.
            guard key.count == wanted.count else { return false }
            for offset in 0..<key.count where key[offset] != wanted[offset] { return false }
            return true
        }
    }

    func memberCount(of table: UInt32) -> Int {
        if nodes[Int(table)].flags.hasMemberIndex, let index = memberIndexes[table] { return index.count }
        var count = 0
        var member = nodes[Int(table)].low
        while member != 0 {
            count += 1
            member = nodes[Int(member)].next
        }
        return count
    }

    func entry(_ member: UInt32) -> TOMLEntry {
        let node = nodes[Int(member)]
        return TOMLEntry(
            key: key(member), value: value(member), document: self, keyOffset: node.keyOffset,
            valueOffset: node.valueOffset)
    }

    // MARK: - Arrays

    func elementCount(of array: UInt32) -> Int { Int(nodes[Int(array)].high) }

    func element(_ i: Int, of array: UInt32) -> UInt32 {
        let node = nodes[Int(array)]
        precondition(i >= 0 && i < Int(node.high), "array index out of range")
        return elements[Int(node.low) + i]
    }

    // MARK: - Positions

    /// Where a node's value starts (for a table or array: where it opened).
    func valuePosition(_ node: UInt32) -> SourcePosition { position(nodes[Int(node)].valueOffset) }

    func position(_ offset: UInt32) -> SourcePosition {
        var cursor = LineCursor()
        return position(offset, cursor: &cursor)
    }

    func position(_ offset: UInt32, cursor: inout LineCursor) -> SourcePosition {
        guard offset != DocumentNode.noOffset else { return .unknown }
        return source.withBytes { lines.position(of: Int(offset), in: $0, cursor: &cursor) }
    }
}

/// The text a document was parsed from, kept so keys and strings can stay ranges of it.
enum DocumentSource: Sendable {
    case bytes([UInt8])
    case text(String)

    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        switch self {
        case .bytes(let bytes):
            return bytes.withUnsafeBufferPointer(body)
        case .text(let text):
            // Parsing made the text contiguous UTF-8, so this never falls back.
            if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
            return Array(text.utf8).withUnsafeBufferPointer(body)
        }
    }
}

/// Where a `.side` key's text lives.
struct SideKey: Sendable {
    var inArena: Bool
    var offset: UInt32
    var length: UInt32
}
