/// Decodes TOML 1.1.0 documents (https://toml.io/en/v1.1.0) into a `TOMLTable`.
///
/// Every key and value keeps its source position; every error names the line and column,
/// quotes the line, and says what was expected and what was found.
public enum TOMLParser {
    /// The deepest nesting accepted, counting every array and table (inline, `[header]` or dotted
    /// key) between the root and a value. Deeper input is an error, never a crash.
    public static let maximumNestingDepth = 128

    /// Parses a whole document. `file` only decorates error messages. The result keeps `text`
    /// (keys and strings without escapes are read from it).
    public static func parse(_ text: String, file: String? = nil) throws(TOMLError) -> TOMLTable {
        var text = text
        text.makeContiguousUTF8()
        let source = DocumentSource.text(text)
        let result: Result<TOMLTable, TOMLError> = text.withUTF8 { buffer in
            Result { () throws(TOMLError) in try parse(buffer: buffer, source: source, file: file) }
        }
        return try result.get()
    }

    /// Parses raw bytes, which must be valid UTF-8 (invalid sequences are reported as errors).
    /// The result keeps `bytes` (shared, not copied).
    public static func parse(bytes: [UInt8], file: String? = nil) throws(TOMLError) -> TOMLTable {
        let result: Result<TOMLTable, TOMLError> = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(TOMLError) in try parse(buffer: buffer, source: .bytes(bytes), file: file) }
        }
        return try result.get()
    }

    /// Parses bytes the caller owns; the result keeps a copy of them.
    public static func parse(buffer: UnsafeBufferPointer<UInt8>, file: String? = nil) throws(TOMLError) -> TOMLTable {
        try parse(bytes: Array(buffer), file: file)
    }

    /// The compact document of `bytes` (for the editor, which works on its offsets).
    static func document(bytes: [UInt8], file: String?) throws(TOMLError) -> TOMLDocument {
        let result: Result<TOMLDocument, TOMLError> = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(TOMLError) in
                guard let base = buffer.baseAddress, buffer.count > 0 else {
                    var root = DocumentNode()
                    root.flags.origin = .header
                    return TOMLDocument(
                        source: .bytes(bytes), nodes: [root], elements: [], arena: [], dateTimes: [],
                        lines: LineIndex(firstLineStart: 0), sideKeys: [:], memberIndexes: [:])
                }
                var parser = DocumentParser(base: base, count: buffer.count, file: file)
                return try parser.parseDocument(source: .bytes(bytes))
            }
        }
        return try result.get()
    }

    private static func parse(
        buffer: UnsafeBufferPointer<UInt8>, source: DocumentSource,
        file: String?
    ) throws(TOMLError) -> TOMLTable {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return TOMLTable() }
        var parser = DocumentParser(base: base, count: buffer.count, file: file)
        let document = try parser.parseDocument(source: source)
        return TOMLTable(document: document, node: 0)
    }
}
