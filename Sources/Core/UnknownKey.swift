import TOML

/// A key the loader does not understand (`compose`, `advice`, `loop`, …): kept with its value and position
/// so nothing is silently dropped, and reported as a warning.
public struct UnknownKey: Sendable, Hashable {
    /// Dotted path from the document root, e.g. `steps[3].loop` or `compose`.
    public var path: String
    public var value: TOMLValue
    public var file: String
    public var position: SourcePosition

    public init(path: String, value: TOMLValue, file: String, position: SourcePosition) {
        self.path = path
        self.value = value
        self.file = file
        self.position = position
    }
}
