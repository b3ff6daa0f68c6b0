/// Questions about the text around a parsed document's values: where lines, key-value pairs,
/// comments and sections begin and end.
///
/// The compact document stores where each key and value starts, not where anything ends or
/// which comments belong to it; these are worked out here from the source, locally (a value's
/// end by parsing that value alone, a line's start by scanning back to its line feed), so an
/// edit costs what the edited part costs, not what the document costs. The source is known to
/// be valid TOML, which is what makes the local scans safe.
struct SourceLayout {
    let bytes: [UInt8]
    let document: TOMLDocument
    /// 3 after a byte order mark, else 0.
    let bodyStart: Int

    init(bytes: [UInt8], document: TOMLDocument) {
        self.bytes = bytes
        self.document = document
        bodyStart = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
    }

    var count: Int { bytes.count }

    // MARK: - Lines

    /// The start of the line holding `offset`.
    func lineStart(of offset: Int) -> Int {
        var i = min(offset, count)
        while i > bodyStart && bytes[i - 1] != ASCII.newline { i -= 1 }
        return i
    }

    /// From just after a value or header: past spaces, a comment and the line end, to the next
    /// line's start (or the end of the text).
    func nextLineStart(after offset: Int) -> Int {
        var i = offset
        while i < count && ASCII.isSpace(bytes[i]) { i += 1 }
        if i < count && bytes[i] == ASCII.hash {
            while i < count && bytes[i] != ASCII.newline { i += 1 }
        }
        if i < count && bytes[i] == ASCII.carriageReturn { i += 1 }
        if i < count && bytes[i] == ASCII.newline { i += 1 }
        return i
    }

    /// The end of the line starting at `start`, past its line feed.
    func lineEnd(from start: Int) -> Int {
        var i = start
        while i < count && bytes[i] != ASCII.newline { i += 1 }
        return i < count ? i + 1 : i
    }

    /// The first byte on the line that is not a space or tab.
    func firstNonSpace(from start: Int) -> Int {
        var i = start
        while i < count && ASCII.isSpace(bytes[i]) { i += 1 }
        return i
    }

    func isBlankLine(at start: Int) -> Bool {
        let i = firstNonSpace(from: start)
        return i >= count || bytes[i] == ASCII.newline || bytes[i] == ASCII.carriageReturn
    }

    /// A line holding only a comment. One that holds `'''` or `"""` might close a multi-line
    /// string rather than be a comment, so it does not count (it stays where it is).
    func isCommentLine(at start: Int) -> Bool {
        let i = firstNonSpace(from: start)
        guard i < count, bytes[i] == ASCII.hash else { return false }
        let end = lineEnd(from: start)
        var run = 0
        var last: UInt8 = 0
        for byte in bytes[i..<end] {
            if byte == ASCII.quote || byte == ASCII.apostrophe {
                run = byte == last ? run + 1 : 1
                if run >= 3 { return false }
            } else {
                run = 0
            }
            last = byte
        }
        return true
    }

    /// The start of the line before the one starting at `start`, if any.
    func previousLineStart(before start: Int) -> Int? {
        guard start > bodyStart else { return nil }
        return lineStart(of: start - 1)
    }

    /// The comment lines directly above the line at `start` (no blank line between) belong to
    /// it: where the first of them starts, or `start` when there are none.
    func commentBlockStart(above start: Int) -> Int {
        var top = start
        while let previous = previousLineStart(before: top), isCommentLine(at: previous) { top = previous }
        return top
    }

    /// True at the start of the text, or when the line before `start` is blank.
    func followsBlankLine(_ start: Int) -> Bool {
        guard let previous = previousLineStart(before: start) else { return true }
        return isBlankLine(at: previous)
    }

    /// The document's line end: CRLF when its first line ends so, else LF.
    var usesCRLF: Bool {
        guard let feed = bytes.firstIndex(of: ASCII.newline) else { return false }
        return feed > 0 && bytes[feed - 1] == ASCII.carriageReturn
    }

    // MARK: - Values and keys

    /// One past the last byte of the value starting at `offset`.
    func valueEnd(at offset: Int) -> Int {
        bytes.withUnsafeBufferPointer { DocumentParser.valueEnd(in: $0, at: offset) } ?? offset
    }

    func valueStart(_ node: UInt32) -> Int { Int(document.nodes[Int(node)].valueOffset) }

    func valueRange(_ node: UInt32) -> Range<Int> {
        let start = valueStart(node)
        return start..<valueEnd(at: start)
    }

    /// The key parts of a key-value pair (or header) whose key starts at `start`: each part's
    /// byte range, and where the text after the last part (and its spaces) begins.
    func keyParts(from start: Int) -> (parts: [Range<Int>], after: Int) {
        var parts: [Range<Int>] = []
        var i = start
        while i < count {
            let partStart = i
            switch bytes[i] {
            case ASCII.quote:
                i += 1
                while i < count && bytes[i] != ASCII.quote { i += bytes[i] == ASCII.backslash ? 2 : 1 }
                i += 1
            case ASCII.apostrophe:
                i += 1
                while i < count && bytes[i] != ASCII.apostrophe { i += 1 }
                i += 1
            default:
                while i < count && ASCII.isBareKey(bytes[i]) { i += 1 }
            }
            parts.append(partStart..<min(i, count))
            while i < count && ASCII.isSpace(bytes[i]) { i += 1 }
            guard i < count, bytes[i] == ASCII.dot else { break }
            i += 1
            while i < count && ASCII.isSpace(bytes[i]) { i += 1 }
        }
        return (parts, i)
    }

    /// A key-value pair written on its own line, seen from one of its nodes.
    func pairLine(ofLeaf node: UInt32) -> PairLine {
        let valueStart = valueStart(node)
        let start = lineStart(of: Int(document.nodes[Int(node)].keyOffset))
        let keyStart = firstNonSpace(from: start)
        let (parts, equals) = keyParts(from: keyStart)
        let valueEnd = valueEnd(at: valueStart)
        return PairLine(
            start: start, keyStart: keyStart, parts: parts, equals: equals, valueStart: valueStart,
            valueEnd: valueEnd, end: nextLineStart(after: valueEnd))
    }

    // MARK: - Nodes

    func node(_ index: UInt32) -> DocumentNode { document.nodes[Int(index)] }

    func members(of table: UInt32) -> [UInt32] {
        var result: [UInt32] = []
        var member = node(table).low
        while member != 0 {
            result.append(member)
            member = node(member).next
        }
        return result
    }

    func elements(of array: UInt32) -> [UInt32] {
        (0..<document.elementCount(of: array)).map { document.element($0, of: array) }
    }

    /// How a node is written.
    func form(_ index: UInt32) -> NodeForm {
        let node = node(index)
        switch node.kind {
        case .table:
            if index == 0 { return .root }
            switch node.flags.origin {
            case .inline: return .inlineTable
            case .dotted: return .dottedTable
            case .header: return .headerTable
            case .implicit: return .implicitTable
            case .arrayElement: return .arrayElement
            }
        case .array:
            if document.elementCount(of: index) > 0,
                self.node(document.element(0, of: index)).flags.origin == .arrayElement
            {
                return .arrayOfTables
            }
            return .staticArray
        default:
            return .scalar
        }
    }

    /// The members written as `key = value` lines of the section holding `table`'s own pairs:
    /// its plain members, and those of the tables its dotted keys create, in document order.
    func lineLeaves(of table: UInt32) -> [UInt32] {
        var leaves: [UInt32] = []
        for member in members(of: table) {
            switch form(member) {
            case .scalar, .staticArray, .inlineTable: leaves.append(member)
            case .dottedTable: leaves += lineLeaves(of: member)
            default: break
            }
        }
        return leaves
    }

    /// The tables with a `[header]` or `[[header]]` of their own in the subtree of `index`
    /// (not `index` itself).
    func sectionTables(below index: UInt32) -> [UInt32] {
        var found: [UInt32] = []
        switch form(index) {
        case .arrayOfTables:
            for element in elements(of: index) {
                found.append(element)
                found += sectionTables(below: element)
            }
        case .root, .headerTable, .implicitTable, .dottedTable, .arrayElement:
            for member in members(of: index) {
                switch form(member) {
                case .headerTable, .arrayElement:
                    found.append(member)
                    found += sectionTables(below: member)
                case .implicitTable, .dottedTable, .arrayOfTables:
                    found += sectionTables(below: member)
                default:
                    break
                }
            }
        default:
            break
        }
        return found
    }

    /// The line of a section's `[header]`: where it starts and where the next line starts.
    func headerLine(of table: UInt32) -> Range<Int> {
        let open = valueStart(table)
        var i = open + 1
        if i < count && bytes[i] == ASCII.openBracket { i += 1 }
        i = firstNonSpace(from: i)
        var after = keyParts(from: i).after
        while after < count && bytes[after] == ASCII.closeBracket { after += 1 }
        return lineStart(of: open)..<nextLineStart(after: after)
    }

    /// Where the last line of a section's own content ends: its header's line, or its last
    /// key-value pair's. For the root, its last pair (or the start of the text).
    func contentEnd(ofSection table: UInt32) -> Int {
        var end = table == 0 ? bodyStart : headerLine(of: table).upperBound
        if let last = lineLeaves(of: table).max(by: { valueStart($0) < valueStart($1) }) {
            end = max(end, nextLineStart(after: valueEnd(at: valueStart(last))))
        }
        return end
    }

    /// From the end of a section's content, over its trailing blank and comment lines, to
    /// where the next section begins: the comment lines directly above the next header belong
    /// to that header. The end of the text when no header follows.
    func sectionEnd(fromContentEnd start: Int) -> Int {
        var i = start
        var block: Int? = nil
        while i < count {
            let first = firstNonSpace(from: i)
            if first >= count { return count }
            switch bytes[first] {
            case ASCII.newline, ASCII.carriageReturn:
                block = nil
            case ASCII.hash:
                if block == nil { block = i }
            default:
                // The next header (or, never expected here, a key-value pair).
                return block ?? i
            }
            i = lineEnd(from: i)
        }
        return count
    }

    /// The whole text of a section: the comment lines above its header, through its trailing
    /// blank and comment lines, up to the next section's.
    func sectionRange(of table: UInt32) -> Range<Int> {
        let header = headerLine(of: table)
        return commentBlockStart(above: header.lowerBound)..<sectionEnd(fromContentEnd: contentEnd(ofSection: table))
    }
}

/// How a node is written in the document.
enum NodeForm: Equatable {
    case root
    /// A string, number, boolean or date-time.
    case scalar
    /// `[ ... ]` written as a value.
    case staticArray
    case inlineTable
    /// Created by dotted keys (`a.b = 1` creates `a`).
    case dottedTable
    /// `[header]`.
    case headerTable
    /// Only named by the headers of its sub-tables (`[a.b]` creates `a`).
    case implicitTable
    /// One `[[header]]` section.
    case arrayElement
    case arrayOfTables

    /// Written as `key = value` (on a line, or inside an inline table or array).
    var isLeaf: Bool { self == .scalar || self == .staticArray || self == .inlineTable }
}

/// The parts of a `key = value` line.
struct PairLine {
    /// The line's first byte, and the key's.
    var start: Int
    var keyStart: Int
    /// Each key part's bytes (`a`, `"b c"` for `a."b c" = 1`).
    var parts: [Range<Int>]
    var equals: Int
    var valueStart: Int
    var valueEnd: Int
    /// The next line's start (past a trailing comment and the line end).
    var end: Int
}
