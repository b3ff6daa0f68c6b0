import Core
import Foundation
import TOML

/// Everything a gate check saw, kept with the molecule in `M/gates/GATE.toml` (format: docs/gates.md).
/// `molecule.toml` holds the verdict the state machine uses; this file holds the why.
public struct GateEvidence: Sendable, Hashable {
    public struct TestSource: Sendable, Hashable {
        public var file: String
        public var counts: TestCounts
        public init(file: String, counts: TestCounts) {
            self.file = file
            self.counts = counts
        }
    }

    /// A failing or skipped test case from a JUnit report.
    public struct TestCase: Sendable, Hashable {
        public var name: String
        public var file: String
        public var message: String
        public init(name: String, file: String, message: String) {
            self.name = name
            self.file = file
            self.message = message
        }
    }

    public var gateID: String
    public var step: String
    public var type: String
    /// The step's attempt when checked (a rejection starts a new attempt and clears the verdict).
    public var attempt: Int
    public var passed: Bool
    public var summary: String
    public var checkedAt: Date
    /// Who ran the check or recorded the tests (`GASTOWN_AGENT`'s name, else the user's identity).
    public var checkedBy: String?
    /// Who resolved an external gate, and their note.
    public var resolvedBy: String?
    public var note: String?
    /// The resolver's signature (a signed workspace), and `checked` as written.
    public var act = SignedAct()
    var checkedText: String?
    public var tests: TestCounts?
    /// Where the counts came from: JUnit files, or "recorded" / "given".
    public var testOrigin: String?
    public var testSources: [TestSource] = []
    public var failures: [TestCase] = []
    public var skippedTests: [TestCase] = []
    /// Test cases beyond the listed ones (lists are capped).
    public var unlistedCases = 0
    public var scan: AntiPatternReport?
    /// Compliance gates: the findings open when checked (nil for other gates, or evidence written before
    /// findings were recorded here). The verdict is recomputed from them to check the recorded claims.
    public var openFindings: [ComplianceFinding]?

    public init(
        gateID: String, step: String, type: String, attempt: Int, passed: Bool, summary: String, checkedAt: Date
    ) {
        self.gateID = gateID
        self.step = step
        self.type = type
        self.attempt = attempt
        self.passed = passed
        self.summary = summary
        self.checkedAt = checkedAt
    }

    /// The verdict as the state machine records it (anti-pattern hits included, for reports).
    public var result: GateResult {
        GateResult(
            gateID: gateID, passed: passed, summary: summary, tests: tests,
            antiPatternHits: scan?.hits ?? [], checkedAt: checkedAt)
    }

    /// Whether this evidence is the one behind a recorded verdict (same gate, same time).
    public func backs(_ result: GateResult?) -> Bool {
        guard let result else { return false }
        return result.gateID == gateID && abs(result.checkedAt.timeIntervalSince(checkedAt)) < 0.002
    }
}

// MARK: - TOML

extension GateEvidence {
    static let header = "# gastown gate evidence (format: docs/gates.md). Rewritten by every `gastown gate check`.\n"

    /// The file as gastown creates it (the canonical style, docs/store.md).
    public var tomlText: String { TOMLFileWriter.canonicalText(header: Self.header, tomlTable) }

    /// Everything the evidence file holds.
    var tomlTable: TOMLTable {
        var t = TOMLTable()
        t["gate"] = .string(gateID)
        t["step"] = .string(step)
        t["type"] = .string(type)
        t["attempt"] = .integer(Int64(attempt))
        t["passed"] = .boolean(passed)
        t["summary"] = .string(summary)
        t["checked"] = .offsetDateTime(Timestamp.toml(checkedAt))
        if let checkedBy { t["checked_by"] = .string(checkedBy) }
        if let resolvedBy { t["resolved_by"] = .string(resolvedBy) }
        if let note { t["note"] = .string(note) }
        act.write(into: &t)
        if let tests {
            var counts = TOMLTable()
            counts["passed"] = .integer(Int64(tests.passed))
            counts["failed"] = .integer(Int64(tests.failed))
            counts["skipped"] = .integer(Int64(tests.skipped))
            counts["pass_rate"] = .float(tests.passRate)
            if let testOrigin { counts["origin"] = .string(testOrigin) }
            if unlistedCases > 0 { counts["unlisted_cases"] = .integer(Int64(unlistedCases)) }
            counts["sources"] = .array(
                TOMLArray(
                    testSources.map { s in
                        .table([
                            "file": .string(s.file), "passed": .integer(Int64(s.counts.passed)),
                            "failed": .integer(Int64(s.counts.failed)), "skipped": .integer(Int64(s.counts.skipped)),
                        ])
                    }))
            counts["failures"] = .array(TOMLArray(failures.map(Self.caseTable)))
            counts["skipped_tests"] = .array(TOMLArray(skippedTests.map(Self.caseTable)))
            t["tests"] = .table(counts)
        }
        if let scan {
            var s = TOMLTable()
            s["files_scanned"] = .integer(Int64(scan.filesScanned))
            s["clean"] = .boolean(scan.isClean)
            s["hits"] = .array(
                TOMLArray(
                    scan.hits.map { h in
                        .table([
                            "file": .string(h.file), "line": .integer(Int64(h.line)),
                            "pattern": .string(h.antiPatternID),
                            "name": .string(scan.patternNames[h.antiPatternID] ?? h.antiPatternID),
                            "severity": .string(h.severity.rawValue), "excerpt": .string(h.excerpt),
                        ])
                    }))
            s["skipped_files"] = .array(
                TOMLArray(
                    scan.skipped.map { k in
                        var row: TOMLTable = ["file": .string(k.file)]
                        switch k.reason {
                        case .tooLarge(let bytes):
                            row["reason"] = "too-large"
                            row["bytes"] = .integer(Int64(bytes))
                        case .binary: row["reason"] = "binary"
                        case .unreadable(let why):
                            row["reason"] = "unreadable"
                            row["detail"] = .string(why)
                        case .outsideWorkspace(let target):
                            row["reason"] = "outside-workspace"
                            row["detail"] = .string(target)
                        }
                        return .table(row)
                    }))
            s["cut_short"] = .array(
                TOMLArray(
                    scan.cutShort.map { c in
                        var row: TOMLTable = [
                            "file": .string(c.file), "pattern": .string(c.patternID), "line": .integer(Int64(c.line)),
                        ]
                        switch c.reason {
                        case .stepBudget: row["reason"] = "work-limit"
                        case .longLines(let count):
                            row["reason"] = "long-lines"
                            row["count"] = .integer(Int64(count))
                        case .hitLimit: row["reason"] = "hit-limit"
                        }
                        return .table(row)
                    }))
            s["invalid_patterns"] = .array(
                TOMLArray(
                    scan.invalidRules.map { r in
                        .table([
                            "pattern": .string(r.patternID), "expression": .string(r.pattern),
                            "message": .string(r.message),
                        ])
                    }))
            s["abandoned_patterns"] = .array(TOMLArray(scan.abandonedRules.map { .string($0) }))
            s["pattern_names"] = .table(
                TOMLTable(
                    uniqueKeysWithValues: scan.patternNames.keys.sorted().map {
                        ($0, TOMLValue.string(scan.patternNames[$0]!))
                    }))
            t["scan"] = .table(s)
        }
        if let openFindings {
            t["findings"] = .table(["open": .array(TOMLArray(openFindings.map(Self.findingTable)))])
        }
        return t
    }

    static func findingTable(_ f: ComplianceFinding) -> TOMLValue {
        .table([
            "id": .string(f.id ?? ""), "severity": .string(f.severity.rawValue), "category": .string(f.category),
            "title": .string(f.title),
        ])
    }

    static func caseTable(_ c: TestCase) -> TOMLValue {
        .table(["name": .string(c.name), "file": .string(c.file), "message": .string(c.message)])
    }

    /// Reads an evidence file; nil with problems when it does not parse or lacks the verdict.
    public static func parse(_ bytes: [UInt8], file: String) -> (GateEvidence?, [StoreProblem]) {
        let table: TOMLTable
        switch TOMLFile.parse(bytes, file: file) {
        case .failure(let problem): return (nil, [problem])
        case .success(let parsed): table = parsed
        }
        let r = FieldReader(table, file: file, remembersKeys: false)
        let gate = r.string("gate", required: true)
        let step = r.string("step") ?? ""
        let type = r.string("type") ?? ""
        let attempt = r.integer("attempt", minimum: 1) ?? 1
        let passed = r.bool("passed", required: true)
        let summary = r.string("summary") ?? ""
        let checked = r.date("checked") ?? Date(timeIntervalSince1970: 0)
        guard let gate, let passed, !r.hasErrors else { return (nil, r.problems) }
        var e = GateEvidence(
            gateID: gate, step: step, type: type, attempt: attempt, passed: passed, summary: summary, checkedAt: checked
        )
        e.checkedBy = r.string("checked_by")
        e.resolvedBy = r.string("resolved_by")
        e.note = r.string("note")
        e.act = SignedAct.read(r)
        // Kept for a signed resolution only: its signature covers `checked` as written.
        if !e.act.signer.isEmpty { e.checkedText = table.entry("checked")?.dateTimeSourceText }
        if let tests = r.table("tests").map({ r.reader(for: $0, path: "tests") }) {
            e.tests = TestCounts(
                passed: tests.integer("passed") ?? 0, failed: tests.integer("failed") ?? 0,
                skipped: tests.integer("skipped") ?? 0)
            e.testOrigin = tests.string("origin")
            e.unlistedCases = tests.integer("unlisted_cases") ?? 0
            e.testSources = rows(tests.table, "sources").map { row in
                TestSource(
                    file: row["file"]?.stringValue ?? "",
                    counts: TestCounts(
                        passed: Int(row["passed"]?.integerValue ?? 0), failed: Int(row["failed"]?.integerValue ?? 0),
                        skipped: Int(row["skipped"]?.integerValue ?? 0)))
            }
            e.failures = rows(tests.table, "failures").map(testCase)
            e.skippedTests = rows(tests.table, "skipped_tests").map(testCase)
        }
        if let s = r.table("scan") {
            var scan = AntiPatternReport()
            scan.filesScanned = Int(s["files_scanned"]?.integerValue ?? 0)
            for row in rows(s, "hits") {
                let id = row["pattern"]?.stringValue ?? ""
                scan.hits.append(
                    AntiPatternHit(
                        antiPatternID: id,
                        severity: row["severity"]?.stringValue.flatMap(Severity.init(rawValue:)) ?? .medium,
                        file: row["file"]?.stringValue ?? "", line: Int(row["line"]?.integerValue ?? 0),
                        excerpt: row["excerpt"]?.stringValue ?? ""))
                if let name = row["name"]?.stringValue { scan.patternNames[id] = name }
            }
            for row in rows(s, "skipped_files") {
                let reason: AntiPatternSkip.Reason
                switch row["reason"]?.stringValue {
                case "too-large": reason = .tooLarge(bytes: Int(row["bytes"]?.integerValue ?? 0))
                case "binary": reason = .binary
                case "outside-workspace": reason = .outsideWorkspace(row["detail"]?.stringValue ?? "")
                default: reason = .unreadable(row["detail"]?.stringValue ?? "")
                }
                scan.skipped.append(AntiPatternSkip(file: row["file"]?.stringValue ?? "", reason: reason))
            }
            for row in rows(s, "cut_short") {
                let reason: AntiPatternCutShort.Reason
                switch row["reason"]?.stringValue {
                case "long-lines": reason = .longLines(count: Int(row["count"]?.integerValue ?? 0))
                case "hit-limit": reason = .hitLimit
                default: reason = .stepBudget
                }
                scan.cutShort.append(
                    AntiPatternCutShort(
                        file: row["file"]?.stringValue ?? "", patternID: row["pattern"]?.stringValue ?? "",
                        line: Int(row["line"]?.integerValue ?? 0), reason: reason))
            }
            scan.invalidRules = rows(s, "invalid_patterns").map {
                AntiPatternInvalidRule(
                    patternID: $0["pattern"]?.stringValue ?? "", pattern: $0["expression"]?.stringValue ?? "",
                    message: $0["message"]?.stringValue ?? "")
            }
            scan.abandonedRules = (s["abandoned_patterns"]?.arrayValue?.values ?? []).compactMap(\.stringValue)
            for entry in s["pattern_names"]?.tableValue ?? TOMLTable() {
                if let name = entry.value.stringValue { scan.patternNames[entry.key] = name }
            }
            e.scan = scan
        }
        if let findings = r.table("findings") {
            // A row with an unknown severity is kept at the most severe: recomputing must not let it pass.
            e.openFindings = rows(findings, "open").map { row in
                ComplianceFinding(
                    id: row["id"]?.stringValue, category: row["category"]?.stringValue ?? "",
                    severity: row["severity"]?.stringValue.flatMap(Severity.init(rawValue:)) ?? .critical,
                    title: row["title"]?.stringValue ?? "")
            }
        }
        return (e, r.problems)
    }

    private static func rows(_ table: TOMLTable, _ key: String) -> [TOMLTable] {
        (table[key]?.arrayValue?.values ?? []).compactMap(\.tableValue)
    }

    private static func testCase(_ row: TOMLTable) -> TestCase {
        TestCase(
            name: row["name"]?.stringValue ?? "", file: row["file"]?.stringValue ?? "",
            message: row["message"]?.stringValue ?? "")
    }
}
