import TOML

/// `gastown merge-driver BASE OURS THEIRS PATH`: git's three versions of a `.beads/` file merged by the
/// file's rules, the result written over OURS through the format-preserving editor (so OURS' comments
/// and layout stay), and only when it parses.
public enum MergeDriver {
    public enum Result: Sendable, Equatable {
        /// The bytes to write over OURS.
        case merged([UInt8])
        /// Left to git's conflict: why, for the user. OURS is not touched.
        case conflict(String)
        /// A side does not parse (file:line:column and what was expected). OURS is not touched.
        case unparseable(String)
    }

    /// Merges `ours` and `theirs` (git's `%A` and `%B`) from `base` (`%O`, empty when the file is new on
    /// both sides) for the file at `path` (`%P`).
    public static func merge(base: [UInt8], ours: [UInt8], theirs: [UInt8], path: String) -> Result {
        let kind = MergeFileKind.classify(path)
        if ours == theirs { return .merged(ours) }
        if let reason = StoreFileMerge.refusal(kind) { return .conflict("\(path): \(reason)") }
        let oursEditor: TOMLEditor
        let oursValues: TOMLTable
        let baseValues: TOMLTable?
        let theirsValues: TOMLTable
        do {
            oursEditor = try TOMLEditor(bytes: ours, file: "\(path) (ours)")
            oursValues = try TOMLParser.parse(bytes: ours, file: "\(path) (ours)")
            theirsValues = try TOMLParser.parse(bytes: theirs, file: "\(path) (theirs)")
            baseValues = base.isEmpty ? nil : try? TOMLParser.parse(bytes: base, file: "\(path) (base)")
        } catch {
            return .unparseable("\(error)")
        }
        switch StoreFileMerge.merge(kind, base: baseValues, ours: oursValues, theirs: theirsValues) {
        case .conflict(let reason):
            return .conflict("\(path): \(reason)")
        case .merged(let merged):
            return .merged(write(merged, over: oursEditor, values: oursValues))
        }
    }

    /// The merged values applied to OURS' document as edits; should that not read back as `merged` (a
    /// defect, never expected), the canonical text of `merged`: never a file that does not parse.
    static func write(_ merged: TOMLTable, over document: TOMLEditor, values: TOMLTable) -> [UInt8] {
        var editor = document
        do {
            try editor.apply(changesFrom: values, to: merged)
            if try editor.values() == merged { return editor.bytes }
        } catch {
            // Falls through to the canonical text.
        }
        return TOMLSerializer.serializeToBytes(merged)
    }
}
