/// Values: dispatch on the first byte, then arrays, inline tables and booleans.
extension DocumentParser {
    /// Parses the value at the cursor into `node`. `depth` is the nesting level it would have
    /// as a container.
    mutating func parseValue(into node: UInt32, depth: Int32) throws(TOMLError) {
        guard pos < end else { throw error("expected a value, found end of file", at: pos) }
        switch base[pos] {
        case ASCII.quote:
            if peek(1) == ASCII.quote && peek(2) == ASCII.quote {
                store(try parseMultilineBasicString(), into: node)
            } else {
                store(try parseBasicString(), into: node)
            }
        case ASCII.apostrophe:
            if peek(1) == ASCII.apostrophe && peek(2) == ASCII.apostrophe {
                store(try parseMultilineLiteralString(), into: node)
            } else {
                store(try parseLiteralString(), into: node)
            }
        case UInt8(ascii: "t"):
            try expectWord("true")
            nodes[Int(node)].kind = .boolean
            nodes[Int(node)].payload = 1
        case UInt8(ascii: "f"):
            try expectWord("false")
            nodes[Int(node)].kind = .boolean
            nodes[Int(node)].payload = 0
        case ASCII.openBracket:
            try parseArray(into: node, depth: depth)
        case ASCII.openBrace:
            try parseInlineTable(into: node, depth: depth)
        case ASCII.zero...UInt8(ascii: "9"), ASCII.plus, ASCII.minus, UInt8(ascii: "i"), UInt8(ascii: "n"):
            store(try parseNumberOrDateTime(), into: node)
        default:
            throw error(
                "expected a value (string, number, boolean, date-time, array or inline table), "
                    + "found \(found(at: pos))", at: pos)
        }
    }

    private mutating func store(_ string: StringRef, into node: UInt32) {
        nodes[Int(node)].kind = .string
        nodes[Int(node)].flags.stringInArena = string.inArena
        nodes[Int(node)].low = UInt32(string.start)
        nodes[Int(node)].high = UInt32(string.length)
    }

    /// A number or date-time: its bits in the payload (date-times packed when they fit).
    private mutating func store(_ value: TOMLValue, into node: UInt32) {
        switch value {
        case .integer(let v):
            nodes[Int(node)].kind = .integer
            nodes[Int(node)].payload = UInt64(bitPattern: v)
        case .float(let v):
            nodes[Int(node)].kind = .float
            nodes[Int(node)].payload = v.bitPattern
        case .offsetDateTime(let v):
            store(v, kind: .offsetDateTime, into: node)
        case .localDateTime(let v):
            store(OffsetDateTime(date: v.date, time: v.time, offsetMinutes: 0), kind: .localDateTime, into: node)
        case .localDate(let v):
            store(
                OffsetDateTime(date: v, time: LocalTime(hour: 0, minute: 0), offsetMinutes: 0), kind: .localDate,
                into: node)
        case .localTime(let v):
            store(
                OffsetDateTime(date: LocalDate(year: 0, month: 1, day: 1), time: v, offsetMinutes: 0),
                kind: .localTime, into: node)
        case .string, .boolean, .array, .table:
            preconditionFailure("numbers and date-times only")
        }
    }

    private mutating func store(_ dateTime: OffsetDateTime, kind: NodeKind, into node: UInt32) {
        nodes[Int(node)].kind = kind
        if let packed = PackedDateTime.pack(dateTime) {
            nodes[Int(node)].payload = packed
        } else {
            nodes[Int(node)].flags.dateTimeInTable = true
            nodes[Int(node)].payload = UInt64(dateTimes.count)
            dateTimes.append(dateTime)
        }
    }

    /// `true` or `false` (the word must end there).
    private mutating func expectWord(_ word: StaticString) throws(TOMLError) {
        let start = pos
        let length = word.utf8CodeUnitCount
        var matches = start + length <= end
        if matches {
            for k in 0..<length where base[start + k] != word.utf8Start[k] {
                matches = false
                break
            }
        }
        guard matches else {
            throw error(
                "expected a value, found \(found(at: pos)) (did you mean \"\(word)\"? strings need quotes)",
                at: pos)
        }
        pos += length
        try expectEndOfValue(start: start, what: "boolean")
    }

    /// A scalar value must be followed by whitespace, a comment, a newline, `,`, `]`, `}` or the end.
    @inline(__always) func expectEndOfValue(start: Int, what: String) throws(TOMLError) {
        guard pos < end else { return }
        switch base[pos] {
        case ASCII.space, ASCII.tab, ASCII.newline, ASCII.carriageReturn, ASCII.hash, ASCII.comma,
            ASCII.closeBracket, ASCII.closeBrace:
            return
        default:
            throw error("invalid \(what): unexpected \(found(at: pos)) after \(quotedSlice(start, pos))", at: pos)
        }
    }

    /// Document bytes for a message.
    func quotedSlice(_ start: Int, _ stop: Int) -> String {
        quoted(String(decoding: UnsafeBufferPointer(start: base + start, count: max(0, stop - start)), as: UTF8.self))
    }

    /// `[ value, value, ]`: newlines and comments allowed between elements, trailing comma allowed.
    ///
    /// Element indices collect on a stack shared by all arrays being parsed (nested ones push
    /// above their parent's); a finished array moves its run to the element table.
    mutating func parseArray(into node: UInt32, depth: Int32) throws(TOMLError) {
        guard depth <= Self.maximumDepth else { throw nestingError(at: pos) }
        nodes[Int(node)].kind = .array
        pos += 1
        let stackBase = elementStack.count
        defer { elementStack.removeSubrange(stackBase...) }
        while true {
            try skipBlankSpace()
            if peek() == ASCII.closeBracket {
                pos += 1
                break
            }
            var element = DocumentNode()
            element.valueOffset = UInt32(pos)
            let index = UInt32(nodes.count)
            nodes.append(element)
            elementStack.append(index)
            try parseValue(into: index, depth: depth + 1)
            try skipBlankSpace()
            let c = peek()
            if c == ASCII.comma {
                pos += 1
            } else if c == ASCII.closeBracket {
                pos += 1
                break
            } else {
                throw error("expected \",\" or \"]\" after an array element, found \(found(at: pos))", at: pos)
            }
        }
        nodes[Int(node)].low = UInt32(elements.count)
        nodes[Int(node)].high = UInt32(elementStack.count - stackBase)
        elements.append(contentsOf: elementStack[stackBase...])
    }

    /// `{ key = value, ... }`: TOML 1.1 allows newlines, comments and a trailing comma inside.
    mutating func parseInlineTable(into node: UInt32, depth: Int32) throws(TOMLError) {
        guard depth <= Self.maximumDepth else { throw nestingError(at: pos) }
        nodes[Int(node)].kind = .table
        nodes[Int(node)].flags.origin = .inline
        pos += 1
        // Its own section, so dotted keys inside can extend only what they created inside.
        let section = nextInlineSection
        nextInlineSection -= 1
        while true {
            try skipBlankSpace()
            if peek() == ASCII.closeBrace {
                pos += 1
                break
            }
            try parseKeyValue(into: node, depth: depth, section: section)
            try skipBlankSpace()
            let c = peek()
            if c == ASCII.comma {
                pos += 1
            } else if c == ASCII.closeBrace {
                pos += 1
                break
            } else {
                throw error(
                    "expected \",\" or \"}\" after a key/value pair in an inline table, found \(found(at: pos))",
                    at: pos)
            }
        }
    }
}
