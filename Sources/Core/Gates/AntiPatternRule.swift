/// One anti-pattern to look for, as a formula declares it: a regular expression (ICU syntax, matched line by
/// line), a severity, and the files it applies to.
///
/// The expression comes from a formula file, so it is untrusted: the scanner bounds the work it may cause.
public struct AntiPatternRule: Sendable, Hashable {
    public var name: String
    public var pattern: String
    public var severity: AntiPatternSeverity
    /// Path globs relative to the workspace (`test/**/*.go`, `*_test.go`); empty means every file.
    public var paths: [String]
    public var description: String?

    public init(name: String, pattern: String, severity: AntiPatternSeverity, paths: [String] = [], description: String? = nil) {
        self.name = name
        self.pattern = pattern
        self.severity = severity
        self.paths = paths
        self.description = description
    }

    /// True when `path` (relative, `/`-separated) is in scope for this rule.
    public func applies(to path: String) -> Bool {
        paths.isEmpty || paths.contains { AntiPatternGlob.matches($0, path: path) }
    }
}

/// How bad a hit is, in the seed's words (CRITICAL, HIGH, MEDIUM, LOW). Ordered low < critical.
public enum AntiPatternSeverity: String, Sendable, Hashable, CaseIterable, Comparable, Codable {
    case low, medium, high, critical

    /// Reads `critical`, `CRITICAL`, `Critical`… ; nil for anything else.
    public init?(lenient text: String) {
        self.init(rawValue: text.lowercased())
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
