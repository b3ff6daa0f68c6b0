/// Planning edits that write new text: a changed value, a new key, a new table, new array elements.
extension SourceLayout {
    /// Replaces the text of the value at `path` (which must be written as `key = value` or as an
    /// element): its key, the spacing and a trailing comment stay.
    func planReplace(_ path: TOMLPath, with value: TOMLValue, writer: ValueWriter) throws(TOMLEditError) -> EditPlan {
        let location = try require(path)
        let range = valueRange(location.node)
        let text = writer.replacement(for: value, old: bytes[range], onLine: location.inlineOwner == nil)
        return EditPlan(splices: [Splice(range: range, text: text)])
    }

    /// Adds `key = value` to the table at `tablePath` (the key must be new there).
    func planInsertMember(_ tablePath: TOMLPath, key: String, value: TOMLValue, writer: ValueWriter)
        throws(TOMLEditError) -> EditPlan
    {
        let location = try require(tablePath)
        let table = location.node
        guard node(table).kind == .table else { throw .notAContainer(tablePath, found: describe(table)) }
        if document.member(of: table, named: key) != nil { throw .alreadyExists(tablePath + [.key(key)]) }
        let tableForm = form(table)
        if location.inlineOwner != nil || tableForm == .inlineTable {
            // Exclusive: two new items after one last item would both add its comma.
            return EditPlan(splices: insertSegment(location, key: key, value: value, writer: writer), exclusive: true)
        }
        let sectioned = [NodeForm.root, .headerTable, .implicitTable, .arrayElement].contains(tableForm)
        if sectioned && value.isSection {
            return EditPlan(splices: [insertSection(below: location, path: tablePath, key: key, value: value, writer)])
        }
        return insertLine(location, path: tablePath, key: key, value: value, writer: writer)
    }

    /// Appends `values` to the array at `arrayPath`: `[[header]]` sections after the last one
    /// (all values must be tables) for an array of tables, items in the array's layout otherwise.
    func planAppend(_ arrayPath: TOMLPath, _ values: [TOMLValue], writer: ValueWriter) throws(TOMLEditError)
        -> EditPlan
    {
        let array = try require(arrayPath).node
        guard node(array).kind == .array else { throw .notAContainer(arrayPath, found: describe(array)) }
        let elements = elements(of: array)
        if form(array) == .arrayOfTables, let last = elements.last {
            var section = SectionWriter(path: arrayPath.headerKeys, crlf: writer.crlf)
            for case .table(let table) in values { section.writeSection(table, kind: .arrayElement) }
            let anchor = sectionEnd(fromContentEnd: contentEnd(ofSection: lastSection(of: last)))
            let depth = arrayPath.headerKeys.count
            return EditPlan(splices: [sectionInsertion(section.output, at: anchor, depth: depth, writer.newline)])
        }
        let items = values.map(writer.inlineValue)
        if let last = elements.last {
            let start = valueStart(last)
            return EditPlan(
                splices: appendItems(items, afterItem: start, endingAt: valueEnd(at: start), newline: writer.newline),
                exclusive: true)
        }
        let range = valueRange(array)
        let joined = items.joined(separator: Array(", ".utf8))
        if holdsComment(range) { return EditPlan(splices: [.insert(Array(joined), at: range.lowerBound + 1)]) }
        return EditPlan(splices: [Splice(range: range, text: [ASCII.openBracket] + joined + [ASCII.closeBracket])])
    }

    // MARK: - New keys

    /// A `key = value` line after the table's last key-value line, in that line's style
    /// (indentation, spacing around `=`, the dotted prefix naming the table).
    private func insertLine(_ location: Location, path: TOMLPath, key: String, value: TOMLValue, writer: ValueWriter)
        -> EditPlan
    {
        let table = location.node
        let keyText = Array(KeyFormatter.format(key).utf8)
        let valueText = writer.lineValue(value)
        if let last = lineLeaves(of: table).max(by: { valueStart($0) < valueStart($1) }) {
            let line = pairLine(ofLeaf: last)
            let depth = dottedDepth(location)
            let indent = bytes[line.start..<line.keyStart]
            let prefix = bytes[line.parts[0].lowerBound..<line.parts[depth].lowerBound]
            let around = bytes[line.parts[line.parts.count - 1].upperBound..<line.valueStart]
            let text = Array(indent) + Array(prefix) + keyText + Array(around) + valueText
            return EditPlan(splices: [lineInsertion(text, at: line.end, writer.newline)])
        }
        let pair = keyText + Array(" = ".utf8) + valueText
        switch form(table) {
        case .headerTable, .arrayElement:
            return EditPlan(splices: [lineInsertion(pair, at: headerLine(of: table).upperBound, writer.newline)])
        case .root:
            // Above the first section (and the comments that belong to its header).
            guard let first = sectionTables(below: 0).min(by: { valueStart($0) < valueStart($1) }) else {
                return EditPlan(splices: [lineInsertion(pair, at: count, writer.newline)])
            }
            let anchor = commentBlockStart(above: headerLine(of: first).lowerBound)
            return EditPlan(splices: [.insert(pair + writer.newline + writer.newline, at: anchor)], exclusive: true)
        default:
            // A table only its sub-tables' headers name: it gets a header of its own, above them.
            let first = sectionTables(below: table).min { valueStart($0) < valueStart($1) }
            let anchor = first.map { commentBlockStart(above: headerLine(of: $0).lowerBound) } ?? count
            var text = followsBlankLine(anchor) ? [] : writer.newline
            text += [ASCII.openBracket] + Array(Self.headerPath(path).utf8) + [ASCII.closeBracket] + writer.newline
            text += pair + writer.newline + (anchor < count ? writer.newline : [])
            let rank = Splice.sectionRank(depth: path.headerKeys.count)
            return EditPlan(splices: [.insert(text, at: anchor, rank: rank)], exclusive: true)
        }
    }

    /// A key-value pair or an inline table's new member goes after the table's last one.
    private func insertSegment(_ location: Location, key: String, value: TOMLValue, writer: ValueWriter) -> [Splice] {
        let table = location.node
        let owner = form(table) == .inlineTable ? table : location.inlineOwner ?? table
        let all = segments(ofInlineTableAt: valueStart(owner))
        let mine: [Segment]
        if owner == table {
            mine = all
        } else {
            let starts = Set(lineLeaves(of: table).map(valueStart))
            mine = all.filter { starts.contains($0.valueStart) }
        }
        let keyText = Array(KeyFormatter.format(key).utf8)
        let valueText = writer.inlineValue(value)
        guard let last = mine.last else {
            let range = valueRange(owner)
            let pair = keyText + Array(" = ".utf8) + valueText
            if holdsComment(range) { return [.insert([ASCII.space] + pair, at: range.lowerBound + 1)] }
            return [Splice(range: range, text: Array("{ ".utf8) + pair + Array(" }".utf8))]
        }
        let depth = dottedDepth(location)
        let prefix = bytes[last.parts[0].lowerBound..<last.parts[depth].lowerBound]
        let around = bytes[last.parts[last.parts.count - 1].upperBound..<last.valueStart]
        let item = Array(prefix) + keyText + Array(around) + valueText
        return appendItems([item], afterItem: last.start, endingAt: last.valueEnd, newline: writer.newline)
    }

    // MARK: - New sections

    /// New `[header]` sections for a table (or `[[header]]` ones for an array of tables) below
    /// `location`'s table: after its last sub-table, or at the end for the root.
    private func insertSection(
        below location: Location, path: TOMLPath, key: String, value: TOMLValue, _ writer: ValueWriter
    ) -> Splice {
        var section = SectionWriter(path: path.headerKeys + [key], crlf: writer.crlf)
        switch value {
        case .table(let table):
            section.writeSection(table, kind: .table)
        case .array(let array):
            for case .table(let element) in array { section.writeSection(element, kind: .arrayElement) }
        default:
            break
        }
        let table = location.node
        var anchor = count
        if table != 0 {
            var sections = sectionTables(below: table)
            if form(table) != .implicitTable { sections.append(table) }
            if let last = sections.max(by: { valueStart($0) < valueStart($1) }) {
                anchor = sectionEnd(fromContentEnd: contentEnd(ofSection: last))
            }
        }
        return sectionInsertion(section.output, at: anchor, depth: path.headerKeys.count + 1, writer.newline)
    }

    /// The last section of an array element's subtree (itself, or its last sub-table).
    func lastSection(of element: UInt32) -> UInt32 {
        (sectionTables(below: element) + [element]).max { valueStart($0) < valueStart($1) } ?? element
    }

    /// Section text (with headers naming `depth` keys) inserted at a line start, with a blank
    /// line between it and its neighbours.
    func sectionInsertion(_ section: [UInt8], at anchor: Int, depth: Int, _ newline: [UInt8]) -> Splice {
        var text: [UInt8] = []
        if anchor >= count {
            if count > bodyStart {
                if bytes[count - 1] != ASCII.newline {
                    text += newline + newline
                } else if !followsBlankLine(count) {
                    text += newline
                }
            }
            text += section
        } else {
            if !followsBlankLine(anchor) { text += newline }
            text += section + newline
        }
        return .insert(text, at: anchor, rank: Splice.sectionRank(depth: depth))
    }

    /// A line inserted at a line start (after a line end added when the text ends without one).
    /// Below a comment line it is set apart by a blank line: the comment is not its to take along
    /// when it is removed again.
    func lineInsertion(_ line: [UInt8], at anchor: Int, _ newline: [UInt8]) -> Splice {
        let unterminated = anchor >= count && count > bodyStart && bytes[count - 1] != ASCII.newline
        var text = unterminated ? newline : []
        let above = unterminated ? lineStart(of: count) : previousLineStart(before: min(anchor, count))
        if let above, isCommentLine(at: above) { text += newline }
        return .insert(text + line + newline, at: anchor)
    }

    /// How many dotted-key tables lead to the location's node from its section or inline table.
    func dottedDepth(_ location: Location) -> Int {
        var depth = 0
        for node in location.chain.reversed() {
            guard form(node) == .dottedTable else { break }
            depth += 1
        }
        return depth
    }

    /// `a."b c"`: a header naming `path` (array indices are implied by where the header stands).
    static func headerPath(_ path: TOMLPath) -> String {
        path.headerKeys.map(KeyFormatter.format).joined(separator: ".")
    }
}
