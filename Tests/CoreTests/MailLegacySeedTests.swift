import Core
import DisplayText
import Foundation
import TestSupport
import Testing

/// The real handoff documents (../shared/seeds 000, 001, 003, 004) load as mail without front matter.
@Suite struct MailLegacySeedTests {
    func load(_ prefix: String) throws -> (String, ParsedMail) {
        let text = try Repository.seed(prefix)
        return (text, MailParser.parse(text, id: prefix, file: "\(prefix).md"))
    }

    @Test func seed000HeadersComeFromItsBoldLines() throws {
        let (_, parsed) = try load("000")
        let m = parsed.message
        #expect(parsed.problems.isEmpty)
        #expect(m.format == .legacy)
        #expect(m.from == "HolmesGPT API (HAPI) Team")
        #expect(m.to == ["Gateway (GW) Team", "Integration Test Migration Team"])
        #expect(m.re == "HAPI Integration Test Infrastructure DD-TEST-002 Compliance")
        #expect(m.priority == "Medium")
        #expect(m.status == "‚úÖ TRIAGE COMPLETE - NEW SOLUTION IDENTIFIED")
        #expect(m.date?.instant.map(Timestamps.iso8601) == "2025-12-23T00:00:00Z")
    }

    @Test func seed001SplitsItsRecipientsAndUsesTheTitle() throws {
        let (_, parsed) = try load("001")
        let m = parsed.message
        #expect(m.from == "HolmesGPT-API Team")
        #expect(m.to == ["WorkflowExecution Team", "RemediationOrchestrator Team"])
        #expect(m.re == "HolmesGPT-API Execution Responsibility Decisions")
        #expect(m.status == "✅ DECIDED")
        #expect(m.date?.instant.map(Timestamps.iso8601) == "2025-12-01T00:00:00Z")
    }

    @Test func seeds003And004FallBackWhereHeadersAreMissing() throws {
        let (_, p3) = try load("003")
        #expect(p3.message.from == "unknown")
        #expect(p3.message.to.isEmpty)
        #expect(p3.message.re == "Phase 2 Implementation Summary")
        #expect(p3.message.status == "âœ… Infrastructure Complete - Ready for First Full Test Run")
        #expect(p3.message.date?.instant.map(Timestamps.iso8601) == "2026-01-22T00:00:00Z")
        let (_, p4) = try load("004")
        #expect(p4.message.re == "Handoff: Integration Test Implementation")
        #expect(p4.message.date?.text == "2026-01-11")  // From "> **Session Date**:".
        #expect(p4.message.status == nil)  // Later "**Status**" lines are in the body, not the header block.
    }

    @Test(arguments: ["000", "001", "003", "004"])
    func seedDisplaysWithEveryLineIntact(prefix: String) throws {
        let (text, parsed) = try load(prefix)
        let shown = MailView.full(parsed.message)
        #expect(!shown.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) })
        // The body part of the display is the document, line for line.
        let bodyLines = shown.components(separatedBy: "\n").drop { !$0.hasPrefix("────") }.dropFirst()
        #expect(Array(bodyLines) == text.components(separatedBy: "\n"))
        for line in bodyLines {
            let width = DisplayWidth.of(line)
            #expect(width >= line.unicodeScalars.count / 3 && width <= 2 * line.count, "\(line)")
        }
    }

    @Test func boxDrawingInSeed001KeepsItsColumns() throws {
        let (_, parsed) = try load("001")
        let boxLines = MailView.full(parsed.message).components(separatedBy: "\n")
            .filter { $0.hasPrefix("┌") || $0.hasPrefix("│") || $0.hasPrefix("└") }
        #expect(boxLines.count >= 40)
        // Box drawing and arrows are one column each: every line is as wide as it has characters, and the
        // first boxes (drawn 67 columns wide in the source) stay 67 wide.
        for line in boxLines { #expect(DisplayWidth.of(line) == line.count, "\(line)") }
        #expect(Set(boxLines.prefix(12).map { DisplayWidth.of($0) }) == [67])
    }

    @Test func theListTableStaysAlignedWithMojibakeAndEmoji() throws {
        var rows: [MailView.Row] = []
        for prefix in ["000", "001", "003", "004"] {
            rows.append(MailView.Row(message: try load(prefix).1.message, unread: prefix != "001"))
        }
        let lines = MailView.table(rows).components(separatedBy: "\n")
        #expect(lines.count == 5)
        // Every column before RE starts at the same display column on every line.
        let reColumn = DisplayWidth.of(lines[0].components(separatedBy: "RE")[0])
        for (line, row) in zip(lines.dropFirst(), rows) {
            let prefixWidth =
                DisplayWidth.of(line)
                - DisplayWidth.of(TextLayout.truncate(row.message.re, to: 60))
            #expect(prefixWidth == reColumn, "\(line)")
        }
        #expect(lines[1].hasPrefix("*  000 "))
        #expect(lines[2].hasPrefix("   001 "))
    }
}
