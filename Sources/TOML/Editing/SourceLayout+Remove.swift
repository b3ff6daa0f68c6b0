/// Planning removals: a key takes its line(s) and the comment lines directly above them; a table
/// written with headers takes its sections (each from the comment lines above its header to the
/// next section's); an element takes its item or its `[[header]]` sections.
extension SourceLayout {
    /// Removes the member `key` of the table at `tablePath`.
    func planRemoveMember(_ tablePath: TOMLPath, key: String, writer: ValueWriter) throws(TOMLEditError) -> EditPlan {
        let location = try require(tablePath + [.key(key)])
        let member = location.node
        let table = location.chain[location.chain.count - 2]
        let tableLocation = Location(chain: Array(location.chain.dropLast()), inlineOwner: nil)
        // A table made only by dotted keys, or only by its sub-tables' headers, would vanish with
        // its last member: it is written empty instead.
        let emptied = document.memberCount(of: table) == 1
        if let owner = location.inlineOwner {
            return EditPlan(
                splices: removeSegments(
                    of: member, in: owner, keepingEmpty: emptied && form(table) == .dottedTable ? tableLocation : nil),
                exclusive: true)
        }
        var ranges: [Range<Int>] = []
        collectRemoval(member, covered: false, into: &ranges)
        var splices: [Splice] = []
        if emptied && form(table) == .dottedTable,
            let last = lineLeaves(of: table).max(by: { valueStart($0) < valueStart($1) })
        {
            // Keep the last line, as `table = {}`.
            let line = pairLine(ofLeaf: last)
            let depth = dottedDepth(tableLocation)
            let name = bytes[line.parts[0].lowerBound..<line.parts[depth - 1].upperBound]
            ranges.removeAll { $0.contains(line.start) }
            splices.append(Splice(range: line.keyStart..<line.valueEnd, text: Array(name) + Array(" = {}".utf8)))
        }
        let merged = merged(ranges)
        splices += merged.map(Splice.remove)
        if emptied && form(table) == .implicitTable, let first = merged.first {
            // Where the removed sections began, set apart from its neighbours by blank lines.
            var header = followsBlankLine(first.lowerBound) ? [] : writer.newline
            header += [ASCII.openBracket] + Array(Self.headerPath(tablePath).utf8) + [ASCII.closeBracket]
            header += writer.newline + (first.upperBound < count ? writer.newline : [])
            let rank = Splice.sectionRank(depth: tablePath.headerKeys.count)
            splices.append(.insert(header, at: first.lowerBound, rank: rank))
        }
        return EditPlan(splices: splices, exclusive: true)
    }

    /// Removes elements `range` of the array at `arrayPath` (for an array of tables, not all of them).
    func planRemoveElements(_ arrayPath: TOMLPath, _ range: Range<Int>) throws(TOMLEditError) -> EditPlan {
        let array = try require(arrayPath).node
        let elements = elements(of: array)
        if form(array) == .arrayOfTables {
            var ranges: [Range<Int>] = []
            for element in elements[range] { collectRemoval(element, covered: false, into: &ranges) }
            return EditPlan(splices: merged(ranges).map(Splice.remove), exclusive: true)
        }
        if range == 0..<elements.count, !holdsComment(valueRange(array)) {
            return EditPlan(splices: [Splice(range: valueRange(array), text: Array("[]".utf8))], exclusive: true)
        }
        let starts = elements.map(valueStart)
        let ends = starts.map { valueEnd(at: $0) }
        return EditPlan(splices: [removeItems(starts: starts, ends: ends, range)], exclusive: true)
    }

    // MARK: - Lines and sections

    /// The text `node` occupies: its key-value lines (unless `covered` by a section already
    /// taken) and the sections of its tables.
    func collectRemoval(_ node: UInt32, covered: Bool, into ranges: inout [Range<Int>]) {
        switch form(node) {
        case .scalar, .staticArray, .inlineTable:
            if !covered {
                let line = pairLine(ofLeaf: node)
                ranges.append(commentBlockStart(above: line.start)..<line.end)
            }
        case .dottedTable:
            for member in members(of: node) { collectRemoval(member, covered: covered, into: &ranges) }
        case .headerTable, .arrayElement:
            ranges.append(sectionRange(of: node))
            for member in members(of: node) { collectRemoval(member, covered: true, into: &ranges) }
        case .implicitTable, .root:
            for member in members(of: node) { collectRemoval(member, covered: false, into: &ranges) }
        case .arrayOfTables:
            for element in elements(of: node) { collectRemoval(element, covered: false, into: &ranges) }
        }
    }

    /// Sorted, with overlapping or touching ranges joined.
    func merged(_ ranges: [Range<Int>]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = result.last, range.lowerBound <= last.upperBound {
                result[result.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                result.append(range)
            }
        }
        return result
    }

    // MARK: - Inline tables

    /// Removes the key-value pairs of `member` from the inline table `owner`. With `keepingEmpty`,
    /// the member's table (made by dotted keys) is left as `name = {}`.
    private func removeSegments(of member: UInt32, in owner: UInt32, keepingEmpty table: Location?) -> [Splice] {
        let all = segments(ofInlineTableAt: valueStart(owner))
        let starts = Set(form(member) == .dottedTable ? lineLeaves(of: member).map(valueStart) : [valueStart(member)])
        var indices = all.indices.filter { starts.contains(all[$0].valueStart) }
        var splices: [Splice] = []
        if let table, let last = indices.last {
            let segment = all[last]
            let depth = dottedDepth(table)
            let name = bytes[segment.parts[0].lowerBound..<segment.parts[depth - 1].upperBound]
            splices.append(
                Splice(range: segment.start..<segment.valueEnd, text: Array(name) + Array(" = {}".utf8)))
            indices.removeLast()
        }
        if indices.count == all.count, !holdsComment(valueRange(owner)) {
            return [Splice(range: valueRange(owner), text: Array("{}".utf8))]
        }
        let itemStarts = all.map(\.start)
        let itemEnds = all.map(\.valueEnd)
        // Consecutive runs, each taken out as one.
        var run: Range<Int>? = nil
        for index in indices {
            if let current = run, current.upperBound == index {
                run = current.lowerBound..<index + 1
                continue
            }
            if let current = run { splices.append(removeItems(starts: itemStarts, ends: itemEnds, current)) }
            run = index..<index + 1
        }
        if let current = run { splices.append(removeItems(starts: itemStarts, ends: itemEnds, current)) }
        return splices
    }
}
