import Core
import DisplayText
import Foundation
import TOML
import Testing

/// The seed formula's anti-patterns (formulas/integration-test-full-validation.toml), as shipped.
enum AntiPatternFixtures {
    static let seedFormulaPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("formulas/integration-test-full-validation.toml")

    static func seedAntiPatterns() throws -> [AntiPattern] {
        let text = try String(contentsOf: seedFormulaPath, encoding: .utf8)
        let (formula, diagnostics) = FormulaLoader.load(try TOMLParser.parse(text, file: "seed"), file: "seed")
        guard let formula else {
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSDebugDescriptionErrorKey: "\(diagnostics)"])
        }
        return formula.antiPatterns
    }

    static func file(_ path: String, _ lines: [String]) -> (path: String, contents: [UInt8]) {
        (path, Array(lines.joined(separator: "\n").utf8))
    }
}

@Suite struct AntiPatternScannerTests {
    /// For each seed anti-pattern: a line that must be found, and the corrected line that must not.
    static let cases: [(id: String, path: String, bad: String, good: String)] = [
        (
            "time-sleep-before-assertions", "test/integration/wait_test.go",
            "\ttime.Sleep(2 * time.Second)",
            "\tEventually(ready, 10*time.Second, 100*time.Millisecond).Should(BeTrue())"
        ),
        ("skip-calls", "test/integration/skip_test.go", "\tt.Skip(\"flaky on CI\")", "\tt.Log(\"runs everywhere\")"),
        (
            "direct-audit-infrastructure-testing", "test/integration/audit_test.go",
            "\terr := auditStore.StoreAudit(ctx, event)", "\terr := service.RecordDecision(ctx, event)"
        ),
        (
            "direct-metrics-infrastructure-testing", "test/integration/metrics_test.go",
            "\tregistry.MustRegister(counter)", "\tExpect(service.Handled()).To(Equal(1))"
        ),
        (
            "podman-compose-race-conditions", "test/scripts/up.sh",
            "podman-compose -f stack.yml up -d", "podman-compose -f stack.yml up -d --wait"
        ),
        (
            "eventually-misuse", "test/integration/eventually_test.go",
            "\tEventually(ready).Should(BeTrue())",
            "\tEventually(ready, 5*time.Second, 50*time.Millisecond).Should(BeTrue())"
        ),
        (
            "kubeconfig-isolation-violations", "test/e2e/cluster_test.go",
            "\tpath := \"$HOME/.kube/config\"", "\tpath := os.Getenv(\"GATEWAY_E2E_KUBECONFIG\")"
        ),
    ]

    @Test(arguments: 0..<7)
    func eachSeedAntiPatternIsFoundAndItsFixIsClean(index: Int) throws {
        let rules = try AntiPatternFixtures.seedAntiPatterns()
        let c = Self.cases[index]
        let rule = try #require(rules.first { $0.id == c.id })
        let bad = AntiPatternScanner.scan(
            [AntiPatternFixtures.file(c.path, ["package x", "", c.bad, ""])], rules: rules)
        #expect(
            bad.hits == [
                AntiPatternHit(
                    antiPatternID: c.id, severity: rule.severity, file: c.path, line: 3,
                    excerpt: c.bad.trimmingCharacters(in: .whitespaces))
            ])
        let good = AntiPatternScanner.scan(
            [AntiPatternFixtures.file(c.path, ["package x", "", c.good, ""])], rules: rules)
        #expect(good.hits.isEmpty)
        #expect(good.isClean)
        #expect(good.filesScanned == 1)
    }

    @Test func aSampleTreeGivesExactlyTheseHits() throws {
        let rules = try AntiPatternFixtures.seedAntiPatterns()
        let tree = [
            AntiPatternFixtures.file(
                "test/integration/gateway_test.go",
                [
                    "package integration",  // 1
                    "",  // 2
                    "func TestGateway(t *testing.T) {",  // 3
                    "\ttime.Sleep(500 * time.Millisecond)",  // 4 critical
                    "\tExpect(resp.StatusCode).To(Equal(200))",  // 5
                    "\tif os.Getenv(\"CI\") != \"\" { Skip(\"later\") }",  // 6 critical
                    "\tauditStore.StoreAudit(ctx, e) // and time.Sleep(1)",  // 7 high + critical
                    "}",
                ]),
            AntiPatternFixtures.file("src/server.go", ["time.Sleep(1)", "t.Skip()"]),  // Outside test/: not in scope.
            AntiPatternFixtures.file("test/e2e/setup_test.go", ["cfg := clientcmd.RecommendedHomeFile"]),
        ]
        let report = AntiPatternScanner.scan(tree, rules: rules)
        let got = report.hits.map { "\($0.file):\($0.line) \($0.severity.rawValue) \($0.antiPatternID)" }
        #expect(
            got == [
                "test/integration/gateway_test.go:4 critical time-sleep-before-assertions",
                "test/integration/gateway_test.go:6 critical skip-calls",
                "test/integration/gateway_test.go:7 critical time-sleep-before-assertions",
                "test/integration/gateway_test.go:7 high direct-audit-infrastructure-testing",
                "test/e2e/setup_test.go:1 high kubeconfig-isolation-violations",
            ])
        #expect(report.filesScanned == 2)
        #expect(report.worstSeverity == .critical)
        #expect(report.patternNames["skip-calls"] == "Skip() calls")
        #expect(
            report.hits[0].summary
                == "test/integration/gateway_test.go:4: critical: time-sleep-before-assertions: time.Sleep(500 * time.Millisecond)"
        )
    }

    @Test func largeAndBinaryFilesAreSkippedAndCounted() {
        let rule = AntiPattern(id: "sleep", name: "sleep", severity: .critical, pattern: "Sleep")
        var large = Array("Sleep\n".utf8)
        large += [UInt8](repeating: UInt8(ascii: "x"), count: (1 << 20))
        let report = AntiPatternScanner.scan(
            [
                ("big.go", large), ("blob.bin", [0x53, 0x6C, 0x65, 0x65, 0x70, 0x00, 0x01]),
                ("ok.go", Array("Sleep".utf8)),
            ], rules: [rule])
        #expect(
            report.skipped == [
                AntiPatternSkip(file: "big.go", reason: .tooLarge(bytes: (1 << 20) + 6)),
                AntiPatternSkip(file: "blob.bin", reason: .binary),
            ])
        #expect(report.skippedTooLarge == 1)
        #expect(report.skippedBinary == 1)
        #expect(report.hits.map(\.file) == ["ok.go"])
    }

    @Test func aPathologicalExpressionIsCutShortAndThenAbandoned() {
        var limits = AntiPatternLimits()
        limits.extraStepsPerFile = 200
        let evil = AntiPattern(id: "evil", name: "evil", severity: .low, pattern: "(a+)+$")
        let plain = AntiPattern(id: "todo", name: "todo", severity: .medium, pattern: "TODO")
        let line = String(repeating: "a", count: 40) + "!"
        let files = (1...4).map { AntiPatternFixtures.file("f\($0).txt", [line, "TODO"]) }
        let report = AntiPatternScanner.scan(files, rules: [evil, plain], limits: limits)
        #expect(
            report.cutShort
                == (1...3).map {
                    AntiPatternCutShort(file: "f\($0).txt", patternID: "evil", line: 1, reason: .stepBudget)
                })
        #expect(report.abandonedRules == ["evil"])
        // The other rule still ran everywhere.
        #expect(report.hits.map(\.file) == ["f1.txt", "f2.txt", "f3.txt", "f4.txt"])
        #expect(report.hits.allSatisfy { $0.line == 2 && $0.antiPatternID == "todo" })
        #expect(!report.isClean)
    }

    @Test func longLinesAreSearchedOnlyUpToTheCap() {
        var limits = AntiPatternLimits()
        limits.maximumLineLength = 100
        let rule = AntiPattern(id: "x", name: "x", severity: .high, pattern: "NEEDLE")
        let early = "NEEDLE" + String(repeating: " ", count: 200)
        let late = String(repeating: " ", count: 200) + "NEEDLE"
        let report = AntiPatternScanner.scan(
            [AntiPatternFixtures.file("a.txt", [early, late, late])], rules: [rule], limits: limits)
        #expect(report.hits.map(\.line) == [1])
        #expect(
            report.cutShort == [
                AntiPatternCutShort(file: "a.txt", patternID: "x", line: 1, reason: .longLines(count: 3))
            ])
    }

    @Test func invalidExpressionsAreReportedNotIgnored() {
        let bad = AntiPattern(id: "broken", name: "broken", severity: .high, pattern: "(unclosed")
        let report = AntiPatternScanner.scan([AntiPatternFixtures.file("a.go", ["(unclosed"])], rules: [bad])
        #expect(report.hits.isEmpty)
        #expect(report.invalidRules.map(\.patternID) == ["broken"])
        #expect(!report.isClean)
    }

    @Test func excerptsAreTerminalSafeAndShort() {
        let rule = AntiPattern(id: "x", name: "x", severity: .low, pattern: "hit")
        let hostile = "hit \u{1B}[2J\u{1B}]0;pwned\u{07}" + String(repeating: "✅", count: 200)
        let report = AntiPatternScanner.scan([AntiPatternFixtures.file("a.txt", [hostile])], rules: [rule])
        let excerpt = try! #require(report.hits.first?.excerpt)
        #expect(!excerpt.unicodeScalars.contains { $0.value < 0x20 })
        #expect(excerpt.hasPrefix("hit ␛[2J␛]0;pwned␇✅"))
        #expect(DisplayWidth.of(excerpt) <= AntiPatternLimits().excerptWidth)
    }

    @Test func crlfFilesReportTheSameLines() {
        let rule = AntiPattern(id: "x", name: "x", severity: .low, pattern: "end$")
        let report = AntiPatternScanner.scan([("a.txt", Array("one\r\nthe end\r\nnot\r\n".utf8))], rules: [rule])
        #expect(report.hits.map(\.line) == [2])
        #expect(report.hits.map(\.excerpt) == ["the end"])
    }
}
