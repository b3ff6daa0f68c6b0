import TOML

/// How bad an anti-pattern hit or a compliance finding is.
public enum Severity: String, Sendable, Hashable, CaseIterable, Comparable {
    case critical, high, medium, low

    /// critical is the most severe: `critical < high` in rank order is false; use `rank`.
    public var rank: Int {
        switch self {
        case .critical: 3
        case .high: 2
        case .medium: 1
        case .low: 0
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// `[[anti_patterns]]`: a code smell the test gate scans for.
public struct AntiPattern: Sendable, Hashable {
    /// Stable identifier (`id`, or derived from the name).
    public var id: String
    public var name: String
    public var severity: Severity
    /// A regular expression (ICU / NSRegularExpression syntax) matched line by line.
    public var pattern: String
    /// Globs (`test/**/*.go`) of the files it applies to; empty means every file.
    public var paths: [String]
    public var advice: String?
    public var description: String?
    /// The document the rule comes from, e.g. `TESTING_GUIDELINES.md`.
    public var reference: String?
    public var position: SourcePosition
    /// Where each field was written (for diagnostics).
    public var source: SourceMap

    public init(
        id: String, name: String, severity: Severity, pattern: String, paths: [String] = [],
        advice: String? = nil, description: String? = nil, reference: String? = nil,
        position: SourcePosition = .unknown, source: SourceMap? = nil
    ) {
        self.id = id
        self.name = name
        self.severity = severity
        self.pattern = pattern
        self.paths = paths
        self.advice = advice
        self.description = description
        self.reference = reference
        self.position = position
        self.source = source ?? SourceMap(file: "<memory>", origin: position)
    }

    /// Whether the rule applies to a workspace-relative path (`/`-separated).
    public func applies(to path: String) -> Bool {
        paths.isEmpty || paths.contains { Glob.matches(pattern: $0, path: path) }
    }
}
