/// Decodes `Decodable` types from TOML.
///
/// Mapping: tables are keyed containers, arrays unkeyed ones; strings, booleans, integers
/// (range-checked for the target type) and floats (an integer is accepted for a float) map
/// to the Swift types of the same kind; `LocalDate`, `LocalTime`, `LocalDateTime` and
/// `OffsetDateTime` map to the TOML date kinds, and Foundation's `Date` to an offset
/// date-time. TOML has no null: an optional is nil exactly when its key is absent.
///
/// Every failure is a `TOMLDecodingError` naming the key path, the source position, what was
/// expected and what was found.
public struct TOMLDecoder: Sendable {
    /// Passed to `Decoder.userInfo` of every decoder in the tree.
    public var userInfo: [CodingUserInfoKey: any Sendable] = [:]

    public init() {}

    /// Decodes from an already parsed table; positions come from the table's entries.
    public func decode<T: Decodable>(_ type: T.Type = T.self, from table: TOMLTable, file: String? = nil)
        throws(TOMLDecodingError) -> T
    {
        try decode(type, from: table, file: file, source: nil)
    }

    /// Parses and decodes a document. Syntax errors are thrown as `TOMLDecodingError` too,
    /// carrying the parser's message, position and source line.
    public func decode<T: Decodable>(_ type: T.Type = T.self, from text: String, file: String? = nil)
        throws(TOMLDecodingError) -> T
    {
        let table: TOMLTable
        do {
            table = try TOMLParser.parse(text, file: file)
        } catch {
            throw TOMLDecodingError(
                file: error.file ?? file, position: error.position, keyPath: "",
                message: error.message, sourceLine: error.sourceLine)
        }
        return try decode(type, from: table, file: file, source: text)
    }

    private func decode<T: Decodable>(_ type: T.Type, from table: TOMLTable, file: String?, source: String?)
        throws(TOMLDecodingError) -> T
    {
        let root = TOMLValue.table(table)
        do {
            return try TOMLValueDecoder(value: root, codingPath: [], userInfo: userInfo).unbox(
                root, as: T.self, codingPath: [])
        } catch let error as DecodingError {
            throw TOMLDecodingError(error, in: table, file: file, source: source)
        } catch let error as TOMLDecodingError {
            throw error
        } catch {
            throw TOMLDecodingError(file: file, position: .unknown, keyPath: "", message: "\(error)", sourceLine: nil)
        }
    }
}

/// A value did not fit the type being decoded: where, and why.
public struct TOMLDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String?
    /// The offending value's position; for a missing key, the table that lacks it.
    public var position: SourcePosition
    /// Like `molecule[2].state.phase`; empty for the document itself.
    public var keyPath: String
    /// What was expected and what was found.
    public var message: String
    /// The source line, sanitized for a terminal (and cut to a window around the column when
    /// long), when the text was available.
    public var sourceLine: String?
    /// The 1-based column of the caret within `sourceLine`.
    public var caretColumn: Int

    public init(file: String?, position: SourcePosition, keyPath: String, message: String, sourceLine: String?) {
        self.file = file
        self.position = position
        self.keyPath = keyPath
        self.message = message
        self.sourceLine = sourceLine
        caretColumn = position.column
    }

    /// `file:12:5: molecule[2].state.phase: expected a string, found integer 3`, then the line and a caret.
    public var description: String {
        var location = file ?? ""
        if position.isKnown { location += (location.isEmpty ? "" : ":") + position.description }
        var parts = [String]()
        if !location.isEmpty { parts.append(location) }
        if !keyPath.isEmpty { parts.append(keyPath) }
        parts.append(message)
        var text = parts.joined(separator: ": ")
        if position.isKnown, let sourceLine {
            text += "\n  \(sourceLine)\n  " + String(repeating: " ", count: max(0, caretColumn - 1)) + "^"
        }
        return text
    }

    init(_ error: DecodingError, in root: TOMLTable, file: String?, source: String?) {
        let path: [any CodingKey]
        let message: String
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            path = context.codingPath
            message = context.debugDescription
        case .keyNotFound(let key, let context):
            path = context.codingPath + [key]
            message = context.debugDescription
        @unknown default:
            path = []
            message = "\(error)"
        }
        let position = CodingPathLocator.position(of: path, in: root)
        let quoted = source.flatMap { CodingPathLocator.quote(position, in: $0) }
        self.init(
            file: file, position: position, keyPath: CodingPathLocator.render(path), message: message,
            sourceLine: quoted?.line)
        caretColumn = quoted?.caretColumn ?? position.column
    }
}

/// Maps a coding path back onto the parsed tree to find source positions.
enum CodingPathLocator {
    /// The position of the value at `path`; when the path leaves the tree (a missing key),
    /// the position of the deepest table or array that exists.
    static func position(of path: [any CodingKey], in root: TOMLTable) -> SourcePosition {
        var current = TOMLValue.table(root)
        var position = root.position
        for key in path {
            switch current {
            case .table(let table):
                guard let entry = table.entry(key.stringValue) else { return position }
                current = entry.value
                position = entry.valuePosition.isKnown ? entry.valuePosition : entry.keyPosition
            case .array(let array):
                guard let index = key.intValue, array.indices.contains(index) else { return position }
                current = array[index]
                if array.position(at: index).isKnown { position = array.position(at: index) }
            default:
                return position
            }
        }
        return position
    }

    /// `molecule[2].state."odd key"`.
    static func render(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue, key.stringValue.hasPrefix("Index ") || key.stringValue == String(index) {
                text += "[\(index)]"
            } else {
                if !text.isEmpty { text += "." }
                text += KeyFormatter.format(key.stringValue)
            }
        }
        return text
    }

    /// The sanitized, windowed line at `position` of `source`, as the parser quotes lines.
    static func quote(_ position: SourcePosition, in source: String) -> (line: String, caretColumn: Int)? {
        guard position.isKnown else { return nil }
        var source = source
        return source.withUTF8 { bytes in
            var line = 1
            var offset = 0
            while offset < bytes.count, line < position.line {
                if bytes[offset] == UInt8(ascii: "\n") { line += 1 }
                offset += 1
            }
            var column = 1
            while offset < bytes.count, column < position.column, bytes[offset] != UInt8(ascii: "\n") {
                offset += 1
                if offset >= bytes.count || bytes[offset] & 0xC0 != 0x80 { column += 1 }
            }
            let report = ErrorReport.make(message: "", offset: offset, bytes: bytes, file: nil)
            return (report.sourceLine, report.caretColumn)
        }
    }
}
