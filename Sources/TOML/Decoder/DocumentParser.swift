/// The decoder's state: a cursor over the document's bytes, line bookkeeping, and the compact
/// document being built (see `TOMLDocument`).
///
/// One instance parses one document. It works on raw bytes and never makes a `String` for a
/// key or value: keys and strings without escapes stay ranges of the source.
struct DocumentParser {
    let base: UnsafePointer<UInt8>
    let end: Int
    let file: String?
    /// The cursor: offset of the next unread byte.
    var pos = 0
    /// 1-based number of the line holding `pos`, and the offset where that line starts.
    var line = 1
    var lineStart = 0
    /// The last line known to hold a multi-byte scalar (already marked in `lines`).
    var lineWithNonASCII = 0
    /// Section ids for inline tables count down from -1 (headers count up from 0).
    var nextInlineSection: Int32 = -1

    // The document being built.
    var nodes: [DocumentNode] = []
    var elements: [UInt32] = []
    var arena: [UInt8] = []
    var dateTimes: [OffsetDateTime] = []
    var lines: LineIndex
    var sideKeys: [UInt32: SideKey] = [:]
    var memberIndexes: [UInt32: [String: UInt32]] = [:]

    // Parse-only bookkeeping.
    /// For tables created by dotted keys in the current header section (and the inline tables
    /// in it): the section that created them.
    var dottedSections: [UInt32: Int32] = [:]
    /// Arrays of tables, whose elements stay chained until the end of the parse.
    var chainedArrays: [UInt32] = []
    /// Elements of the arrays being parsed (nested arrays push above their parent's).
    var elementStack: [UInt32] = []

    static let maximumDepth = Int32(TOMLParser.maximumNestingDepth)
    /// Tables with more members than this get a dictionary index.
    static let memberIndexThreshold = 24

    /// `forWholeDocument` reserves room for the whole document's nodes; a parser that reads one
    /// value (`valueEnd`) reserves nothing.
    init(base: UnsafePointer<UInt8>, count: Int, file: String?, forWholeDocument: Bool = true) {
        self.base = base
        self.end = count
        self.file = file
        let hasBOM = Self.hasByteOrderMark(base, count)
        lines = LineIndex(firstLineStart: hasBOM ? 3 : 0)
        guard forWholeDocument else { return }
        // Typical documents hold a value per 16 to 30 bytes, a line per 30. The node array is by
        // far the largest: reserving it up front avoids a doubling copy at the peak (pages never
        // written are never resident).
        nodes.reserveCapacity(count / 16 + 8)
        lines.reserveCapacity(lines: count / 24 + 8)
    }

    /// Where the value starting at `offset` of a document that already parsed ends (one past its
    /// last byte): the editor's way to find a value's extent without keeping one per node.
    static func valueEnd(in bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> Int? {
        guard let base = bytes.baseAddress, offset < bytes.count else { return nil }
        var parser = DocumentParser(base: base, count: bytes.count, file: nil, forWholeDocument: false)
        parser.pos = offset
        // Line bookkeeping starts here, so nothing before the value is ever scanned.
        parser.lineStart = offset
        parser.nodes = [DocumentNode(), DocumentNode()]
        do {
            try parser.parseValue(into: 1, depth: 1)
        } catch {
            return nil
        }
        return parser.pos
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
        if offset - lineStart > LineIndex.longLineStep {
            lines.endLine(line, start: lineStart, end: offset, in: UnsafeBufferPointer(start: base, count: end))
        }
        line += 1
        lineStart = offset + 1
        lines.startLine(line, at: lineStart)
    }

    /// Consumes `\r\n` at the cursor; a carriage return alone is an error.
    mutating func consumeCarriageReturn() throws(TOMLError) {
        guard peek(1) == ASCII.newline else {
            throw error("expected a line feed after a carriage return (bare carriage returns are not allowed)", at: pos)
        }
        pos += 2
        startLine(after: pos - 1)
    }

    /// The line and column of `offset`, which must lie before the cursor (for messages).
    func position(of offset: UInt32) -> SourcePosition {
        guard offset != DocumentNode.noOffset else { return .unknown }
        return lines.position(of: Int(offset), in: UnsafeBufferPointer(start: base, count: end))
    }

    // MARK: - Document structure

    mutating func parseDocument(source: DocumentSource) throws(TOMLError) -> TOMLDocument {
        guard end < Int(DocumentNode.noOffset) else {
            throw TOMLError(
                file: file, position: SourcePosition(line: 1, column: 1),
                message: "the document is \(end) bytes long; at most 4 GiB is supported", sourceLine: "")
        }
        var root = DocumentNode()
        root.flags.origin = .header
        nodes.append(root)
        var current: UInt32 = 0
        var currentDepth: Int32 = 0
        var section: Int32 = 0
        if Self.hasByteOrderMark(base, end) {
            // A leading byte order mark is allowed and takes no column.
            pos = 3
            lineStart = 3
        }
        while true {
            skipSpaces()
            guard pos < end else { return finishDocument(source: source) }
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
                // Dotted tables of earlier sections can no longer be extended: forget them.
                dottedSections.removeAll(keepingCapacity: true)
                (current, currentDepth) = try parseHeader()
                try expectEndOfLine(after: "a table header")
            default:
                try parseKeyValue(into: current, depth: currentDepth, section: section)
                try expectEndOfLine(after: "a value")
            }
        }
    }

    /// Moves the elements of every array of tables into the element table and hands the
    /// parts over to the document.
    private mutating func finishDocument(source: DocumentSource) -> TOMLDocument {
        lines.endLine(line, start: lineStart, end: end, in: UnsafeBufferPointer(start: base, count: end))
        for array in chainedArrays {
            let start = elements.count
            var element = nodes[Int(array)].low
            while element != 0 {
                elements.append(element)
                let next = nodes[Int(element)].next
                nodes[Int(element)].next = 0
                element = next
            }
            nodes[Int(array)].low = UInt32(start)
            nodes[Int(array)].high = UInt32(elements.count - start)
            nodes[Int(array)].flags.isChained = false
        }
        chainedArrays = []
        dottedSections = [:]
        return TOMLDocument(
            source: source, nodes: nodes, elements: elements, arena: arena, dateTimes: dateTimes,
            lines: lines, sideKeys: sideKeys, memberIndexes: memberIndexes)
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

    /// `key = value`, where the key may be dotted; the value lands in `table` (at nesting
    /// `depth`) or below it.
    mutating func parseKeyValue(into table: UInt32, depth: Int32, section: Int32) throws(TOMLError) {
        var target = table
        var targetDepth = depth
        var key = try parseKey()
        skipSpaces()
        while peek() == ASCII.dot {
            pos += 1
            skipSpaces()
            target = try descendDotted(from: target, depth: targetDepth, key: key, section: section)
            targetDepth += 1
            key = try parseKey()
            skipSpaces()
        }
        guard peek() == ASCII.equals else {
            throw error("expected \"=\" after key \(quoted(keyText(key))), found \(found(at: pos))", at: pos)
        }
        pos += 1
        skipSpaces()
        if let existing = member(of: target, key: key) {
            throw duplicateKeyError(key, previous: existing)
        }
        let node = appendMember(to: target, key: key, valueOffset: pos)
        try parseValue(into: node, depth: targetDepth + 1)
    }

    /// `[a.b]` or `[[a.b]]`: returns the table that following key/value pairs fill, and its depth.
    mutating func parseHeader() throws(TOMLError) -> (UInt32, Int32) {
        let headerOffset = pos
        pos += 1
        let isArray = peek() == ASCII.openBracket
        if isArray { pos += 1 }
        skipSpaces()
        var target: UInt32 = 0
        var depth: Int32 = 0
        var key = try parseKey()
        skipSpaces()
        while peek() == ASCII.dot {
            pos += 1
            skipSpaces()
            (target, depth) = try descendHeader(from: target, depth: depth, key: key, headerOffset: headerOffset)
            key = try parseKey()
            skipSpaces()
        }
        let closing = isArray ? "\"]]\"" : "\"]\""
        guard peek() == ASCII.closeBracket, !isArray || peek(1) == ASCII.closeBracket else {
            throw error(
                "expected \(closing) to close the table header after key \(quoted(keyText(key))), "
                    + "found \(found(at: pos))", at: pos)
        }
        pos += isArray ? 2 : 1
        if isArray {
            return try appendArrayTable(in: target, depth: depth, key: key, headerOffset: headerOffset)
        }
        return try defineTable(in: target, depth: depth, key: key, headerOffset: headerOffset)
    }

    /// One part of a key: bare, "basic" or 'literal'.
    mutating func parseKey() throws(TOMLError) -> ParsedKey {
        let start = pos
        while pos < end, ASCII.isBareKey(base[pos]) { pos += 1 }
        if pos > start {
            return ParsedKey(offset: start, form: .bare, textStart: start, length: pos - start, base: base)
        }
        let text: StringRef
        switch peek() {
        case ASCII.quote:
            if peek(1) == ASCII.quote && peek(2) == ASCII.quote {
                throw error("a key cannot be a multi-line string", at: pos)
            }
            text = try parseBasicString()
        case ASCII.apostrophe:
            if peek(1) == ASCII.apostrophe && peek(2) == ASCII.apostrophe {
                throw error("a key cannot be a multi-line string", at: pos)
            }
            text = try parseLiteralString()
        default:
            throw error("expected a key, found \(found(at: pos))", at: pos)
        }
        // Escaped keys are decoded into the arena: such a key is a `.side` key.
        if text.inArena {
            return arena.withUnsafeBufferPointer {
                ParsedKey(offset: start, form: .side, textStart: text.start, length: text.length, base: $0.baseAddress!)
            }
        }
        return ParsedKey(offset: start, form: .quoted, textStart: text.start, length: text.length, base: base)
    }
}

/// A key part just scanned: where its token starts, and where its text is.
struct ParsedKey {
    /// Offset of the key token (its position).
    var offset: Int
    /// `.bare` or `.quoted`: the text is a range of the source; `.side`: of the arena.
    var form: KeyForm
    var textStart: Int
    var length: Int
    var fingerprint: UInt8

    /// `base` is where `textStart` counts from (the source, or the arena for `.side`).
    init(offset: Int, form: KeyForm, textStart: Int, length: Int, base: UnsafePointer<UInt8>) {
        self.offset = offset
        self.form = form
        self.textStart = textStart
        self.length = length
        fingerprint = DocumentNode.fingerprint(base + textStart, length)
    }
}
