/// TOML's rules for where a table may be defined or extended.
///
/// - `[a.b]` may pass through any table except an inline one, and through the last element
///   of an array of tables; it creates missing tables as `.implicit`.
/// - `[a.b]` itself may define a table only once: a missing one, or one so far only implicit.
/// - Dotted keys may create tables and extend the ones they created in the same section
///   (header or inline table), and may claim implicit ones; never `[header]`, inline or older
///   dotted tables, and never arrays.
/// - `[[a.b]]` appends to an array of tables, or starts one where the key is free.
extension DocumentParser {
    /// A new child table, refusing to nest deeper than the documented limit.
    mutating func makeTable(origin: TableOrigin, depth: Int32, position: SourcePosition,
                            offset: Int) throws(TOMLError) -> TableStorage {
        guard depth <= Self.maximumDepth else { throw nestingError(at: offset) }
        let table = TableStorage()
        table.origin = origin
        table.depth = depth
        table.position = position
        return table
    }

    func nestingError(at offset: Int) -> TOMLError {
        error("nesting deeper than \(TOMLParser.maximumNestingDepth) levels of tables and arrays is not supported",
              at: offset)
    }

    /// `key.` inside a key/value pair: the child table of `table` named `key`.
    mutating func descendDotted(from table: TableStorage, key: ParsedKey, keyPosition: SourcePosition,
                                keyOffset: Int, section: Int32) throws(TOMLError) -> TableStorage {
        if let i = table.index(of: key.text, hash: key.hash) {
            let entry = table.entries[i]
            guard case .table(let child) = entry.value else {
                throw error("cannot use key \(quoted(key.text)) as a table: it already holds \(describe(entry))",
                            at: keyOffset)
            }
            let storage = child.storage
            switch storage.origin {
            case .dotted where storage.section == section:
                return storage
            case .implicit:
                storage.origin = .dotted
                storage.section = section
                return storage
            case .dotted:
                throw error("cannot add to table \(quoted(key.text)) with dotted keys here: it was created by dotted keys "
                            + "at \(entry.keyPosition), in another section", at: keyOffset)
            case .header, .arrayElement:
                throw error("cannot add to table \(quoted(key.text)) with dotted keys: it is defined by the table header "
                            + "at \(storage.position)", at: keyOffset)
            case .inline:
                throw error("cannot add to inline table \(quoted(key.text)) (defined at \(storage.position)): "
                            + "an inline table is complete once written", at: keyOffset)
            }
        }
        let child = try makeTable(origin: .dotted, depth: table.depth + 1, position: keyPosition, offset: keyOffset)
        child.section = section
        table.append(TOMLEntry(key: key.text, value: .table(TOMLTable(storage: child)),
                               keyPosition: keyPosition, valuePosition: keyPosition), hash: key.hash)
        return child
    }

    /// `key.` inside a `[header]`: the child table of `table` named `key`.
    mutating func descendHeader(from table: TableStorage, key: ParsedKey, keyPosition: SourcePosition, keyOffset: Int,
                                headerPosition: SourcePosition, headerOffset: Int) throws(TOMLError) -> TableStorage {
        if let i = table.index(of: key.text, hash: key.hash) {
            let entry = table.entries[i]
            switch entry.value {
            case .table(let child):
                guard child.storage.origin != .inline else {
                    throw error("cannot extend inline table \(quoted(key.text)) (defined at \(child.position)) "
                                + "with a table header", at: keyOffset)
                }
                return child.storage
            case .array(let array):
                if let last = lastArrayTable(array) { return last }
                throw error("cannot extend key \(quoted(key.text)) with a table header: it holds an array value "
                            + "(defined at \(entry.valuePosition)), not an array of tables", at: keyOffset)
            default:
                throw error("cannot use key \(quoted(key.text)) as a table: it already holds \(describe(entry))",
                            at: keyOffset)
            }
        }
        let child = try makeTable(origin: .implicit, depth: table.depth + 1, position: headerPosition,
                                  offset: keyOffset)
        table.append(TOMLEntry(key: key.text, value: .table(TOMLTable(storage: child)),
                               keyPosition: keyPosition, valuePosition: headerPosition), hash: key.hash)
        return child
    }

    /// `[... key]`: defines the table `key` in `table`.
    mutating func defineTable(in table: TableStorage, key: ParsedKey, keyPosition: SourcePosition, keyOffset: Int,
                              headerPosition: SourcePosition, headerOffset: Int) throws(TOMLError) -> TableStorage {
        if let i = table.index(of: key.text, hash: key.hash) {
            let entry = table.entries[i]
            let header = headerText(from: headerOffset)
            guard case .table(let child) = entry.value else {
                throw error("cannot define table \(header): key \(quoted(key.text)) already holds \(describe(entry))",
                            at: keyOffset)
            }
            let storage = child.storage
            switch storage.origin {
            case .implicit:
                // Defined explicitly at last: this header is now where the table stands.
                storage.origin = .header
                storage.position = headerPosition
                table.entries[i].keyPosition = keyPosition
                table.entries[i].valuePosition = headerPosition
                return storage
            case .header, .arrayElement:
                throw error("table \(header) is defined twice (first at \(storage.position))", at: keyOffset)
            case .dotted:
                throw error("cannot define table \(header): it was already created by dotted keys at "
                            + "\(entry.keyPosition)", at: keyOffset)
            case .inline:
                throw error("cannot define table \(header): it is already an inline table (at \(storage.position))",
                            at: keyOffset)
            }
        }
        let child = try makeTable(origin: .header, depth: table.depth + 1, position: headerPosition,
                                  offset: keyOffset)
        table.append(TOMLEntry(key: key.text, value: .table(TOMLTable(storage: child)),
                               keyPosition: keyPosition, valuePosition: headerPosition), hash: key.hash)
        return child
    }

    /// `[[... key]]`: appends a new table to the array of tables `key` in `table`.
    mutating func appendArrayTable(in table: TableStorage, key: ParsedKey, keyPosition: SourcePosition, keyOffset: Int,
                                   headerPosition: SourcePosition, headerOffset: Int) throws(TOMLError) -> TableStorage {
        let element = try makeTable(origin: .arrayElement, depth: table.depth + 2, position: headerPosition,
                                    offset: keyOffset)
        if let i = table.index(of: key.text, hash: key.hash) {
            guard holdsArrayOfTables(table, at: i) else {
                let header = headerText(from: headerOffset)
                throw error("cannot define array of tables \(header): key \(quoted(key.text)) already holds "
                            + describe(table.entries[i]), at: keyOffset)
            }
            // Take the array out of the entry so the append does not copy it (that would be quadratic).
            var array = takeArray(from: table, at: i)
            // Sibling tables tend to have the same keys: size the new one like the last.
            if case .table(let previous) = array.values[array.values.count - 1] {
                element.reserveCapacity(previous.storage.entries.count)
            }
            array.append(.table(TOMLTable(storage: element)), at: headerPosition)
            table.entries[i].value = .array(array)
            return element
        }
        var array = TOMLArray()
        array.position = headerPosition
        array.append(.table(TOMLTable(storage: element)), at: headerPosition)
        table.append(TOMLEntry(key: key.text, value: .array(array), keyPosition: keyPosition, valuePosition: headerPosition), hash: key.hash)
        return element
    }

    /// Whether `table.entries[index]` is an array of tables. (A helper, so that no copy of the
    /// array outlives the check and forces the append to copy it.)
    private func holdsArrayOfTables(_ table: TableStorage, at index: Int) -> Bool {
        guard case .array(let array) = table.entries[index].value else { return false }
        return lastArrayTable(array) != nil
    }

    /// Moves the array out of `table.entries[index]`, leaving a placeholder, so the caller holds
    /// the only reference to its buffers.
    private func takeArray(from table: TableStorage, at index: Int) -> TOMLArray {
        var value = TOMLValue.boolean(false)
        swap(&value, &table.entries[index].value)
        guard case .array(let array) = consume value else { preconditionFailure("checked by the caller") }
        return array
    }

    /// The table `[header]`s extend when they pass through an array of tables; nil for static arrays.
    func lastArrayTable(_ array: TOMLArray) -> TableStorage? {
        guard let last = array.values.last, case .table(let table) = last,
              table.storage.origin == .arrayElement else { return nil }
        return table.storage
    }

    /// `an integer (defined at 3:5)`, for messages about a key that is already taken.
    func describe(_ entry: TOMLEntry) -> String {
        let kind: String
        switch entry.value {
        case .table(let table):
            switch table.storage.origin {
            case .inline: kind = "an inline table"
            case .dotted: kind = "a table created by dotted keys"
            default: kind = "a table"
            }
        case .array(let array):
            kind = lastArrayTable(array) != nil ? "an array of tables" : "an array"
        case .integer: kind = "an integer"
        case .offsetDateTime, .localDateTime, .localDate, .localTime: kind = "a \(entry.value.typeName)"
        default: kind = "a \(entry.value.typeName)"
        }
        return "\(kind) (defined at \(entry.keyPosition))"
    }

    func duplicateKeyError(_ key: String, previous: TOMLEntry, at offset: Int) -> TOMLError {
        error("duplicate key \(quoted(key)): it already holds \(describe(previous))", at: offset)
    }

    /// The `[a.b]` text of the header starting at `offset` (up to the cursor), for messages.
    func headerText(from offset: Int) -> String {
        var stop = offset
        while stop < end, stop < pos, base[stop] != ASCII.newline { stop += 1 }
        return sanitizedForMessage(String(decoding: UnsafeBufferPointer(start: base + offset, count: stop - offset),
                                          as: UTF8.self))
    }
}
