/// The items of an inline table or an array (`{ a = 1, b.c = 2 }`, `[1, 2]`): where each one
/// starts and ends, and how items are added or taken out so that the text stays in its layout,
/// one line per item or all on one line.
extension SourceLayout {
    /// One `key = value` of an inline table.
    struct Segment {
        var start: Int
        var parts: [Range<Int>]
        var equals: Int
        var valueStart: Int
        var valueEnd: Int
    }

    /// The key-value pairs of the inline table whose `{` is at `open`.
    func segments(ofInlineTableAt open: Int) -> [Segment] {
        var segments: [Segment] = []
        var i = open + 1
        while true {
            i = skipBlank(from: i)
            guard i < count, bytes[i] != ASCII.closeBrace else { break }
            let (parts, equals) = keyParts(from: i)
            let valueStart = firstNonSpace(from: equals + 1)
            let valueEnd = valueEnd(at: valueStart)
            segments.append(
                Segment(start: i, parts: parts, equals: equals, valueStart: valueStart, valueEnd: valueEnd))
            i = skipBlank(from: valueEnd)
            guard i < count, bytes[i] == ASCII.comma else { break }
            i += 1
        }
        return segments
    }

    /// Past spaces, line ends and comments (inside an array or inline table).
    func skipBlank(from start: Int) -> Int {
        var i = start
        while i < count {
            switch bytes[i] {
            case ASCII.space, ASCII.tab, ASCII.newline, ASCII.carriageReturn:
                i += 1
            case ASCII.hash:
                while i < count && bytes[i] != ASCII.newline { i += 1 }
            default:
                return i
            }
        }
        return i
    }

    /// Splices that add `items` (each already written) after the item spanning
    /// `lastStart..<lastEnd`: on lines of their own, in its indentation, when it stands on a
    /// line of its own; otherwise as `, item` on its line.
    func appendItems(_ items: [[UInt8]], afterItem lastStart: Int, endingAt lastEnd: Int, newline: [UInt8])
        -> [Splice]
    {
        let start = lineStart(of: lastStart)
        var i = firstNonSpace(from: lastEnd)
        let hasComma = i < count && bytes[i] == ASCII.comma
        if hasComma { i = firstNonSpace(from: i + 1) }
        let endsLine =
            i >= count || bytes[i] == ASCII.hash || bytes[i] == ASCII.newline || bytes[i] == ASCII.carriageReturn
        guard firstNonSpace(from: start) == lastStart, endsLine, i < count else {
            let text = items.reduce(into: [UInt8]()) { text, item in text += Array(", ".utf8) + item }
            return [.insert(text, at: lastEnd)]
        }
        let indent = Array(bytes[start..<lastStart])
        var text: [UInt8] = []
        for (k, item) in items.enumerated() {
            text += indent + item
            if hasComma || k < items.count - 1 { text.append(ASCII.comma) }
            text += newline
        }
        var splices: [Splice] = [.insert(text, at: nextLineStart(after: i))]
        if !hasComma { splices.append(.insert([ASCII.comma], at: lastEnd)) }
        return splices
    }

    /// The splice that takes out items `range` (of items starting at `starts`, ending at `ends`):
    /// whole lines, with the comment lines above the first, when they stand on lines of their
    /// own; otherwise the items and the commas between them.
    func removeItems(starts: [Int], ends: [Int], _ range: Range<Int>) -> Splice {
        let first = range.lowerBound
        let last = range.upperBound - 1
        let line = lineStart(of: starts[first])
        if firstNonSpace(from: line) == starts[first] {
            var i = firstNonSpace(from: ends[last])
            let hasComma = i < count && bytes[i] == ASCII.comma
            if hasComma { i = firstNonSpace(from: i + 1) }
            // Whole lines, unless the comma after the last item is on a later line.
            let endsLine =
                i < count && (bytes[i] == ASCII.hash || bytes[i] == ASCII.newline || bytes[i] == ASCII.carriageReturn)
            if endsLine && (hasComma || range.upperBound == starts.count) {
                return .remove(commentBlockStart(above: line)..<nextLineStart(after: i))
            }
        }
        if range.upperBound < starts.count { return .remove(starts[first]..<starts[range.upperBound]) }
        if first > 0 { return .remove(ends[first - 1]..<ends[last]) }
        var i = firstNonSpace(from: ends[last])
        if i < count && bytes[i] == ASCII.comma { i += 1 }
        return .remove(starts[first]..<i)
    }

    /// True when the value text holds a comment (so it cannot simply be rewritten whole).
    func holdsComment(_ range: Range<Int>) -> Bool {
        var i = range.lowerBound
        while i < range.upperBound {
            switch bytes[i] {
            case ASCII.hash:
                return true
            case ASCII.quote, ASCII.apostrophe:
                // Step over strings: a `#` inside one is not a comment.
                let end = valueEnd(at: i)
                i = end > i ? end : i + 1
            default:
                i += 1
            }
        }
        return false
    }
}
