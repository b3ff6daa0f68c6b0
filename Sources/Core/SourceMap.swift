import TOML

/// Where the fields of one formula element were written: its file and a position per field path
/// (`id`, `needs.0`, `checkpoint.on_reject`, …). Ignored by equality, so two formulas with the same
/// content compare equal wherever they came from.
public struct SourceMap: Sendable, Hashable {
    public var file: String
    public var origin: SourcePosition
    /// A short list searched linearly: building a dictionary per step costs more than the rare lookups.
    var positions: [(field: String, position: SourcePosition)]

    public init(
        file: String, origin: SourcePosition = .unknown, positions: [(field: String, position: SourcePosition)] = []
    ) {
        self.file = file
        self.origin = origin
        self.positions = positions
    }

    /// The position of a field, or of the element itself when the field was not written.
    public func position(_ field: String) -> SourcePosition {
        positions.first { $0.field == field }?.position ?? origin
    }

    public static func == (lhs: SourceMap, rhs: SourceMap) -> Bool { true }
    public func hash(into hasher: inout Hasher) {}
}
