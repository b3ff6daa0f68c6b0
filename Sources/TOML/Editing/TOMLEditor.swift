/// A parsed document that can be changed and written back with everything around the changes
/// kept: comments, blank lines, key order, quoting, number formats, inline-table or table
/// style, indentation and line ends.
///
/// ```swift
/// var editor = try TOMLEditor(text, file: "molecule.toml")
/// try editor.set("bob", at: ["assignee"])
/// try editor.remove(at: ["steps", "build", "started"])
/// try editor.update(to: newValues)          // every difference, each as a minimal edit
/// let text = editor.text
/// ```
///
/// Each edit becomes a splice of the source at the byte offsets the compact document keeps: a
/// changed value replaces exactly its own text (its key, spacing and trailing comment stay); a
/// new key goes on a new line after the last key of its table, in that line's style; a new
/// table goes after its parent's last sub-table (or at the end); a removed key takes its line
/// and the comment lines directly above it. Edits are collected and applied in one pass, so
/// their cost grows with the edit, not with the document. When an edit depends on another not
/// yet applied (the same key, a key of a table being removed), the pending ones are applied and
/// the text is parsed again first; every such parse also checks the text (an edit that would
/// break the document is an error, never written).
public struct TOMLEditor: Sendable {
    /// The text as of the last parse (pending splices not yet applied).
    private(set) var source: [UInt8]
    private(set) var document: TOMLDocument
    private let file: String?
    private var pending: [Splice] = []
    private var pendingEdits: [PendingEdit] = []

    /// Parses `text`; throws its syntax error.
    public init(_ text: String, file: String? = nil) throws(TOMLError) {
        try self.init(bytes: Array(text.utf8), file: file)
    }

    /// Parses UTF-8 `bytes`; throws their syntax error.
    public init(bytes: [UInt8], file: String? = nil) throws(TOMLError) {
        source = bytes
        self.file = file
        document = try TOMLParser.document(bytes: bytes, file: file)
    }

    /// The document with every edit so far applied, as UTF-8.
    public var bytes: [UInt8] { pending.isEmpty ? source : Splice.apply(pending, to: source) }

    /// The document with every edit so far applied.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The values of the edited document (applies pending edits and parses the result).
    public mutating func values() throws(TOMLEditError) -> TOMLTable {
        try commit()
        return TOMLTable(document: document, node: 0)
    }

    /// Applies the pending edits and parses the result, so `bytes` is known to be valid TOML.
    /// On failure (a defect: edits are built to keep the document valid) nothing changes.
    public mutating func commit() throws(TOMLEditError) {
        guard !pending.isEmpty else { return }
        let edited = Splice.apply(pending, to: source)
        do {
            document = try TOMLParser.document(bytes: edited, file: file)
        } catch {
            throw .invalidResult(error)
        }
        source = edited
        pending = []
        pendingEdits = []
    }

    // MARK: - Planning

    /// The layout of the text as last parsed, which every edit is planned against.
    var layout: SourceLayout { SourceLayout(bytes: source, document: document) }

    /// Plans an edit of `path` against the current parse and queues its splices; if it touches
    /// what a pending edit touches, the pending ones are applied first and it is planned again.
    mutating func perform(
        _ path: TOMLPath,
        _ plan: (SourceLayout) throws(TOMLEditError) -> EditPlan
    ) throws(TOMLEditError) {
        var planned = try plan(layout)
        if conflicts(path, planned) {
            try commit()
            planned = try plan(layout)
        }
        for splice in planned.splices { pending.append(splice) }
        pendingEdits.append(PendingEdit(path: path, exclusive: planned.exclusive))
    }

    /// Applies the pending edits first when one of them touches `path` (so what is read there
    /// is current).
    mutating func settle(_ path: TOMLPath) throws(TOMLEditError) {
        if pendingEdits.contains(where: { $0.touches(path, exclusive: false) }) { try commit() }
    }

    /// An edit conflicts with a pending one when one path contains the other, when either
    /// changes the structure around it (removals, new headers) and they share a parent, or when
    /// their splices overlap.
    private func conflicts(_ path: TOMLPath, _ plan: EditPlan) -> Bool {
        if pendingEdits.contains(where: { $0.touches(path, exclusive: plan.exclusive) }) { return true }
        return plan.splices.contains { splice in pending.contains { $0.overlaps(splice) } }
    }
}

/// The splices one edit makes, and whether it changes structure (see `TOMLEditor.conflicts`).
struct EditPlan {
    var splices: [Splice] = []
    var exclusive = false
}

struct PendingEdit: Sendable {
    var path: TOMLPath
    var exclusive: Bool

    /// Whether an edit (or a read) of `other` depends on this edit having been applied.
    func touches(_ other: TOMLPath, exclusive otherIsExclusive: Bool) -> Bool {
        if other.isWithin(path) || path.isWithin(other) { return true }
        guard exclusive || otherIsExclusive else { return false }
        return other.isWithin(Array(path.dropLast())) || path.isWithin(Array(other.dropLast()))
    }
}

/// Replaces `range` of the source with `text`.
struct Splice: Sendable {
    var range: Range<Int>
    var text: [UInt8]
    /// Among insertions at one offset, lower ranks come first: new key lines (0) before new
    /// sections, and deeper sections before shallower ones, so a key or sub-table added to the
    /// last section lands inside it, above a section (or `[[element]]`) added after it.
    var rank = 0

    static func insert(_ text: [UInt8], at offset: Int, rank: Int = 0) -> Splice {
        Splice(range: offset..<offset, text: text, rank: rank)
    }

    /// The rank of a new section whose header names `depth` keys.
    static func sectionRank(depth: Int) -> Int { 1 + max(0, TOMLParser.maximumNestingDepth - depth) }

    static func remove(_ range: Range<Int>) -> Splice { Splice(range: range, text: []) }

    func overlaps(_ other: Splice) -> Bool {
        if range.isEmpty || other.range.isEmpty {
            let point = range.isEmpty ? range.lowerBound : other.range.lowerBound
            let span = range.isEmpty ? other.range : range
            return span.lowerBound < point && point < span.upperBound
        }
        return range.overlaps(other.range)
    }

    /// `source` with `splices` applied (they must not overlap; insertions at one offset keep
    /// their rank, then their order).
    static func apply(_ splices: [Splice], to source: [UInt8]) -> [UInt8] {
        let ordered = splices.enumerated().sorted { a, b in
            let (x, y) = (a.element, b.element)
            if x.range.lowerBound != y.range.lowerBound { return x.range.lowerBound < y.range.lowerBound }
            // At one offset: insertions before a replacement that starts there.
            if x.range.isEmpty != y.range.isEmpty { return x.range.isEmpty }
            if x.rank != y.rank { return x.rank < y.rank }
            return a.offset < b.offset
        }
        var output: [UInt8] = []
        output.reserveCapacity(source.count + splices.reduce(0) { $0 + $1.text.count })
        var cursor = 0
        source.withUnsafeBufferPointer { source in
            // Rebased buffers, so each unchanged run is one block copy.
            for (_, splice) in ordered {
                let start = max(splice.range.lowerBound, cursor)
                if start > cursor { output.append(contentsOf: UnsafeBufferPointer(rebasing: source[cursor..<start])) }
                output.append(contentsOf: splice.text)
                cursor = max(cursor, splice.range.upperBound)
            }
            if cursor < source.count { output.append(contentsOf: UnsafeBufferPointer(rebasing: source[cursor...])) }
        }
        return output
    }
}
