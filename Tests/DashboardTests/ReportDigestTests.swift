import Testing

@testable import Dashboard

/// The compliance report summed up for a decision: the executive summary and the blocking issues,
/// found by their headings, whatever comes around them.
@Suite struct ReportDigestTests {
    /// A report shaped like templates/compliance-triage-report-v2.md (written by hand here).
    static func report(blocking: [String], resolved: Bool = true) -> String {
        var text = """
            # Compliance Triage Report v2 — beta

            | | |
            |---|---|
            | Molecule | beta |
            | Formula | compliance v2 |

            ## 1. Executive Summary

            - **Status**: AWAITING APPROVAL
            - **Test pass rate**: 97.6% (41/42)
            - **Recommendation**: FIX REQUIRED
            - **Open findings**: 3 (0 critical, 1 high, 1 medium, 1 low); 1 resolved

            ## 2. Test Validation Status (100% pass requirement)

            - not a summary item

            ## 9. Critical Issues (blocking)


            """
        text += blocking.isEmpty ? "None.\n" : blocking.map { "- " + $0 + "\n" }.joined()
        if resolved {
            text +=
                "\nResolved findings:\n- ~~MEDIUM [API] nullable id~~ — resolved by jg (2026-11-21T17:31:46Z): fixed\n"
        }
        text +=
            "\n## 10. Warnings (non-blocking)\n\n- MEDIUM [API]: a warning\n\n## 13. Sign-Off Recommendation\n\n**FIX REQUIRED**\n"
        return text
    }

    @Test func picksTheSummaryAndTheBlockingIssuesOnly() {
        let digest = ReportDigest(Self.report(blocking: ["HIGH [SOC2]: purged too early (retention.go:58)"]))
        #expect(
            digest.summary == [
                "Status: AWAITING APPROVAL", "Test pass rate: 97.6% (41/42)",
                "Recommendation: FIX REQUIRED",
                "Open findings: 3 (0 critical, 1 high, 1 medium, 1 low); 1 resolved",
            ])
        #expect(digest.blocking == ["HIGH [SOC2]: purged too early (retention.go:58)"])
        #expect(digest.fallback.isEmpty)
    }

    @Test func noBlockingIssueSaysNone() {
        let lines = ReportDigest(Self.report(blocking: [], resolved: false)).lines(width: 200, count: 10).map(\.text)
        #expect(
            lines == [
                "Status: AWAITING APPROVAL · Test pass rate: 97.6% (41/42) · Recommendation: FIX REQUIRED · "
                    + "Open findings: 3 (0 critical, 1 high, 1 medium, 1 low); 1 resolved",
                "Blocking issues: none",
            ])
    }

    @Test func issuesThatDoNotFitAreCounted() {
        let digest = ReportDigest(Self.report(blocking: ["CRITICAL [a]: one", "HIGH [b]: two", "HIGH [c]: three"]))
        let lines = digest.lines(width: 78, count: 5).map(\.text)
        #expect(
            lines == [
                "Status: AWAITING APPROVAL · Test pass rate: 97.6% (41/42)", "Recommendation: FIX REQUIRED",
                "Open findings: 3 (0 critical, 1 high, 1 medium, 1 low); 1 resolved",
                "Blocking issues (3):", "… 3 more blocking issues (v view report)",
            ])
        #expect(
            digest.lines(width: 78, count: 7).map(\.text).suffix(3)
                == ["• CRITICAL [a]: one", "• HIGH [b]: two", "• HIGH [c]: three"])
    }

    @Test func controlCharactersInTheReportAreMadeHarmless() {
        let digest = ReportDigest(Self.report(blocking: ["HIGH [x]: \u{1B}[2Jwipe\u{7}"]))
        let text = digest.lines(width: 78, count: 10).map(\.text).joined()
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F })
        #expect(text.contains("wipe"))
    }

    @Test func headingsAreFoundWhateverTheirNumbering() {
        let text = "# R\n\n### Executive summary\n- **Status**: DONE\n\n## Critical issues\n- HIGH: x\n"
        let digest = ReportDigest(text)
        #expect(digest.summary == ["Status: DONE"])
        #expect(digest.blocking == ["HIGH: x"])
    }
}
