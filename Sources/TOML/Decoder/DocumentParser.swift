/// The decoder's state: a cursor over the document's bytes plus line bookkeeping.
///
/// One instance parses one document. It works on raw bytes, builds `String`s only from
/// validated slices, and mutates the table storage objects it creates in place (they are not
/// shared with anyone until the parse returns).
struct DocumentParser {
    let base: UnsafePointer<UInt8>
    let end: Int
    let file: String?
    /// The cursor: offset of the next unread byte.
    var pos = 0
    /// 1-based number of the line holding `pos`, and the offset where that line starts.
    var line = 1
    var lineStart = 0
    /// Column cache: `cachedColumn` is the column of `cachedOffset` on the current line, so
    /// positions requested left to right cost amortized O(1) even on a single huge line.
    var cachedOffset = 0
    var cachedColumn = 1
    /// The last line on which `skipUTF8Scalar` stepped over a multi-byte scalar; on other
    /// lines columns are plain byte offsets.
    var lineWithNonASCII = 0
    /// Reused buffer for strings with escapes.
    var scratch: [UInt8] = []
    /// Elements of the arrays being parsed (see `parseArray`).
    var elementStack: [TOMLValue] = []
    var elementPositionStack: [SourcePosition] = []
    /// Section ids for inline tables count down from -1 (headers count up from 0).
    var nextInlineSection: Int32 = -1

    static let maximumDepth = Int32(TOMLParser.maximumNestingDepth)

    init(base: UnsafePointer<UInt8>, count: Int, file: String?) {
        self.base = base
        self.end = count
        self.file = file
    }

    // MARK: - Cursor

    /// The byte at the cursor, or 0 at the end (a real NUL is always an error, so callers
    /// that see 0 only need to tell the two apart when reporting).
    @inline(__always) func peek() -> UInt8 { pos < end ? base[pos] : 0 }

    @inline(__always) func peek(_ ahead: Int) -> UInt8 { pos + ahead < end ? base[pos + ahead] : 0 }

    @inline(__always) mutating func skipSpaces() {
        while pos < end, ASCII.isSpace(base[pos]) { pos += 1 }
    }

    /// Records that the byte at `offset` was a line feed.
    @inline(__always) mutating func startLine(after offset: Int) {
        line += 1
        lineStart = offset + 1
    }

    /// Consumes `\r\n` at the cursor; a carriage return alone is an error.
    mutating func consumeCarriageReturn() throws(TOMLError) {
        guard peek(1) == ASCII.newline else {
            throw error("expected a line feed after a carriage return (bare carriage returns are not allowed)", at: pos)
        }
        pos += 2
        startLine(after: pos - 1)
    }

    /// The line and column of `offset`, which must lie on the current line at or after
    /// the last position asked for (the parser asks left to right).
    mutating func position(at offset: Int) -> SourcePosition {
        // No multi-byte scalar seen on this line yet: bytes are columns.
        if lineWithNonASCII != line { return SourcePosition(line: line, column: offset - lineStart + 1) }
        if cachedOffset < lineStart || cachedOffset > offset {
            cachedOffset = lineStart
            cachedColumn = 1
        }
        var column = cachedColumn
        var i = cachedOffset
        while i < offset {
            // Count scalars: every byte that is not a UTF-8 continuation byte starts one.
            column &+= Int(truncatingIfNeeded: (base[i] & 0xC0) != 0x80 ? 1 : 0)
            i += 1
        }
        cachedOffset = offset
        cachedColumn = column
        return SourcePosition(line: line, column: column)
    }

    // MARK: - Document structure

    mutating func parseDocument() throws(TOMLError) -> TOMLTable {
        let root = TableStorage()
        var current = root
        var section: Int32 = 0
        if Self.hasByteOrderMark(base, end) {
            // A leading byte order mark is allowed and takes no column.
            pos = 3
            lineStart = 3
            cachedOffset = 3
        }
        while true {
            skipSpaces()
            guard pos < end else { return TOMLTable(storage: root) }
            switch base[pos] {
            case ASCII.newline:
                pos += 1
                startLine(after: pos - 1)
            case ASCII.carriageReturn:
                try consumeCarriageReturn()
            case ASCII.hash:
                try skipComment()
            case ASCII.openBracket:
                section += 1
                current = try parseHeader(root: root, section: section)
                try expectEndOfLine(after: "a table header")
            default:
                try parseKeyValue(into: current, section: section)
                try expectEndOfLine(after: "a value")
            }
        }
    }

    static func hasByteOrderMark(_ base: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        count >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF
    }

    /// After a key/value pair or a header: optional spaces and comment, then a newline or the end.
    mutating func expectEndOfLine(after what: String) throws(TOMLError) {
        skipSpaces()
        guard pos < end else { return }
        var c = base[pos]
        if c == ASCII.hash {
            try skipComment()
            guard pos < end else { return }
            c = base[pos]
        }
        if c == ASCII.newline {
            pos += 1
            startLine(after: pos - 1)
        } else if c == ASCII.carriageReturn {
            try consumeCarriageReturn()
        } else {
            throw error("expected end of line after \(what), found \(found(at: pos))", at: pos)
        }
    }

    /// Skips a comment from `#` up to (not including) the end of the line.
    mutating func skipComment() throws(TOMLError) {
        pos += 1
        while pos < end {
            let c = base[pos]
            if c >= 0x20 && c < 0x7F || c == ASCII.tab {
                pos += 1
            } else if c == ASCII.newline {
                return
            } else if c >= 0x80 {
                try skipUTF8Scalar()
            } else if c == ASCII.carriageReturn && peek(1) == ASCII.newline {
                return
            } else {
                throw error("\(found(at: pos)) is not allowed in a comment", at: pos)
            }
        }
    }

    /// Skips spaces, newlines and comments (inside arrays and inline tables).
    mutating func skipBlankSpace() throws(TOMLError) {
        while pos < end {
            switch base[pos] {
            case ASCII.space, ASCII.tab:
                pos += 1
            case ASCII.newline:
                pos += 1
                startLine(after: pos - 1)
            case ASCII.carriageReturn:
                try consumeCarriageReturn()
            case ASCII.hash:
                try skipComment()
            default:
                return
            }
        }
    }

    /// `key = value`, where the key may be dotted; the value lands in `table` or below it.
    mutating func parseKeyValue(into table: TableStorage, section: Int32) throws(TOMLError) {
        var target = table
        var keyOffset = pos
        var keyPosition = position(at: pos)
        var key = try parseKey()
        skipSpaces()
        while peek() == ASCII.dot {
            pos += 1
            skipSpaces()
            target = try descendDotted(from: target, key: key, keyPosition: keyPosition,
                                       keyOffset: keyOffset, section: section)
            keyOffset = pos
            keyPosition = position(at: pos)
            key = try parseKey()
            skipSpaces()
        }
        guard peek() == ASCII.equals else {
            throw error("expected \"=\" after key \(quoted(key.text)), found \(found(at: pos))", at: pos)
        }
        pos += 1
        skipSpaces()
        if let existing = target.index(of: key.text, hash: key.hash) {
            throw duplicateKeyError(key.text, previous: target.entries[existing], at: keyOffset)
        }
        let valuePosition = position(at: pos)
        let value = try parseValue(depth: target.depth + 1)
        // Move the key and value into the entry rather than copying them.
        let hash = key.hash
        let text = consume key
        target.append(TOMLEntry(key: text.text, value: consume value, keyPosition: keyPosition,
                                valuePosition: valuePosition), hash: hash)
    }

    /// `[a.b]` or `[[a.b]]`: returns the table that following key/value pairs fill.
    mutating func parseHeader(root: TableStorage, section: Int32) throws(TOMLError) -> TableStorage {
        let headerOffset = pos
        let headerPosition = position(at: pos)
        pos += 1
        let isArray = peek() == ASCII.openBracket
        if isArray { pos += 1 }
        skipSpaces()
        var target = root
        var keyOffset = pos
        var keyPosition = position(at: pos)
        var key = try parseKey()
        skipSpaces()
        while peek() == ASCII.dot {
            pos += 1
            skipSpaces()
            target = try descendHeader(from: target, key: key, keyPosition: keyPosition, keyOffset: keyOffset,
                                       headerPosition: headerPosition, headerOffset: headerOffset)
            keyOffset = pos
            keyPosition = position(at: pos)
            key = try parseKey()
            skipSpaces()
        }
        let closing = isArray ? "\"]]\"" : "\"]\""
        guard peek() == ASCII.closeBracket, !isArray || peek(1) == ASCII.closeBracket else {
            throw error("expected \(closing) to close the table header after key \(quoted(key.text)), found \(found(at: pos))",
                        at: pos)
        }
        pos += isArray ? 2 : 1
        if isArray {
            return try appendArrayTable(in: target, key: key, keyPosition: keyPosition, keyOffset: keyOffset,
                                        headerPosition: headerPosition, headerOffset: headerOffset)
        }
        return try defineTable(in: target, key: key, keyPosition: keyPosition, keyOffset: keyOffset,
                               headerPosition: headerPosition, headerOffset: headerOffset)
    }

    /// One part of a key: bare, "basic" or 'literal'.
    mutating func parseKey() throws(TOMLError) -> ParsedKey {
        let start = pos
        while pos < end, ASCII.isBareKey(base[pos]) { pos += 1 }
        if pos > start {
            let bytes = UnsafeBufferPointer(start: base + start, count: pos - start)
            return ParsedKey(text: String(decoding: bytes, as: UTF8.self), hash: TableStorage.keyHash(bytes))
        }
        switch peek() {
        case ASCII.quote:
            if peek(1) == ASCII.quote && peek(2) == ASCII.quote {
                throw error("a key cannot be a multi-line string", at: pos)
            }
            return ParsedKey(try parseBasicString())
        case ASCII.apostrophe:
            if peek(1) == ASCII.apostrophe && peek(2) == ASCII.apostrophe {
                throw error("a key cannot be a multi-line string", at: pos)
            }
            return ParsedKey(try parseLiteralString())
        default:
            throw error("expected a key, found \(found(at: pos))", at: pos)
        }
    }

    /// A `String` from a slice of the document that has already been validated as UTF-8.
    @inline(__always) func makeString(from start: Int, to stop: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: base + start, count: stop - start), as: UTF8.self)
    }
}

/// A key part and its `TableStorage.keyHash`, computed from the bytes just scanned.
struct ParsedKey {
    var text: String
    var hash: UInt32

    init(text: String, hash: UInt32) {
        self.text = text
        self.hash = hash
    }

    init(_ text: String) {
        self.init(text: text, hash: TableStorage.keyHash(text))
    }
}
