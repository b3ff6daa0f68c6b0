import Foundation
import TOML

/// `[steps.gate]`: a criterion that must pass before its step can complete.
public struct Gate: Sendable, Hashable {
    public var id: String
    public var type: GateType
    /// A mandatory gate blocks its step while it fails; an advisory one is only shown.
    public var mandatory: Bool
    public var description: String?
    /// External gates: what is awaited (a run id, a PR number, a bead id).
    public var awaitID: String?
    /// External and timer gates: how long to wait.
    public var timeout: Duration?
    public var position: SourcePosition

    public init(
        id: String, type: GateType, mandatory: Bool = true, description: String? = nil,
        awaitID: String? = nil, timeout: Duration? = nil, position: SourcePosition = .unknown
    ) {
        self.id = id
        self.type = type
        self.mandatory = mandatory
        self.description = description
        self.awaitID = awaitID
        self.timeout = timeout
        self.position = position
    }

    /// Whether completing the step needs a recorded, passing result for this gate.
    /// (`human` gates are decided through the step's checkpoint instead.)
    public var blocksCompletion: Bool {
        guard mandatory else { return false }
        if case .human = type { return false }
        return true
    }
}

public enum GateType: Sendable, Hashable, CustomStringConvertible {
    /// Ours: the test run must reach the pass rate (percent), with or without skipped tests and anti-patterns.
    case tests(requiredPassRate: Double, allowSkipped: Bool, allowAntiPatterns: Bool)
    /// Ours: the compliance triage must find nothing at these severities (and the report must exist).
    case compliance(blockingSeverities: Set<Severity>)
    /// Gas Town: a person decides (equivalent to a checkpoint).
    case human
    /// Gas Town: passes once the timeout has elapsed.
    case timer
    /// Gas Town: a GitHub Actions run must succeed.
    case githubRun
    /// Gas Town: a GitHub pull request must be merged.
    case githubPR
    /// Gas Town: another bead must be closed.
    case bead
    /// A type we do not know: shown and tracked like an external gate.
    case other(String)

    /// The name as formulas spell it.
    public var name: String {
        switch self {
        case .tests: "tests"
        case .compliance: "compliance"
        case .human: "human"
        case .timer: "timer"
        case .githubRun: "gh:run"
        case .githubPR: "gh:pr"
        case .bead: "bead"
        case .other(let name): name
        }
    }

    /// Resolved by a command recording the outcome (not evaluated from evidence by us).
    public var isExternal: Bool {
        switch self {
        case .timer, .githubRun, .githubPR, .bead, .other: true
        case .tests, .compliance, .human: false
        }
    }

    public var description: String { name }

    public static let knownNames = ["tests", "compliance", "human", "timer", "gh:run", "gh:pr", "bead"]
}

/// Test counts recorded for a `tests` gate.
public struct TestCounts: Sendable, Hashable {
    public var passed: Int
    public var failed: Int
    public var skipped: Int

    public init(passed: Int, failed: Int, skipped: Int) {
        self.passed = passed
        self.failed = failed
        self.skipped = skipped
    }

    /// The most tests one count may say (the largest integer a store file holds): anything above is refused where
    /// it comes in, so sums and rates never overflow.
    public static let maximum = StoreCounter.maximum

    /// Saturating: a figure to show, never a crash on a hand-written count.
    public var total: Int { Self.saturatingSum([passed, failed, skipped]) }

    static func saturatingSum(_ values: [Int]) -> Int {
        values.reduce(0) { sum, value in
            let (result, overflow) = sum.addingReportingOverflow(value)
            return overflow ? (value < 0 ? .min : .max) : result
        }
    }

    /// Percentage of executed (non-skipped) tests that passed; 0 when nothing ran.
    public var passRate: Double {
        let executed = Double(passed) + Double(failed)
        return executed == 0 ? 0 : Double(passed) * 100 / executed
    }
}

/// One place an anti-pattern's expression matched.
public struct AntiPatternHit: Sendable, Hashable {
    public var antiPatternID: String
    public var severity: Severity
    public var file: String
    public var line: Int
    public var excerpt: String

    public init(antiPatternID: String, severity: Severity, file: String, line: Int, excerpt: String) {
        self.antiPatternID = antiPatternID
        self.severity = severity
        self.file = file
        self.line = line
        self.excerpt = excerpt
    }
}

/// The outcome of checking a gate, with its evidence.
public struct GateResult: Sendable, Hashable {
    public var gateID: String
    public var passed: Bool
    /// One line saying why: "100% of 42 tests passed, 0 skipped, no anti-patterns".
    public var summary: String
    public var tests: TestCounts?
    public var antiPatternHits: [AntiPatternHit]
    public var checkedAt: Date
    /// A compliance gate that fails only because findings are open (reports list those findings on their own).
    public var failsOnFindingsAlone = false

    public init(
        gateID: String, passed: Bool, summary: String, tests: TestCounts? = nil,
        antiPatternHits: [AntiPatternHit] = [], checkedAt: Date
    ) {
        self.gateID = gateID
        self.passed = passed
        self.summary = summary
        self.tests = tests
        self.antiPatternHits = antiPatternHits
        self.checkedAt = checkedAt
    }
}

extension Gate {
    /// Evaluates a `tests` or `compliance` gate from evidence: test counts and anti-pattern hits, and for a
    /// compliance gate the molecule's findings (an open one at a `block_on` severity fails it). Other types
    /// are resolved by a command (`passed` given directly); for them this returns nil.
    public func evaluate(
        tests counts: TestCounts?, hits: [AntiPatternHit], findings: [ComplianceFinding] = [], at now: Date
    ) -> GateResult? {
        switch type {
        case .tests(let rate, let allowSkipped, let allowAntiPatterns):
            var reasons: [String] = []
            var passed = true
            if let counts {
                if counts.passed + counts.failed == 0 {
                    passed = false
                    reasons.append("no tests ran")
                } else if counts.passRate + 1e-9 < rate {
                    passed = false
                    reasons.append(
                        "pass rate \(counts.passRateText) is below \(PassRate.text(rate)) (\(counts.failed) failed)")
                }
                if !allowSkipped && counts.skipped > 0 {
                    passed = false
                    reasons.append(
                        "\(counts.skipped) skipped test\(counts.skipped == 1 ? "" : "s") (skipping is forbidden)")
                }
            } else {
                passed = false
                reasons.append("no test results recorded")
            }
            if !allowAntiPatterns && !hits.isEmpty {
                passed = false
                reasons.append("\(hits.count) anti-pattern hit\(hits.count == 1 ? "" : "s")")
            }
            let summary: String
            if passed, let counts {
                summary =
                    "\(counts.passRateText) of \(counts.passed + counts.failed) tests passed, "
                    + "\(counts.skipped) skipped, \(hits.isEmpty ? "no" : String(hits.count)) anti-pattern hits"
            } else {
                summary = reasons.joined(separator: "; ")
            }
            return GateResult(
                gateID: id, passed: passed, summary: summary, tests: counts,
                antiPatternHits: hits, checkedAt: now)
        case .compliance(let blocking):
            let (passed, summary) = Self.complianceVerdict(blocking: blocking, hits: hits, findings: findings)
            return GateResult(
                gateID: id, passed: passed, summary: summary, tests: counts,
                antiPatternHits: hits, checkedAt: now)
        case .human, .timer, .githubRun, .githubPR, .bead, .other:
            return nil
        }
    }

}

extension Gate {
    /// A compliance gate fails on an open finding or an anti-pattern hit at a blocking severity; the summary
    /// names the blocking findings (most severe first, at most five) so nobody has to open the report to see why.
    static func complianceVerdict(blocking: Set<Severity>, hits: [AntiPatternHit], findings: [ComplianceFinding])
        -> (passed: Bool, summary: String)
    {
        let open = findings.filter { $0.isOpen && blocking.contains($0.severity) }.sorted {
            ($0.severity.rank, $1.id ?? "") > ($1.severity.rank, $0.id ?? "")
        }
        let blockingHits = hits.filter { blocking.contains($0.severity) }
        var reasons: [String] = []
        if !open.isEmpty {
            let named = open.prefix(5).map { "\($0.id ?? "?") \($0.severity.rawValue) \"\($0.title)\"" }
            reasons.append(
                "\(open.count) open blocking finding\(open.count == 1 ? "" : "s"): " + named.joined(separator: ", ")
                    + (open.count > 5 ? " and \(open.count - 5) more" : ""))
        }
        if !blockingHits.isEmpty {
            let severities = Set(blockingHits.map(\.severity)).sorted(by: >).map(\.rawValue).joined(separator: ", ")
            reasons.append(
                "\(blockingHits.count) blocking anti-pattern hit\(blockingHits.count == 1 ? "" : "s") (\(severities))")
        }
        guard reasons.isEmpty else { return (false, reasons.joined(separator: "; ")) }
        let others = findings.filter(\.isOpen).count + hits.count
        return (true, "no open blocking finding or anti-pattern hit" + (others == 0 ? "" : " (\(others) non-blocking)"))
    }

    /// What the gate requires, in words: "pass rate ≥ 100%, no skipped tests, no anti-patterns".
    public var criteriaText: String {
        switch type {
        case .tests(let rate, let allowSkipped, let allowAntiPatterns):
            var parts = ["pass rate ≥ \(PassRate.text(rate))"]
            if !allowSkipped { parts.append("no skipped tests") }
            if !allowAntiPatterns { parts.append("no anti-patterns") }
            return parts.joined(separator: ", ")
        case .compliance(let blocking):
            let names = blocking.sorted(by: >).map(\.rawValue).joined(separator: "/")
            return blocking.isEmpty
                ? "compliance triage done" : "no open \(names) finding, no \(names) anti-pattern hit"
        case .human: return "a person approves"
        case .timer: return timeout.map { "waits \(PlannedDuration.format($0))" } ?? "waits for a timer"
        case .githubRun: return "GitHub run \(awaitID ?? "") succeeds".replacingOccurrences(of: "  ", with: " ")
        case .githubPR: return "pull request \(awaitID ?? "") merged".replacingOccurrences(of: "  ", with: " ")
        case .bead: return "bead \(awaitID ?? "") closed".replacingOccurrences(of: "  ", with: " ")
        case .other(let name): return "external gate \(name) resolved"
        }
    }
}
