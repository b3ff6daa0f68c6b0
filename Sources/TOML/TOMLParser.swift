/// Decodes TOML 1.1 documents. (Placeholder: the real decoder lands with issue 2.)
public enum TOMLParser {
    /// The deepest nesting of arrays and inline tables accepted; deeper input is an error, not a crash.
    public static let maximumNestingDepth = 128

    /// Parses a whole document. `file` only decorates error messages.
    public static func parse(_ text: String, file: String? = nil) throws(TOMLError) -> TOMLTable {
        try parse(bytes: Array(text.utf8), file: file)
    }

    /// Parses raw bytes, which must be valid UTF-8.
    public static func parse(bytes: [UInt8], file: String? = nil) throws(TOMLError) -> TOMLTable {
        throw TOMLError(file: file, position: SourcePosition(line: 1, column: 1),
                        message: "the TOML decoder is not implemented yet", sourceLine: "")
    }
}
