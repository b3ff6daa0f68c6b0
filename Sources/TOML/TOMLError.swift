/// Why a document could not be decoded, and exactly where.
public struct TOMLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file name given to the parser, if any (used only for the message).
    public var file: String?
    public var position: SourcePosition
    /// What was expected and what was found, e.g. `expected "=" after key "name", found end of line`.
    public var message: String
    /// The offending source line, already sanitized for a terminal (control characters are shown
    /// as their Unicode control pictures, so every source scalar still takes one column). Very long
    /// lines are cut to a window around the error, marked with `…`.
    public var sourceLine: String
    /// The 1-based column of the error within `sourceLine` (differs from `position.column` only
    /// when a long line was cut).
    public var caretColumn: Int

    public init(file: String?, position: SourcePosition, message: String, sourceLine: String) {
        self.init(
            file: file, position: position, message: message, sourceLine: sourceLine,
            caretColumn: position.column)
    }

    public init(file: String?, position: SourcePosition, message: String, sourceLine: String, caretColumn: Int) {
        self.file = file
        self.position = position
        self.message = message
        self.sourceLine = sourceLine
        self.caretColumn = caretColumn
    }

    /// `file:12:5: message`, then the line, then a caret under the column.
    public var description: String {
        let location = (file.map { "\($0):" } ?? "") + "\(position.line):\(position.column)"
        var text = "\(location): \(message)"
        if position.isKnown {
            text += "\n  \(sourceLine)\n  " + String(repeating: " ", count: max(0, caretColumn - 1)) + "^"
        }
        return text
    }
}
