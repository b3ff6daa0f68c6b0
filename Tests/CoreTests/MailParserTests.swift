import Core
import Foundation
import TOML
import Testing

@Suite struct MailParserTests {
    let sentAt = Date(timeIntervalSince1970: 1_769_076_900)  // 2026-01-22T10:15:00Z

    func sample(body: String = "# Hello\n\nBody text.\n") -> MailMessage {
        MailMessage(
            id: "20260122-101500-hello", from: "hapi", to: ["gateway", "workflow execution"],
            date: MailDate(sentAt), re: "Quotes \" and \\ backslash, tab\t and ✅", status: "open",
            priority: "high", molecules: ["day3-soc2", "day4"], body: body)
    }

    @Test func renderedMessageParsesBackToTheSameFields() {
        let message = sample(body: "# Hello\n\n+++\nnot front matter\n| a | b |\n|---|---|\n| ✅ | 🎯 |\n")
        let text = MailRenderer.render(message)
        let parsed = MailParser.parse(text, id: message.id, file: "m.md")
        #expect(parsed.problems.isEmpty)
        #expect(parsed.message.format == .frontMatter)
        #expect(parsed.message.from == "hapi")
        #expect(parsed.message.to == ["gateway", "workflow execution"])
        #expect(parsed.message.re == message.re)
        #expect(parsed.message.status == "open")
        #expect(parsed.message.priority == "high")
        #expect(parsed.message.molecules == ["day3-soc2", "day4"])
        #expect(parsed.message.date?.instant == sentAt)
        #expect(parsed.message.body == message.body)
        #expect(parsed.message.bodyStartLine == 11)
    }

    @Test func renderedFrontMatterIsExactlyThis() {
        let text = MailRenderer.render(sample())
        #expect(
            text == """
                +++
                id = "20260122-101500-hello"
                from = "hapi"
                to = ["gateway", "workflow execution"]
                date = 2026-01-22T10:15:00Z
                re = "Quotes \\" and \\\\ backslash, tab\\t and ✅"
                status = "open"
                priority = "high"
                molecules = ["day3-soc2", "day4"]
                +++
                # Hello

                Body text.

                """)
    }

    @Test func frontMatterThatDoesNotParseIsBrokenWithLineAndColumn() {
        let text = "+++\nfrom = \"hapi\"\nto = gateway\n+++\n# Still a title\n"
        let parsed = MailParser.parse(text, id: "bad", file: ".beads/mail/bad.md")
        #expect(parsed.isBroken)
        #expect(parsed.problems.count == 1)
        let problem = parsed.problems[0]
        #expect(problem.severity == .error)
        #expect(problem.position == SourcePosition(line: 3, column: 6))
        #expect(problem.description.hasPrefix(".beads/mail/bad.md:3:6: error: front matter: expected a value"))
        // Still listable: the title gives the subject, the whole text is the body.
        #expect(parsed.message.re == "Still a title")
        #expect(parsed.message.body == text)
    }

    @Test func unclosedFrontMatterIsBrokenAtLineOne() {
        let parsed = MailParser.parse("+++\nfrom = \"a\"\n# no closing line\n", id: "x", file: "x.md")
        #expect(parsed.isBroken)
        #expect(parsed.problems.map(\.position) == [SourcePosition(line: 1, column: 1)])
        #expect(parsed.problems[0].message.contains("never closed"))
    }

    @Test func wrongTypesAndMissingKeysAreErrorsAtTheValue() {
        let parsed = MailParser.parse("+++\nfrom = 5\nre = \"x\"\n+++\nbody\n", id: "x", file: "x.md")
        #expect(parsed.isBroken)
        let messages = parsed.problems.map(\.description)
        #expect(messages.contains("x.md:2:8: error: front matter: from: expected a string, found integer"))
        #expect(
            messages.contains(
                #"x.md:1:1: error: front matter: missing required key "to" (a string or an array of strings)"#))
    }

    @Test func unknownKeysAndMismatchedIdsAreWarningsOnly() {
        let text = "+++\nid = \"other\"\nfrom = \"a\"\nto = \"b\"\ncolour = \"red\"\n+++\nbody\n"
        let parsed = MailParser.parse(text, id: "mine", file: "mine.md")
        #expect(!parsed.isBroken)
        #expect(parsed.message.id == "mine")
        #expect(parsed.message.to == ["b"])
        #expect(parsed.problems.map(\.severity) == [.warning, .warning])
        #expect(parsed.problems.map(\.position.line) == [2, 5])
    }

    @Test func crlfFrontMatterAndWordDatesAreUnderstood() {
        let text = "+++\r\nfrom = \"a\"\r\nto = [\"b\"]\r\ndate = \"December 23, 2025\"\r\n+++\r\nbody\r\n"
        let parsed = MailParser.parse(text, id: "x", file: "x.md")
        #expect(parsed.problems.isEmpty)
        #expect(parsed.message.date?.text == "December 23, 2025")
        #expect(parsed.message.date?.instant.map(Timestamps.iso8601) == "2025-12-23T00:00:00Z")
    }

    @Test func controlCharactersInStringsMustBeEscaped() {
        let parsed = MailParser.parse("+++\nfrom = \"a\u{1B}[31m\"\nto = \"b\"\n+++\n", id: "x", file: "x.md")
        #expect(parsed.isBroken)
        #expect(parsed.problems.first?.position == SourcePosition(line: 2, column: 10))
        #expect(parsed.problems.first.map { !$0.description.contains("\u{1B}") } == true)
    }

    @Test func bodyIsEmptyWhenTheFileEndsAtTheClosingLine() {
        for text in ["+++\nfrom = \"a\"\nto = \"b\"\n+++", "+++\nfrom = \"a\"\nto = \"b\"\n+++\n"] {
            let parsed = MailParser.parse(text, id: "x", file: "x.md")
            #expect(parsed.problems.isEmpty)
            #expect(parsed.message.body == "")
        }
        #expect(
            MailParser.parse("+++\nfrom = \"a\"\nto = \"b\"\n+++\n\nx", id: "x", file: "x.md").message.body == "\nx")
    }

    @Test func idsAreSafeFileNames() {
        #expect(
            MailID.make(date: sentAt, subject: "Phase 2: Ünïcode & <stuff>/../")
                == "20260122-101500-phase-2-n-code-stuff")
        #expect(MailID.isValid("000_b84679ce3ac41f41"))
        for bad in ["", ".hidden", "a/b", "a..b", "-x", "a b", String(repeating: "a", count: 129), "é"] {
            #expect(!MailID.isValid(bad), "\(bad)")
        }
    }
}

@Suite struct MailDateTests {
    @Test(arguments: [
        ("2026-01-22T10:15:00Z", "2026-01-22T10:15:00Z"),
        ("2026-01-22T12:15:00+02:00", "2026-01-22T10:15:00Z"),
        ("2026-01-22 10:15", "2026-01-22T10:15:00Z"),
        ("2026-01-22", "2026-01-22T00:00:00Z"),
        ("2026-01-11 (evening session)", "2026-01-11T00:00:00Z"),
        ("December 23, 2025", "2025-12-23T00:00:00Z"),
        ("Dec 23, 2025", "2025-12-23T00:00:00Z"),
        ("23 December 2025", "2025-12-23T00:00:00Z"),
        ("February 29, 2024", "2024-02-29T00:00:00Z"),
        ("1969-12-31T23:59:59Z", "1969-12-31T23:59:59Z"),
    ])
    func understoodDates(text: String, expected: String) {
        #expect(MailDate.parse(text).instant.map(Timestamps.iso8601) == expected)
    }

    @Test(arguments: ["February 29, 2025", "2026-13-01", "Q1 2026", "soon", "2026-01-22T25:00:00Z", "Decem 1, 2025"])
    func otherTextKeepsNoInstant(text: String) {
        let date = MailDate.parse(text)
        #expect(date.instant == nil)
        #expect(date.text == text)
    }
}
