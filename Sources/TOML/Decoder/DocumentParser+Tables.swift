/// TOML's rules for where a table may be defined or extended.
///
/// - `[a.b]` may pass through any table except an inline one, and through the last element
///   of an array of tables; it creates missing tables as `.implicit`.
/// - `[a.b]` itself may define a table only once: a missing one, or one so far only implicit.
/// - Dotted keys may create tables and extend the ones they created in the same section
///   (header or inline table), and may claim implicit ones; never `[header]`, inline or older
///   dotted tables, and never arrays.
/// - `[[a.b]]` appends to an array of tables, or starts one where the key is free.
///
/// Tables are node indices; `depth` counts the containers between the root and a table.
extension DocumentParser {
    func nestingError(at offset: Int) -> TOMLError {
        error(
            "nesting deeper than \(TOMLParser.maximumNestingDepth) levels of tables and arrays is not supported",
            at: offset)
    }

    /// `key.` inside a key/value pair: the child table of `table` named `key`.
    mutating func descendDotted(
        from table: UInt32, depth: Int32, key: ParsedKey,
        section: Int32
    ) throws(TOMLError) -> UInt32 {
        if let child = member(of: table, key: key) {
            let node = nodes[Int(child)]
            guard node.kind == .table else {
                throw error(
                    "cannot use key \(quoted(keyText(key))) as a table: it already holds \(describe(child))",
                    at: key.offset)
            }
            switch node.flags.origin {
            case .dotted where dottedSections[child] == section:
                return child
            case .implicit:
                nodes[Int(child)].flags.origin = .dotted
                dottedSections[child] = section
                return child
            case .dotted:
                throw error(
                    "cannot add to table \(quoted(keyText(key))) with dotted keys here: it was created by "
                        + "dotted keys at \(position(of: node.keyOffset)), in another section", at: key.offset)
            case .header, .arrayElement:
                throw error(
                    "cannot add to table \(quoted(keyText(key))) with dotted keys: it is defined by the table "
                        + "header at \(position(of: node.valueOffset))", at: key.offset)
            case .inline:
                throw error(
                    "cannot add to inline table \(quoted(keyText(key))) (defined at "
                        + "\(position(of: node.valueOffset))): an inline table is complete once written",
                    at: key.offset)
            }
        }
        guard depth + 1 <= Self.maximumDepth else { throw nestingError(at: key.offset) }
        let child = appendMember(to: table, key: key, valueOffset: key.offset)
        nodes[Int(child)].flags.origin = .dotted
        dottedSections[child] = section
        return child
    }

    /// `key.` inside a `[header]`: the child table of `table` named `key`, and its depth.
    mutating func descendHeader(
        from table: UInt32, depth: Int32, key: ParsedKey,
        headerOffset: Int
    ) throws(TOMLError) -> (UInt32, Int32) {
        if let child = member(of: table, key: key) {
            let node = nodes[Int(child)]
            switch node.kind {
            case .table:
                guard node.flags.origin != .inline else {
                    throw error(
                        "cannot extend inline table \(quoted(keyText(key))) (defined at "
                            + "\(position(of: node.valueOffset))) with a table header", at: key.offset)
                }
                return (child, depth + 1)
            case .array:
                if let last = lastArrayTable(child) { return (last, depth + 2) }
                throw error(
                    "cannot extend key \(quoted(keyText(key))) with a table header: it holds an array value "
                        + "(defined at \(position(of: node.valueOffset))), not an array of tables", at: key.offset)
            default:
                throw error(
                    "cannot use key \(quoted(keyText(key))) as a table: it already holds \(describe(child))",
                    at: key.offset)
            }
        }
        guard depth + 1 <= Self.maximumDepth else { throw nestingError(at: key.offset) }
        let child = appendMember(to: table, key: key, valueOffset: headerOffset)
        nodes[Int(child)].flags.origin = .implicit
        return (child, depth + 1)
    }

    /// `[... key]`: defines the table `key` in `table`.
    mutating func defineTable(
        in table: UInt32, depth: Int32, key: ParsedKey,
        headerOffset: Int
    ) throws(TOMLError) -> (UInt32, Int32) {
        if let child = member(of: table, key: key) {
            let node = nodes[Int(child)]
            let header = headerText(from: headerOffset)
            guard node.kind == .table else {
                throw error(
                    "cannot define table \(header): key \(quoted(keyText(key))) already holds "
                        + describe(child), at: key.offset)
            }
            switch node.flags.origin {
            case .implicit:
                // Defined explicitly at last: this header is now where the table stands.
                nodes[Int(child)].flags.origin = .header
                nodes[Int(child)].valueOffset = UInt32(headerOffset)
                setKey(key, of: child)
                return (child, depth + 1)
            case .header, .arrayElement:
                throw error(
                    "table \(header) is defined twice (first at \(position(of: node.valueOffset)))",
                    at: key.offset)
            case .dotted:
                throw error(
                    "cannot define table \(header): it was already created by dotted keys at "
                        + "\(position(of: node.keyOffset))", at: key.offset)
            case .inline:
                throw error(
                    "cannot define table \(header): it is already an inline table (at "
                        + "\(position(of: node.valueOffset)))", at: key.offset)
            }
        }
        guard depth + 1 <= Self.maximumDepth else { throw nestingError(at: key.offset) }
        let child = appendMember(to: table, key: key, valueOffset: headerOffset)
        nodes[Int(child)].flags.origin = .header
        return (child, depth + 1)
    }

    /// `[[... key]]`: appends a new table to the array of tables `key` in `table`.
    mutating func appendArrayTable(
        in table: UInt32, depth: Int32, key: ParsedKey,
        headerOffset: Int
    ) throws(TOMLError) -> (UInt32, Int32) {
        guard depth + 2 <= Self.maximumDepth else { throw nestingError(at: key.offset) }
        let array: UInt32
        if let existing = member(of: table, key: key) {
            guard nodes[Int(existing)].kind == .array, lastArrayTable(existing) != nil else {
                let header = headerText(from: headerOffset)
                throw error(
                    "cannot define array of tables \(header): key \(quoted(keyText(key))) already holds "
                        + describe(existing), at: key.offset)
            }
            array = existing
        } else {
            array = appendMember(to: table, key: key, valueOffset: headerOffset)
            nodes[Int(array)].kind = .array
            nodes[Int(array)].flags.isChained = true
            chainedArrays.append(array)
        }
        var element = DocumentNode()
        element.valueOffset = UInt32(headerOffset)
        element.flags.origin = .arrayElement
        let index = UInt32(nodes.count)
        nodes.append(element)
        link(index, into: array)
        return (index, depth + 2)
    }

    /// The table `[header]`s extend when they pass through an array of tables; nil for static arrays.
    func lastArrayTable(_ array: UInt32) -> UInt32? {
        let node = nodes[Int(array)]
        return node.flags.isChained && node.high != 0 ? node.high : nil
    }

    // MARK: - Members

    /// The member of `table` whose key is `key`. Small tables are searched in order; one that
    /// grows past `memberIndexThreshold` gets a dictionary index, kept up to date from then on.
    mutating func member(of table: UInt32, key: ParsedKey) -> UInt32? {
        if nodes[Int(table)].flags.hasMemberIndex { return memberIndexes[table]![keyText(key)] }
        var count = 0
        var member = nodes[Int(table)].low
        while member != 0 {
            if keyMatches(member, key) { return member }
            count += 1
            member = nodes[Int(member)].next
        }
        if count >= Self.memberIndexThreshold {
            var index = [String: UInt32](minimumCapacity: count * 2)
            member = nodes[Int(table)].low
            while member != 0 {
                index[nodeKeyText(member)] = member
                member = nodes[Int(member)].next
            }
            memberIndexes[table] = index
            nodes[Int(table)].flags.hasMemberIndex = true
        }
        return nil
    }

    /// Adds a new member (a table until its value is parsed) at the end of `table`.
    mutating func appendMember(to table: UInt32, key: ParsedKey, valueOffset: Int) -> UInt32 {
        var node = DocumentNode()
        node.valueOffset = UInt32(valueOffset)
        let index = UInt32(nodes.count)
        nodes.append(node)
        setKey(key, of: index)
        link(index, into: table)
        if nodes[Int(table)].flags.hasMemberIndex { memberIndexes[table]![keyText(key)] = index }
        return index
    }

    /// Chains `child` after the last member of `parent` (a table, or an array of tables).
    mutating func link(_ child: UInt32, into parent: UInt32) {
        let last = nodes[Int(parent)].high
        if last == 0 {
            nodes[Int(parent)].low = child
        } else {
            nodes[Int(last)].next = child
        }
        nodes[Int(parent)].high = child
    }

    /// Stores where a node's key is: in place for bare and plain quoted keys, aside otherwise.
    mutating func setKey(_ key: ParsedKey, of index: UInt32) {
        nodes[Int(index)].keyOffset = UInt32(key.offset)
        nodes[Int(index)].keyFingerprint = key.fingerprint
        if key.form != .side && key.length < DocumentNode.longKeyLength {
            if nodes[Int(index)].flags.keyForm == .side { sideKeys[index] = nil }
            nodes[Int(index)].flags.keyForm = key.form
            nodes[Int(index)].keyLength = UInt8(key.length)
        } else {
            nodes[Int(index)].flags.keyForm = .side
            sideKeys[index] = SideKey(
                inArena: key.form == .side, offset: UInt32(key.textStart),
                length: UInt32(key.length))
        }
    }

    // MARK: - Key text

    @inline(__always) func keyMatches(_ index: UInt32, _ key: ParsedKey) -> Bool {
        let node = nodes[Int(index)]
        guard node.keyFingerprint == key.fingerprint else { return false }
        guard let stored = node.keyLocation(side: node.flags.keyForm == .side ? sideKeys[index] : nil) else {
            return false
        }
        guard stored.length == key.length else { return false }
        let keyInArena = key.form == .side
        if !stored.inArena && !keyInArena {
            return Self.bytesEqual(base + stored.start, base + key.textStart, key.length)
        }
        return arena.withUnsafeBufferPointer { arena in
            let a = stored.inArena ? arena.baseAddress! + stored.start : base + stored.start
            let b = keyInArena ? arena.baseAddress! + key.textStart : base + key.textStart
            return Self.bytesEqual(a, b, key.length)
        }
    }

    @inline(__always) static func bytesEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool
    {
        for i in 0..<count where a[i] != b[i] { return false }
        return true
    }

    func keyText(_ key: ParsedKey) -> String {
        text(of: KeyLocation(inArena: key.form == .side, start: key.textStart, length: key.length))
    }

    func nodeKeyText(_ index: UInt32) -> String {
        let node = nodes[Int(index)]
        return node.keyLocation(side: node.flags.keyForm == .side ? sideKeys[index] : nil).map(text(of:)) ?? ""
    }

    private func text(of key: KeyLocation) -> String {
        if key.inArena {
            return arena.withUnsafeBufferPointer {
                String(decoding: $0[key.start..<key.start + key.length], as: UTF8.self)
            }
        }
        return String(decoding: UnsafeBufferPointer(start: base + key.start, count: key.length), as: UTF8.self)
    }

    // MARK: - Messages

    /// `an integer (defined at 3:5)`, for messages about a key that is already taken.
    func describe(_ index: UInt32) -> String {
        let node = nodes[Int(index)]
        let kind: String
        switch node.kind {
        case .table:
            switch node.flags.origin {
            case .inline: kind = "an inline table"
            case .dotted: kind = "a table created by dotted keys"
            default: kind = "a table"
            }
        case .array:
            kind = node.flags.isChained ? "an array of tables" : "an array"
        case .integer: kind = "an integer"
        default: kind = "a \(node.kind.typeName)"
        }
        return "\(kind) (defined at \(position(of: node.keyOffset)))"
    }

    func duplicateKeyError(_ key: ParsedKey, previous: UInt32) -> TOMLError {
        error("duplicate key \(quoted(keyText(key))): it already holds \(describe(previous))", at: key.offset)
    }

    /// The `[a.b]` text of the header starting at `offset` (up to the cursor), for messages.
    func headerText(from offset: Int) -> String {
        var stop = offset
        while stop < end, stop < pos, base[stop] != ASCII.newline { stop += 1 }
        return sanitizedForMessage(
            String(
                decoding: UnsafeBufferPointer(start: base + offset, count: stop - offset),
                as: UTF8.self))
    }
}
