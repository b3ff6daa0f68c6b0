import Testing

@testable import Core

@Test(arguments: [
    ("15m", 900, 900), ("1h30m", 5400, 5400), ("90s", 90, 90), ("2h", 7200, 7200),
    ("30-45m", 1800, 2700), ("30m-45m", 1800, 2700), ("1h-1h30m", 3600, 5400), (" 10m ", 600, 600),
])
func parsesDurations(text: String, low: Int64, high: Int64) throws {
    let (minimum, maximum) = try PlannedDuration.parse(text).get()
    #expect(minimum == .seconds(low))
    #expect(maximum == .seconds(high))
}

@Test(arguments: ["", "15", "m", "15x", "1m1h", "1h1h", "45m-30m", "1-2-3m", "-5m", "15 m", "99999999999m"])
func rejectsBadDurations(text: String) {
    #expect(throws: DurationError.self) { try PlannedDuration.parse(text).get() }
}

@Test func formatsDurations() {
    #expect(PlannedDuration.format(.seconds(5400)) == "1h30m")
    #expect(PlannedDuration.format(.seconds(0)) == "0m")
    #expect(PlannedDuration.format(minimum: .seconds(8700), maximum: .seconds(9600)) == "2h25m-2h40m")
}

@Test(arguments: [
    ("docs/requirements/*.md", "docs/requirements/BR-1.md", true),
    ("docs/requirements/*.md", "docs/requirements/sub/BR-1.md", false),
    ("docs/architecture/decisions/DD-*.md", "docs/architecture/decisions/DD-042-audit.md", true),
    ("docs/architecture/decisions/DD-*.md", "docs/architecture/decisions/ADR-1.md", false),
    ("test/**/*.go", "test/integration/aianalysis/suite_test.go", true),
    ("test/**/*.go", "test/a.go", true),
    ("test/**/*.go", "src/test/a.go", false),
    ("test/integration/*/README.md", "test/integration/holmes/README.md", true),
    (".cursor/rules/*.mdc", ".cursor/rules/00-core.mdc", true),
    ("file?.txt", "file1.txt", true),
    ("file?.txt", "file/.txt", false),
    ("[a-c]*.md", "b.md", true),
    ("[!a-c]*.md", "b.md", false),
    ("**", "any/thing/at/all", true),
])
func matchesGlobs(pattern: String, path: String, expected: Bool) {
    #expect(Glob.matches(pattern: pattern, path: path) == expected)
}

@Test func globMatchingStaysLinearOnHostilePatterns() {
    let pattern = String(repeating: "*a", count: 200) + "b"
    let path = String(repeating: "a", count: 5000)
    #expect(!Glob.matches(pattern: pattern, path: path))
}
