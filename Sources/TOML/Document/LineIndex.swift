#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Turns byte offsets back into line and column, so a parsed document stores one 32-bit
/// offset per position instead of a line/column pair.
///
/// It keeps the start of every 8th line (a full table would cost 4 bytes a line), plus a mark
/// every kilobyte along longer lines, and scans from the nearest one: one lookup reads at most
/// 8 short lines or a kilobyte. Columns count Unicode scalars: on lines known to be ASCII that
/// is a subtraction, on the others a count of the scalars before the offset.
struct LineIndex: Sendable {
    static let stride = 8
    static let longLineStep = 1024

    /// Offset of the first byte of lines 1, 9, 17, … (after a byte order mark, line 1 starts at 3).
    private var checkpoints: [UInt32]
    /// One bit per line: set when the line holds a multi-byte scalar.
    private var nonASCIILines: [UInt64] = []
    /// Points along lines longer than `longLineStep`, in document order.
    private var marks: [LineMark] = []

    init(firstLineStart: Int) {
        checkpoints = [UInt32(firstLineStart)]
    }

    mutating func reserveCapacity(lines: Int) { checkpoints.reserveCapacity(lines / Self.stride + 1) }

    /// Records that `line` (1-based) starts at `offset`.
    @inline(__always) mutating func startLine(_ line: Int, at offset: Int) {
        if (line - 1) % Self.stride == 0 { checkpoints.append(UInt32(truncatingIfNeeded: offset)) }
    }

    /// Called when `line` (1-based), starting at `start`, ends at `end` (its line feed, or the end
    /// of the text): a long line gets a mark every `longLineStep` bytes.
    mutating func endLine(_ line: Int, start: Int, end: Int, in bytes: UnsafeBufferPointer<UInt8>) {
        guard end - start > Self.longLineStep else { return }
        var column = 1
        var next = start + Self.longLineStep
        for i in start..<end where bytes[i] & 0xC0 != 0x80 {
            if i >= next {
                marks.append(LineMark(offset: UInt32(i), line: UInt32(line), column: UInt32(column)))
                next = i + Self.longLineStep
            }
            column += 1
        }
    }

    /// Marks `line` (1-based) as holding a multi-byte scalar.
    mutating func markNonASCII(line: Int) {
        let word = (line - 1) >> 6
        if word >= nonASCIILines.count {
            nonASCIILines.append(contentsOf: repeatElement(0, count: word - nonASCIILines.count + 1))
        }
        nonASCIILines[word] |= 1 << UInt64((line - 1) & 63)
    }

    fileprivate func isNonASCII(line: Int) -> Bool {
        let word = (line - 1) >> 6
        return word < nonASCIILines.count && nonASCIILines[word] & 1 << UInt64((line - 1) & 63) != 0
    }

    /// The line and column of `offset` in `bytes` (the text the index was built from).
    func position(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> SourcePosition {
        var cursor = LineCursor()
        return position(of: offset, in: bytes, cursor: &cursor)
    }

    /// The same, continuing from `cursor` when `offset` lies at or after it, so a run of
    /// positions in document order costs one pass over the text (even on a megabyte-long line).
    func position(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>, cursor: inout LineCursor) -> SourcePosition {
        guard let base = bytes.baseAddress else { return SourcePosition(line: 1, column: 1) }
        let stop = min(offset, bytes.count)
        if !cursor.isSet || cursor.offset > stop {
            cursor = nearestStart(before: offset)
        } else {
            // Continue from the cursor unless the index has a point closer to the offset.
            let nearest = nearestStart(before: offset)
            if nearest.offset > cursor.offset { cursor = nearest }
        }
        // Jump from line feed to line feed (memchr), then count columns on the last line only.
        var segmentStart = cursor.offset
        var segmentColumn = cursor.column
        var line = cursor.line
        while segmentStart < stop, let feed = memchr(base + segmentStart, 0x0A, stop - segmentStart) {
            segmentStart = UnsafePointer<UInt8>(feed.assumingMemoryBound(to: UInt8.self)) - base + 1
            segmentColumn = 1
            line += 1
        }
        var column = segmentColumn
        if segmentStart < stop {
            if isNonASCII(line: line) {
                for i in segmentStart..<stop where bytes[i] & 0xC0 != 0x80 { column += 1 }
            } else {
                column += stop - segmentStart
            }
        }
        cursor = LineCursor(offset: max(stop, cursor.offset), line: line, column: column)
        return SourcePosition(line: line, column: column)
    }
}

extension LineIndex {
    /// The last line checkpoint or long-line mark at or before `offset`.
    fileprivate func nearestStart(before offset: Int) -> LineCursor {
        var low = 0
        var high = checkpoints.count
        while high - low > 1 {
            let middle = (low + high) / 2
            if Int(checkpoints[middle]) <= offset { low = middle } else { high = middle }
        }
        var start = LineCursor(offset: Int(checkpoints[low]), line: low * Self.stride + 1, column: 1)
        if let first = marks.first, Int(first.offset) <= offset {
            var low = 0
            var high = marks.count
            while high - low > 1 {
                let middle = (low + high) / 2
                if Int(marks[middle].offset) <= offset { low = middle } else { high = middle }
            }
            let mark = marks[low]
            if Int(mark.offset) > start.offset {
                start = LineCursor(offset: Int(mark.offset), line: Int(mark.line), column: Int(mark.column))
            }
        }
        return start
    }
}

/// A point along a long line, and its line and column.
struct LineMark: Sendable {
    var offset: UInt32
    var line: UInt32
    var column: UInt32
}

/// Where the last position lookup ended: the next one in document order starts from here.
struct LineCursor {
    var offset = 0
    var line = 0
    var column = 1
    var isSet: Bool { line > 0 }
}
