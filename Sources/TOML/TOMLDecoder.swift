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
    public func decode<T: Decodable>(_ type: T.Type = T.self, from table: TOMLTable, file: String? = nil) throws(TOMLDecodingError) -> T {
        try decode(type, from: table, file: file, source: nil)
    }

    /// Parses and decodes a document. Syntax errors are thrown as `TOMLDecodingError` too,
    /// carrying the parser's message, position and source line.
    public func decode<T: Decodable>(_ type: T.Type = T.self, from text: String, file: String? = nil) throws(TOMLDecodingError) -> T {
        let table: TOMLTable
        do {
            table = try TOMLParser.parse(text, file: file)
        } catch {
            throw TOMLDecodingError(file: error.file ?? file, position: error.position, keyPath: "",
                                    message: error.message, sourceLine: error.sourceLine)
        }
        return try decode(type, from: table, file: file, source: text)
    }

    private func decode<T: Decodable>(_ type: T.Type, from table: TOMLTable, file: String?, source: String?) throws(TOMLDecodingError) -> T {
        let root = TOMLValue.table(table)
        do {
            return try TOMLValueDecoder(value: root, codingPath: [], userInfo: userInfo).unbox(root, as: T.self, codingPath: [])
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
    /// The source line, sanitized for a terminal, when the text was available.
    public var sourceLine: String?

    public init(file: String?, position: SourcePosition, keyPath: String, message: String, sourceLine: String?) {
        self.file = file
        self.position = position
        self.keyPath = keyPath
        self.message = message
        self.sourceLine = sourceLine
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
            text += "\n  \(sourceLine)\n  " + String(repeating: " ", count: max(0, position.column - 1)) + "^"
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
        self.init(file: file, position: position, keyPath: CodingPathLocator.render(path), message: message,
                  sourceLine: source.flatMap { CodingPathLocator.line(position.line, of: $0) })
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
                if array.positions[index].isKnown { position = array.positions[index] }
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

    /// Line `number` of `source`, with control characters replaced so it is safe to print.
    static func line(_ number: Int, of source: String) -> String? {
        guard number > 0 else { return nil }
        var current = 1
        for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == number {
                let scalars = line.unicodeScalars.prefix(300).map { scalar -> Unicode.Scalar in
                    isUnsafeForTerminal(scalar) ? "\u{FFFD}" : scalar
                }
                return String(String.UnicodeScalarView(scalars))
            }
            current += 1
        }
        return nil
    }
}

/// C0 and C1 controls and DEL (escape sequences start with them), and bidirectional
/// overrides (which reorder what a reader sees): replaced before a line reaches a terminal.
func isUnsafeForTerminal(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: true
    default: false
    }
}
