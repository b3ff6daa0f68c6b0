import TOML

/// `[vars.NAME]`: a value a molecule supplies, used as `{{NAME}}` in titles, descriptions and prompts.
public struct FormulaVariable: Sendable, Hashable {
    public var name: String
    public var description: String?
    public var defaultValue: String?
    public var required: Bool
    /// The allowed values, when restricted.
    public var allowedValues: [String]?
    /// A regular expression the whole value must match.
    public var pattern: String?
    public var position: SourcePosition
    /// Where each field was written (for diagnostics).
    public var source: SourceMap

    public init(
        name: String, description: String? = nil, defaultValue: String? = nil, required: Bool = false,
        allowedValues: [String]? = nil, pattern: String? = nil, position: SourcePosition = .unknown,
        source: SourceMap? = nil
    ) {
        self.name = name
        self.description = description
        self.defaultValue = defaultValue
        self.required = required
        self.allowedValues = allowedValues
        self.pattern = pattern
        self.position = position
        self.source = source ?? SourceMap(file: "<memory>", origin: position)
    }
}
