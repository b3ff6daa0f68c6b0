import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The decisions of a scope, newest first, with an index for the filter. The searchable text of the decisions is
/// held in segments (`SearchText`, one per convoy): a write rebuilds only its convoy's, and the History of every
/// decision is its convoys' segments in the order the merge of their decisions gives (`order`). 300,000 decisions
/// are some 20 MB of text, scanned in milliseconds; a filter typed a character at a time narrows the previous
/// result. A filter's result is the positions of the matching entries, never copies of them: a key renders only the
/// visible rows.
final class HistoryIndex: @unchecked Sendable {
    let count: Int
    private let segments: [SearchText]
    /// The flat number of each segment's first entry (the segments' entries numbered one after another).
    private let bases: [Int]
    /// The flat number of the entry at each position; nil when the positions are the flat numbers.
    private let order: [UInt32]?
    private let lock = NSLock()
    /// The filters asked for lately, newest last, with the positions they matched: a key asks for the rows
    /// several times, and a filter erased and typed again is not scanned again.
    private var recent: [(needle: [UInt8], matches: [Int])] = []
    private static let recentLimit = 8

    convenience init(_ entries: [HistoryEntry]) {
        self.init(segments: [SearchText(count: entries.count) { entries[$0] }])
    }

    /// The segments' entries in the order given (flat numbers), or one segment after another without one.
    init(segments: [SearchText], order: [UInt32]? = nil) {
        self.segments = segments
        var bases: [Int] = []
        bases.reserveCapacity(segments.count)
        var total = 0
        for segment in segments {
            bases.append(total)
            total += segment.count
        }
        self.bases = bases
        self.order = order
        count = order?.count ?? total
    }

    /// The entry at a position, made when asked for.
    func entry(_ position: Int) -> HistoryEntry {
        let (segment, local) = locate(flat(position))
        return segments[segment].entry(local)
    }

    func filtered(_ needle: String) -> HistoryRows {
        guard !needle.isEmpty else { return HistoryRows(index: self, matches: nil) }
        let folded = Array(needle.lowercased().utf8)
        lock.lock()
        defer { lock.unlock() }
        if let known = recent.firstIndex(where: { $0.needle == folded }) {
            let hit = recent.remove(at: known)
            recent.append(hit)
            return HistoryRows(index: self, matches: hit.matches)
        }
        let matches: [Int]
        // The longest earlier filter this one extends: its matches are the only candidates.
        if let narrower = recent.filter({ folded.starts(with: $0.needle) }).max(by: {
            $0.needle.count < $1.needle.count
        }) {
            matches = narrowed(narrower.matches, to: folded)
        } else {
            matches = scan(folded)
        }
        recent.append((folded, matches))
        if recent.count > Self.recentLimit { recent.removeFirst() }
        return HistoryRows(index: self, matches: matches)
    }

    /// Every position whose entry's text holds `needle`, in order: each segment scanned once; with an `order`, the
    /// matches marked by flat number and read back in the order's.
    private func scan(_ needle: [UInt8]) -> [Int] {
        guard let order else {
            var matches: [Int] = []
            for (segment, base) in zip(segments, bases) { segment.scan(needle) { matches.append(base + $0) } }
            return matches
        }
        var marked = [UInt64](repeating: 0, count: (order.count + 63) / 64)
        var any = false
        for (segment, base) in zip(segments, bases) {
            segment.scan(needle) { local in
                let flat = base + local
                marked[flat >> 6] |= 1 << UInt64(flat & 63)
                any = true
            }
        }
        guard any else { return [] }
        var matches: [Int] = []
        for position in order.indices {
            let flat = Int(order[position])
            if marked[flat >> 6] & (1 << UInt64(flat & 63)) != 0 { matches.append(position) }
        }
        return matches
    }

    /// The matches of a shorter filter whose entries' text also holds `needle`. Each entry is read in its segment by
    /// walking the segments forward in flat order (no search per match): with an `order`, the candidates are marked
    /// by flat number first and read back in the order's.
    private func narrowed(_ candidates: [Int], to needle: [UInt8]) -> [Int] {
        guard let order else { return candidates.filter(inFlatOrder(needle)) }
        var marked = [UInt64](repeating: 0, count: (order.count + 63) / 64)
        for position in candidates {
            let flat = Int(order[position])
            marked[flat >> 6] |= 1 << UInt64(flat & 63)
        }
        let holds = inFlatOrder(needle)
        for word in marked.indices where marked[word] != 0 {
            var bits = marked[word]
            while bits != 0 {
                let bit = bits.trailingZeroBitCount
                bits &= bits - 1
                if !holds(word << 6 | bit) { marked[word] &= ~(1 << UInt64(bit)) }
            }
        }
        return candidates.filter { position in
            let flat = Int(order[position])
            return marked[flat >> 6] & (1 << UInt64(flat & 63)) != 0
        }
    }

    /// Whether an entry's text holds `needle`, asked of flat numbers in increasing order.
    private func inFlatOrder(_ needle: [UInt8]) -> (Int) -> Bool {
        var segment = 0
        return { [bases, segments] flat in
            while segment + 1 < bases.count, bases[segment + 1] <= flat { segment += 1 }
            return segments[segment].contains(needle, entry: flat - bases[segment])
        }
    }

    private func flat(_ position: Int) -> Int { order.map { Int($0[position]) } ?? position }

    /// The segment holding a flat number, and the entry's place in it (binary search of the bases).
    private func locate(_ flat: Int) -> (segment: Int, local: Int) {
        var low = 0
        var high = bases.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if bases[middle] <= flat { low = middle } else { high = middle - 1 }
        }
        return (low, flat - bases[low])
    }
}

/// The searchable text of a run of decisions: every decision's fields, lowercased once, in one buffer (a zero byte
/// after each), searched with `memchr` and `memcmp`.
struct SearchText: Sendable {
    let count: Int
    /// The entry at a place, made when asked for (`DecisionTrails`).
    let entry: @Sendable (Int) -> HistoryEntry
    private let text: [UInt8]
    /// Where each entry's text starts in `text`.
    private let starts: [UInt32]

    init(count: Int, entry: @escaping @Sendable (Int) -> HistoryEntry) {
        self.count = count
        self.entry = entry
        var text: [UInt8] = []
        var starts: [UInt32] = []
        starts.reserveCapacity(count)
        text.reserveCapacity(count * 96)
        for position in 0..<count {
            starts.append(UInt32(text.count))
            let entry = entry(position)
            let decision = entry.decision
            let fields = [
                decision.reviewer, decision.checkpointID, decision.stepID, entry.moleculeID, entry.convoyID,
                decision.reason ?? "", decision.returnedTo ?? "", decision.mark.label,
                decision.approved ? "approved" : "rejected",
            ]
            for (number, field) in fields.enumerated() {
                if number > 0 { text.append(0x1F) }
                Self.appendFolded(field, to: &text)
            }
            text.append(0)
        }
        // Kept exactly as long as it is (it stays in the cache): growing it may have doubled its capacity.
        self.text = [UInt8](unsafeUninitializedCapacity: text.count) { buffer, initialized in
            initialized = buffer.initialize(fromContentsOf: text)
        }
        self.starts = starts
    }

    /// The field lowercased as the filter is: byte by byte when it is ASCII (most ids and names), else through
    /// `lowercased()`.
    private static func appendFolded(_ field: String, to text: inout [UInt8]) {
        if field.utf8.allSatisfy({ $0 < 0x80 }) {
            text.append(contentsOf: field.utf8.lazy.map { $0 &- 0x41 < 26 ? $0 | 0x20 : $0 })
        } else {
            text.append(contentsOf: field.lowercased().utf8)
        }
    }

    /// Each entry whose text holds `needle`, in order: one pass of `memmem` over the whole buffer.
    func scan(_ needle: [UInt8], _ found: (Int) -> Void) {
        text.withUnsafeBytes { haystack in
            needle.withUnsafeBytes { pattern in
                guard let base = haystack.baseAddress, let bytes = pattern.baseAddress else { return }
                var offset = 0
                while offset < haystack.count,
                    let position = Self.find(bytes, pattern.count, in: base, from: offset, to: haystack.count)
                {
                    let entry = entryIndex(at: position)
                    found(entry)
                    // On to the next entry: one match is enough.
                    offset = entry + 1 < starts.count ? Int(starts[entry + 1]) : haystack.count
                }
            }
        }
    }

    func contains(_ needle: [UInt8], entry: Int) -> Bool {
        let end = entry + 1 < starts.count ? Int(starts[entry + 1]) : text.count
        return text.withUnsafeBytes { haystack in
            needle.withUnsafeBytes { pattern in
                Self.find(
                    pattern.baseAddress!, pattern.count, in: haystack.baseAddress!, from: Int(starts[entry]), to: end)
                    != nil
            }
        }
    }

    /// The first position of the pattern in `base[from..<to]`: `memchr` finds each candidate first byte, `memcmp`
    /// checks the rest.
    static func find(_ pattern: UnsafeRawPointer, _ length: Int, in base: UnsafeRawPointer, from: Int, to: Int)
        -> Int?
    {
        let first = Int32(pattern.load(as: UInt8.self))
        var offset = from
        while to - offset >= length, let hit = memchr(base + offset, first, to - offset - length + 1) {
            let position = base.distance(to: UnsafeRawPointer(hit))
            if memcmp(base + position, pattern, length) == 0 { return position }
            offset = position + 1
        }
        return nil
    }

    /// The entry whose text holds the byte at `position` (binary search of the starts).
    private func entryIndex(at position: Int) -> Int {
        var low = 0
        var high = starts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if Int(starts[middle]) <= position { low = middle } else { high = middle - 1 }
        }
        return low
    }
}

/// The rows of the History view: every entry of a scope, or those a filter matched, read in place.
public struct HistoryRows: RandomAccessCollection, Sendable {
    let index: HistoryIndex
    /// The positions in the index a filter matched; nil without a filter.
    let matches: [Int]?

    public var startIndex: Int { 0 }
    public var endIndex: Int { matches?.count ?? index.count }
    public subscript(position: Int) -> HistoryEntry { index.entry(matches?[position] ?? position) }
}
