import Core
import DisplayText
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

    @Test func truncateAndPadRespectWideCharacters() {
        #expect(TextLayout.truncate("✅✅✅", to: 5) == "✅✅…")
        #expect(TextLayout.pad("✅", to: 4) == "✅  ")
        #expect(DisplayWidth.of(TextLayout.pad("日本語のテキスト", to: 7)) == 7)
    }

    // The rules the dashboard draws with (it has no sanitizer of its own).

    @Test func escapeSequencesBecomeVisible() {
        #expect(TerminalText.sanitizeLine("\u{1B}[31mred\u{1B}[0m") == "␛[31mred␛[0m")
        #expect(TerminalText.sanitizeLine("\u{1B}]0;title\u{07}") == "␛]0;title␇")
    }

    @Test func controlCharactersBecomeControlPictures() {
        #expect(TerminalText.sanitizeLine("a\u{0}b") == "a␀b")
        #expect(TerminalText.sanitizeLine("bell\u{7}") == "bell␇")
        #expect(TerminalText.sanitizeLine("del\u{7F}") == "del␡")
        #expect(TerminalText.sanitizeLine("cr\rlf\n") == "cr␍lf␤")
        #expect(TerminalText.sanitizeLine("\u{1F}") == "␟")
    }

    @Test func c1ControlsBidiControlsAndUnassignedCodePointsAreReplaced() {
        #expect(TerminalText.sanitizeLine("csi\u{9B}2J") == "csi\u{FFFD}2J")
        #expect(TerminalText.sanitizeLine("abc\u{202E}fed") == "abc\u{FFFD}fed")
        #expect(TerminalText.sanitizeLine("a\u{2066}b\u{2069}") == "a\u{FFFD}b\u{FFFD}")
        #expect(TerminalText.sanitizeLine("x\u{378}y") == "x\u{FFFD}y")  // unassigned
        #expect(TerminalText.sanitizeLine("x\u{FFFF}") == "x\u{FFFD}")  // noncharacter
    }

    @Test func invisibleFormatCharactersAreShownByTheirCode() {
        #expect(TerminalText.sanitizeLine("ad\u{200B}min") == "ad<U+200B>min")  // zero-width space
        #expect(TerminalText.sanitizeLine("a\u{200F}b\u{200E}") == "a<U+200F>b<U+200E>")  // RLM, LRM
        #expect(TerminalText.sanitizeLine("\u{61C}x") == "<U+061C>x")  // Arabic letter mark
        #expect(TerminalText.sanitizeLine("\u{FEFF}x\u{2060}y\u{AD}") == "<U+FEFF>x<U+2060>y<U+00AD>")
        #expect(TerminalText.sanitizeLine("a\u{200D}b\u{200C}c") == "a<U+200D>b<U+200C>c")
        #expect(TerminalText.sanitizeLine("tag\u{E0041}") == "tag<U+E0041>")
        #expect(TerminalText.sanitize("x\u{200B}\ny") == "x<U+200B>\ny")
        // A joiner inside an emoji sequence is part of one picture.
        #expect(TerminalText.sanitizeLine("\u{1F469}\u{200D}\u{1F4BB}") == "\u{1F469}\u{200D}\u{1F4BB}")
        for text in ["a\u{200B}b", "\u{61C}x", "a\u{AD}", "\u{1F469}\u{200D}\u{1F4BB}"] {
            #expect(
                DisplayWidth.of(TerminalText.sanitizeLine(text)) == DisplayWidth.of(text), "\(text.debugDescription)")
        }
    }

    @Test func loneCombiningMarkGetsADottedCircle() {
        #expect(TerminalText.sanitizeLine("\u{301}x") == "◌\u{301}x")
        #expect(TerminalText.sanitizeLine("e\u{301}") == "e\u{301}")
        #expect(TerminalText.sanitize("a\n\u{20DD}") == "a\n◌\u{20DD}")
        #expect(DisplayWidth.of(TerminalText.sanitizeLine("\u{301}")) == 1)
    }

    @Test func plainWideAndMojibakeTextIsUnchanged() {
        #expect(TerminalText.sanitizeLine("day3-soc2") == "day3-soc2")
        #expect(TerminalText.sanitizeLine("漢字 🎉 Ã¢Å“â€¦") == "漢字 🎉 Ã¢Å“â€¦")
        #expect(DisplayWidth.of("Ã¢Å“â€¦") == 7)
    }

    @Test func tabsExpandToTheNextStopCountingWideCharacters() {
        #expect(TerminalText.sanitizeLine("tab\there") == "tab     here")
        #expect(TerminalText.sanitizeLine("漢\tx") == "漢      x")
        #expect(TerminalText.sanitizeLine("👩‍💻\tx") == "👩‍💻      x")  // One glyph, two columns.
        #expect(TerminalText.sanitizeLine("e\u{301}\t\u{301}x") == "e\u{301}       \u{301}x")
    }
}
