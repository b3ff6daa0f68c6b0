import Core
import DisplayText
import Screen
import Testing

@testable import Dashboard

/// The dashboard draws with Core's sanitizer (its rules are tested in CoreTests/TerminalTextTests);
/// here: what it leaves always has a width the dashboard's layout can count on.
@Suite struct SanitizedWidthTests {
    @Test func everySanitizedCharacterHasAWidth() {
        let hostile = "\u{301}\u{1B}[2J\u{0}\u{8}\u{9B}\u{202E}\u{2066}\u{378}漢\u{7F}\t\n\u{2028}x"
        let clean = TerminalText.sanitizeLine(hostile)
        for character in clean {
            #expect(DisplayWidth.of(character) >= 1, "\(character.unicodeScalars.map { $0.value })")
        }
        #expect(DisplayWidth.of(clean) == DisplayWidth.of(hostile))
    }

    @Test func mojibakeKeepsItsColumns() {
        let mojibake = TerminalText.sanitizeLine("Ã¢Å“â€¦ Ã© âœ…")
        #expect(mojibake == "Ã¢Å“â€¦ Ã© âœ…")
        #expect(DisplayWidth.of(mojibake) == 14)
        #expect(TextLayout.pad(mojibake, to: 16) == mojibake + "  ")
        #expect(DisplayWidth.of(TextLayout.truncate(mojibake, to: 8)) == 8)
    }

    @Test func invalidUTF8IsOneReplacementCharacterPerBadSequence() {
        let decoded = String(decoding: [0x61, 0xE2, 0x9C, 0x62, 0xFF] as [UInt8], as: UTF8.self)
        let clean = TerminalText.sanitizeLine(decoded)
        #expect(clean == "a\u{FFFD}b\u{FFFD}")
        #expect(DisplayWidth.of(clean) == 4)
    }
}

@Suite struct TextLayoutTests {
    @Test func truncatesWithAnEllipsisByColumns() {
        #expect(TextLayout.truncate("convoy-name", to: 6) == "convo…")
        #expect(TextLayout.truncate("short", to: 6) == "short")
        #expect(TextLayout.truncate("漢字かな", to: 5) == "漢字…")
        #expect(TextLayout.truncate("漢字かな", to: 4) == "漢…")
        #expect(TextLayout.truncate("e\u{301}e\u{301}e\u{301}", to: 2) == "e\u{301}…")
    }

    @Test func padsToExactColumns() {
        #expect(TextLayout.pad("ab", to: 4) == "ab  ")
        #expect(TextLayout.pad("漢字かな", to: 4) == "漢… ")
        #expect(TextLayout.padLeft("7", to: 3) == "  7")
        #expect(DisplayWidth.of(TextLayout.pad("🎉🎉🎉", to: 5)) == 5)
    }

    @Test func tablesAlignByDisplayColumns() {
        let lines = TextLayout.table([
            ["ID", "TITLE", "NOTE"], ["漢字", "🎉 ok", "x"], ["ðŸš¨", "e\u{301}", "last"], ["z"],
        ])
        #expect(lines == ["ID    TITLE  NOTE", "漢字  🎉 ok  x", "ðŸš¨  e\u{301}      last", "z"])
        #expect(TextLayout.table([]) == [])
    }

    @Test func wrapsWords() {
        #expect(TextLayout.wrap("one two three four", to: 9) == ["one two", "three", "four"])
    }
}

@Suite struct ScreenTests {
    @Test func wideCharacterTakesTwoCells() {
        var screen = Screen(width: 6, height: 1)
        let used = screen.put("a漢b", row: 0, column: 0)
        #expect(used == 4)
        #expect(screen[0, 1].text == "漢")
        #expect(screen[0, 1].width == 2)
        #expect(screen[0, 2].isContinuation)
        #expect(screen.lines == ["a漢b"])
    }

    @Test func wideCharacterThatDoesNotFitBecomesASpace() {
        var screen = Screen(width: 4, height: 1)
        screen.put("abc漢", row: 0, column: 0)
        #expect(screen.lines == ["abc"])
        #expect(screen[0, 3].width == 1)
    }

    @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var screen = Screen(width: 4, height: 1)
        screen.put("漢字", row: 0, column: 0)
        screen.put("x", row: 0, column: 1)
        #expect(screen.lines == [" x字"])
    }

    @Test func linesDropTrailingSpaces() {
        var screen = Screen(width: 10, height: 2)
        screen.put("hi", row: 1, column: 2)
        #expect(screen.lines == ["", "  hi"])
    }
}
