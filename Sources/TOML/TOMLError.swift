/// Why a document could not be decoded, and exactly where.
public struct TOMLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file name given to the parser, if any (used only for the message).
    public var file: String?
    public var position: SourcePosition
    /// What was expected and what was found, e.g. `expected "=" after a key, found "\n"`.
    public var message: String
    /// The offending source line, already sanitized for a terminal.
    public var sourceLine: String

    public init(file: String?, position: SourcePosition, message: String, sourceLine: String) {
        self.file = file
        self.position = position
        self.message = message
        self.sourceLine = sourceLine
    }

    /// `file:12:5: message`, then the line, then a caret under the column.
    public var description: String {
        let location = (file.map { "\($0):" } ?? "") + "\(position.line):\(position.column)"
        var text = "\(location): \(message)"
        if position.isKnown {
            text += "\n  \(sourceLine)\n  " + String(repeating: " ", count: max(0, position.column - 1)) + "^"
        }
        return text
    }
}
