/// What an anti-pattern scan found (`hits`, Core's `AntiPatternHit`: file, line, pattern id, severity,
/// terminal-safe excerpt), and everything it did not fully look at.
public struct AntiPatternReport: Sendable, Hashable {
    public var hits: [AntiPatternHit] = []
    /// Files whose contents were searched (each may still appear in `cutShort`).
    public var filesScanned = 0
    public var skipped: [AntiPatternSkip] = []
    public var cutShort: [AntiPatternCutShort] = []
    /// Rules whose expression does not compile: they found nothing, which must not read as "clean".
    public var invalidRules: [AntiPatternInvalidRule] = []
    /// Ids of rules given up for the rest of the scan after exhausting their budget in too many files.
    public var abandonedRules: [String] = []
    /// Each scanned anti-pattern's display name by id (hits carry only the id).
    public var patternNames: [String: String] = [:]

    public init() {}

    /// Clean: no hit, and every rule ran to completion on every file it applies to.
    public var isClean: Bool {
        hits.isEmpty && invalidRules.isEmpty && cutShort.isEmpty && abandonedRules.isEmpty
    }

    public var skippedTooLarge: Int { skipped.filter { if case .tooLarge = $0.reason { true } else { false } }.count }
    public var skippedBinary: Int { skipped.filter { $0.reason == .binary }.count }
    /// Symlinked files a rule applies to that lead outside the workspace.
    public var outsideWorkspace: [AntiPatternSkip] {
        skipped.filter { if case .outsideWorkspace = $0.reason { true } else { false } }
    }

    /// The worst severity among the hits.
    public var worstSeverity: Severity? { hits.map(\.severity).max() }
}

extension AntiPatternHit {
    /// `test/a_test.go:12: critical: sleep-before-assert: time.Sleep(2 * time.Second)`
    public var summary: String { "\(file):\(line): \(severity.rawValue): \(antiPatternID): \(excerpt)" }
}

/// A file not searched at all.
public struct AntiPatternSkip: Sendable, Hashable {
    public enum Reason: Sendable, Hashable {
        case tooLarge(bytes: Int)
        /// Holds a NUL byte.
        case binary
        case unreadable(String)
        /// A symbolic link (a file a rule applies to) that resolves outside the workspace, to this path: not read,
        /// and a gap that fails a gate forbidding anti-patterns.
        case outsideWorkspace(String)
    }
    public var file: String
    public var reason: Reason

    public init(file: String, reason: Reason) {
        self.file = file
        self.reason = reason
    }
}

/// A rule that did not search all of a file.
public struct AntiPatternCutShort: Sendable, Hashable {
    public enum Reason: Sendable, Hashable {
        /// The expression used up its step budget (catastrophic backtracking); lines from `line` on were not searched.
        case stepBudget
        /// Lines longer than the cap were searched only in their first `AntiPatternLimits.maximumLineLength` units.
        case longLines(count: Int)
        /// The file had more hits than `AntiPatternLimits.maximumHitsPerFile`; later ones were not recorded.
        case hitLimit
    }
    public var file: String
    /// The anti-pattern's `id`.
    public var patternID: String
    /// The line where the work stopped (the first long line for `.longLines`).
    public var line: Int
    public var reason: Reason

    public init(file: String, patternID: String, line: Int, reason: Reason) {
        self.file = file
        self.patternID = patternID
        self.line = line
        self.reason = reason
    }
}

public struct AntiPatternInvalidRule: Sendable, Hashable {
    public var patternID: String
    public var pattern: String
    public var message: String

    public init(patternID: String, pattern: String, message: String) {
        self.patternID = patternID
        self.pattern = pattern
        self.message = message
    }
}

/// The bounds that keep a scan fast whatever the workspace and the formula hold.
public struct AntiPatternLimits: Sendable, Hashable {
    /// Larger files are skipped and counted.
    public var maximumFileBytes = 1 << 20
    /// Longer lines are searched only in their first this-many UTF-16 units.
    public var maximumLineLength = 4096
    /// Regex engine progress ticks a rule may spend on one file beyond one per character searched.
    /// A tick is ICU's progress callback: about one per start position, plus one per several thousand
    /// backtracking steps; 500 extra ticks is about 0.2 s of runaway backtracking.
    public var extraStepsPerFile = 500
    /// A rule cut short by its step budget in this many files is abandoned for the rest of the scan.
    public var abandonAfterCutShortFiles = 3
    public var maximumHitsPerFile = 200
    public var excerptWidth = 160

    public init() {}
}
