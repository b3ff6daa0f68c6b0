import Core
import Testing

@Suite struct TerminalTextTests {
    @Test func escapeSequencesAndControlsNeverSurvive() {
        let hostile = "a\u{1B}[2J\u{1B}]0;title\u{07}b\u{1B}cc\u{0}\u{8}\u{7F}\u{9B}x\u{202E}evil\r\n"
        let clean = TerminalText.sanitize(hostile)
        #expect(clean == "a␛[2J␛]0;title␇b␛cc␀␈␡\u{FFFD}x\u{FFFD}evil\n")
        #expect(!clean.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    }

    @Test func sanitizerEscapesControlCharacters() {
        let line = TerminalText.sanitizeLine("ok\u{1b}[2Jbad\u{7}")
        #expect(line == "ok␛[2Jbad␇")
        #expect(!line.contains("\u{1b}") && !line.contains("\u{7}"))
        #expect(TerminalText.sanitize("a\nb") == "a\nb")
    }

    @Test func singleLineTextShowsNewlinesAndExpandsTabs() {
        #expect(TerminalText.sanitizeLine("a\tb\nc") == "a       b␤c")
    }

    @Test func widthsCountColumnsNotCharacters() {
        #expect(TerminalText.displayWidth("abc") == 3)
        #expect(TerminalText.displayWidth("✅🎯") == 4)
        #expect(TerminalText.displayWidth("日本") == 4)
        #expect(TerminalText.displayWidth("e\u{301}") == 1)
        #expect(TerminalText.displayWidth("┌──┐│") == 5)
        #expect(TerminalText.displayWidth("‚úÖ") == 3)  // Mac Roman mojibake of ✅: three narrow characters.
        #expect(TerminalText.displayWidth("👩‍💻") == 2)
    }

    @Test func truncateAndPadRespectWideCharacters() {
        #expect(TerminalText.truncate("✅✅✅", toWidth: 5) == "✅✅…")
        #expect(TerminalText.pad("✅", toWidth: 4) == "✅  ")
        #expect(TerminalText.displayWidth(TerminalText.pad("日本語のテキスト", toWidth: 7)) == 7)
    }
}
