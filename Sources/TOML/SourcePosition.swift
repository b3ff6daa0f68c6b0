/// A place in a TOML document: 1-based line and 1-based column, where the column counts
/// Unicode scalars (not bytes) from the start of the line.
///
/// Stored as two 32-bit integers so every key and value can carry one cheaply.
public struct SourcePosition: Sendable, Hashable, Comparable, CustomStringConvertible {
    var storedLine: Int32
    var storedColumn: Int32

    public init(line: Int, column: Int) {
        storedLine = Int32(clamping: line)
        storedColumn = Int32(clamping: column)
    }

    /// The position of values built in code rather than parsed.
    public static let unknown = SourcePosition(line: 0, column: 0)

    public var line: Int { Int(storedLine) }
    public var column: Int { Int(storedColumn) }
    public var isKnown: Bool { storedLine > 0 }

    public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
        (lhs.storedLine, lhs.storedColumn) < (rhs.storedLine, rhs.storedColumn)
    }

    /// `12:5`, the conventional `line:column` form.
    public var description: String { "\(line):\(column)" }
}
