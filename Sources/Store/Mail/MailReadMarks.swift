import Core
import DisplayText
import Foundation
import TOML

/// Which messages each reader has read: `.beads/mail/.read/<reader-file>.toml`, holding
///
///     reader = "Alice Smith"
///     read = ["20260122-101500-phase-2", "000_b84679ce3ac41f41"]
///
/// `<reader-file>` is the reader's name slugged to `a-z 0-9 -`, plus `-` and 8 hex digits of a hash of the
/// exact name when the slug differs from it (so "Alice" and "alice" keep separate marks). Updates take
/// `.beads/mail/.read/.lock` and replace the file atomically; a file that does not parse is reported, never
/// overwritten.
public struct MailReadMarks: Sendable {
    public let layout: StoreLayout

    public init(layout: StoreLayout) {
        self.layout = layout
    }

    public var directory: String { layout.mail + "/.read" }
    var lockPath: String { directory + "/.lock" }

    public func path(for reader: String) -> String { "\(directory)/\(Self.fileName(for: reader)).toml" }

    /// The ids `reader` has read (empty when the reader never read anything).
    public func readIDs(reader: String) throws(StoreError) -> Set<String> {
        try Self.validate(reader: reader)
        return Set(try load(path(for: reader)).ids)
    }

    static let header = "# Messages this reader has read (written by `gastown mail read`).\n"

    /// Adds `ids` to the reader's marks: a new file lists them sorted; an existing one gets the new ones
    /// appended (sorted) to its `read` array, everything else in it kept as it is.
    public func markRead(_ ids: [String], reader: String) throws(StoreError) {
        try Self.validate(reader: reader)
        try StoreInitializer.makeDirectories(directory)
        let file = path(for: reader)
        try FileLock.withLock(lockPath) { () throws(StoreError) in
            let (read, previous) = try load(file)
            let added = Set(ids).subtracting(read).sorted()
            guard !added.isEmpty else { return }
            var table = previous?.values ?? TOMLTable()
            table["reader"] = .string(reader)
            table["read"] = .array(TOMLArray((read + added).map { .string($0) }))
            try TOMLFileWriter.write(table, header: Self.header, to: file, replacing: previous)
        }
    }

    /// The ids in a marks file, in file order, and the file as read (nil when there is none).
    private func load(_ file: String) throws(StoreError) -> (ids: [String], previous: TOMLFileWriter.Previous?) {
        guard let bytes = try AtomicFile.read(file) else { return ([], nil) }
        let relative = layout.relative(file)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw StoreError(.io, "\(relative): not valid UTF-8; fix or remove the file (it is never overwritten)")
        }
        let table: TOMLTable
        do {
            table = try MailTOML.parse(text, file: relative)
        } catch {
            throw StoreError(.io, "\(error.description)\n(fix or remove the file: it is never overwritten)")
        }
        let previous = TOMLFileWriter.Previous(bytes: bytes, values: table)
        guard let array = table["read"]?.arrayValue else {
            if table["read"] == nil { return ([], previous) }
            throw StoreError(.io, "\(relative): \"read\" must be an array of message ids")
        }
        let ids = array.values.compactMap(\.stringValue)
        // A rewrite would drop what is not a string: refused instead.
        guard ids.count == array.values.count else {
            throw StoreError(.io, "\(relative): \"read\" must be an array of message ids (strings); fix the file")
        }
        return (ids, previous)
    }

    static func validate(reader: String) throws(StoreError) {
        let trimmed = reader.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty {
            throw StoreError(.invalidInput, "invalid reader: it is empty (pass --reader NAME or set GASTOWN_REVIEWER)")
        }
        if reader.unicodeScalars.count > 128 {
            throw StoreError(.invalidInput, "invalid reader: it is longer than 128 characters")
        }
        if reader.unicodeScalars.contains(where: {
            $0.value < 0x20 || $0.value == 0x7F || (0x80...0x9F).contains($0.value)
        }) {
            throw StoreError(
                .invalidInput,
                "invalid reader \"\(TerminalText.sanitizeLine(reader))\": it contains a control character")
        }
    }

    /// `alice`, or `alice-smith-1a2b3c4d` for "Alice Smith".
    public static func fileName(for reader: String) -> String {
        let slug = MailID.slug(reader, maximumLength: 48)
        if slug == reader, !slug.isEmpty { return slug }
        var hash: UInt32 = 2_166_136_261  // FNV-1a: stable across runs and platforms.
        for byte in reader.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        let hex = String(hash, radix: 16)
        let suffix = String(repeating: "0", count: 8 - hex.count) + hex
        return slug.isEmpty ? "reader-\(suffix)" : "\(slug)-\(suffix)"
    }
}
