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
    /// Gas Town's `type`: `string` (any text), `number`, `integer` / `int`, `boolean` / `bool`.
    public var valueType: VariableValueType?
    /// Gas Town's `required_unless`: required unless one of these variables is given.
    public var requiredUnless: [String]
    public var position: SourcePosition
    /// Where each field was written (for diagnostics).
    public var source: SourceMap

    public init(
        name: String, description: String? = nil, defaultValue: String? = nil, required: Bool = false,
        allowedValues: [String]? = nil, pattern: String? = nil, valueType: VariableValueType? = nil,
        requiredUnless: [String] = [], position: SourcePosition = .unknown,
        source: SourceMap? = nil
    ) {
        self.name = name
        self.description = description
        self.defaultValue = defaultValue
        self.required = required
        self.allowedValues = allowedValues
        self.pattern = pattern
        self.valueType = valueType
        self.requiredUnless = requiredUnless
        self.position = position
        self.source = source ?? SourceMap(file: "<memory>", origin: position)
    }
}

/// The kind of value a variable holds (`type = "number"` in Gas Town's `[inputs]`).
public enum VariableValueType: String, Sendable, Hashable, CaseIterable {
    case string, number, integer, boolean

    /// The spellings formulas use: `int` and `bool` too.
    public init?(written: String) {
        switch written {
        case "int": self = .integer
        case "bool": self = .boolean
        default: self.init(rawValue: written)
        }
    }

    /// Whether `value` is text of this kind (`12`, `-3.5`, `true`).
    public func accepts(_ value: String) -> Bool {
        switch self {
        case .string: true
        case .number: Double(value)?.isFinite == true && !value.lowercased().hasPrefix("0x")
        case .integer: Int(value) != nil
        case .boolean: value == "true" || value == "false"
        }
    }
}
