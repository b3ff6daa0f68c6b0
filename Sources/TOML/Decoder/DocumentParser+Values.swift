/// Values: dispatch on the first byte, then arrays, inline tables and booleans.
extension DocumentParser {
    /// The value at the cursor. `depth` is the nesting level it would have as a container.
    mutating func parseValue(depth: Int32) throws(TOMLError) -> TOMLValue {
        guard pos < end else { throw error("expected a value, found end of file", at: pos) }
        switch base[pos] {
        case ASCII.quote:
            if peek(1) == ASCII.quote && peek(2) == ASCII.quote { return .string(try parseMultilineBasicString()) }
            return .string(try parseBasicString())
        case ASCII.apostrophe:
            if peek(1) == ASCII.apostrophe && peek(2) == ASCII.apostrophe {
                return .string(try parseMultilineLiteralString())
            }
            return .string(try parseLiteralString())
        case UInt8(ascii: "t"):
            try expectWord("true")
            return .boolean(true)
        case UInt8(ascii: "f"):
            try expectWord("false")
            return .boolean(false)
        case ASCII.openBracket:
            return try parseArray(depth: depth)
        case ASCII.openBrace:
            return try parseInlineTable(depth: depth)
        case ASCII.zero...UInt8(ascii: "9"), ASCII.plus, ASCII.minus, UInt8(ascii: "i"), UInt8(ascii: "n"):
            return try parseNumberOrDateTime()
        default:
            throw error("expected a value (string, number, boolean, date-time, array or inline table), "
                        + "found \(found(at: pos))", at: pos)
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
            throw error("expected a value, found \(found(at: pos)) (did you mean \"\(word)\"? strings need quotes)",
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
    /// Elements collect on a stack shared by all arrays being parsed (nested ones push above
    /// their parent's), so each finished array is allocated once, at its exact size.
    mutating func parseArray(depth: Int32) throws(TOMLError) -> TOMLValue {
        guard depth <= Self.maximumDepth else { throw nestingError(at: pos) }
        let arrayPosition = position(at: pos)
        pos += 1
        let base = elementStack.count
        defer {
            elementStack.removeSubrange(base...)
            elementPositionStack.removeSubrange(base...)
        }
        while true {
            try skipBlankSpace()
            if peek() == ASCII.closeBracket {
                pos += 1
                break
            }
            let elementPosition = position(at: pos)
            let element = try parseValue(depth: depth + 1)
            elementStack.append(element)
            elementPositionStack.append(elementPosition)
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
        var array: TOMLArray
        if base == 0 && elementStack.count >= 4096 {
            // A huge outermost array: hand over the stack's buffers (some slack) rather than
            // holding the stack and an exact copy at once.
            array = TOMLArray(values: elementStack, positions: elementPositionStack)
            elementStack = []
            elementPositionStack = []
        } else {
            array = TOMLArray(values: exactCopy(elementStack[base...]), positions: exactCopy(elementPositionStack[base...]))
        }
        array.position = arrayPosition
        return .array(array)
    }

    /// A fresh array of exactly the slice's elements. (`Array(slice)` may adopt the whole stack's
    /// buffer, capacity and all, and make the stack copy itself on its next change.)
    private func exactCopy<Element>(_ slice: ArraySlice<Element>) -> [Element] {
        var copy: [Element] = []
        copy.reserveCapacity(slice.count)
        copy.append(contentsOf: slice)
        return copy
    }

    /// `{ key = value, ... }`: TOML 1.1 allows newlines, comments and a trailing comma inside.
    mutating func parseInlineTable(depth: Int32) throws(TOMLError) -> TOMLValue {
        let table = try makeTable(origin: .inline, depth: depth, position: position(at: pos), offset: pos)
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
            try parseKeyValue(into: table, section: section)
            try skipBlankSpace()
            let c = peek()
            if c == ASCII.comma {
                pos += 1
            } else if c == ASCII.closeBrace {
                pos += 1
                break
            } else {
                throw error("expected \",\" or \"}\" after a key/value pair in an inline table, found \(found(at: pos))",
                            at: pos)
            }
        }
        return .table(TOMLTable(storage: table))
    }
}
