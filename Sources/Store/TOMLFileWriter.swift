import TOML

/// How gastown writes the store's TOML files (docs/store.md, "How gastown writes files").
///
/// A file gastown creates is written in one canonical style: its header comment, then the
/// serializer's text of gastown's model of it (docs/toml.md, "Canonical style"). A file it rewrites
/// is edited in place: only the values that changed between gastown's model of the file as read
/// and the new model are edited, each where it stands, so comments, keys gastown does not know,
/// key order, spacing and line ends that people or agents wrote stay as they were.
enum TOMLFileWriter {
    /// A file as read for a rewrite: its bytes, and gastown's model of them.
    struct Previous {
        var bytes: [UInt8]
        var values: TOMLTable
    }

    /// The canonical text of a new file: `header` (comment lines, each ending in a newline), then
    /// the table.
    static func canonicalText(header: String, _ table: TOMLTable) -> String {
        header + TOMLSerializer.serialize(table)
    }

    /// The bytes to write for `new`: the canonical text when there is no previous file; else the
    /// previous bytes with the changes from `previous.values` to `new` made in place. Should the
    /// edited text not read back with every change made (a defect, never expected), the canonical
    /// text is written instead: the file may lose its comments, never its values.
    static func bytes(for new: TOMLTable, header: String, replacing previous: Previous?) -> [UInt8] {
        if let previous {
            do {
                var editor = try TOMLEditor(bytes: previous.bytes)
                try editor.apply(changesFrom: previous.values, to: new)
                if try holdsChanges(editor.values(), from: previous.values, to: new) { return editor.bytes }
            } catch {
                // Falls through to the canonical text.
            }
        }
        return Array(canonicalText(header: header, new).utf8)
    }

    /// Writes `new` to `path` atomically (see `bytes(for:header:replacing:)`).
    static func write(_ new: TOMLTable, header: String, to path: String, replacing previous: Previous?)
        throws(StoreError)
    {
        try AtomicFile.write(bytes(for: new, header: header, replacing: previous), to: path)
    }

    /// The previous file at `path` for a rewrite, when it exists and `model` reads it (a file that
    /// does not parse is replaced by the canonical text).
    static func previous(at path: String, model: ([UInt8]) -> TOMLTable?) throws(StoreError) -> Previous? {
        guard let bytes = try AtomicFile.read(path), let values = model(bytes) else { return nil }
        return Previous(bytes: bytes, values: values)
    }

    /// Whether `result` holds every change from `old` to `new`: changed and added keys with their
    /// new values, dropped keys gone. Keys that did not change are not compared (the file may
    /// write them differently from the model, say a time in another offset).
    static func holdsChanges(_ result: TOMLTable, from old: TOMLTable, to new: TOMLTable) -> Bool {
        for entry in old where new[entry.key] == nil {
            if result[entry.key] != nil { return false }
        }
        for entry in new.entries {
            let before = old[entry.key]
            guard before != entry.value else { continue }
            if case .table(let oldTable) = before, case .table(let newTable) = entry.value,
                case .table(let written) = result[entry.key]
            {
                if !holdsChanges(written, from: oldTable, to: newTable) { return false }
            } else if result[entry.key] != entry.value {
                return false
            }
        }
        return true
    }
}
