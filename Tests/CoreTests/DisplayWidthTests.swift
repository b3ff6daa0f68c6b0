import DisplayText
import TestSupport
import Testing

/// The one display width (DisplayText): expected columns are what a terminal shows, counted by hand.
@Suite struct DisplayWidthTests {
    @Test func asciiLatinAndBoxDrawingAreOneColumnEach() {
        #expect(DisplayWidth.of("a" as Character) == 1)
        #expect(DisplayWidth.of("hello") == 5)
        #expect(DisplayWidth.of("café") == 4)
        #expect(DisplayWidth.of("┌──┐│") == 5)
        #expect(DisplayWidth.of("") == 0)
    }

    @Test func eastAsianWideAndFullwidthAreTwoColumns() {
        #expect(DisplayWidth.of("漢" as Character) == 2)
        #expect(DisplayWidth.of("日本語") == 6)
        #expect(DisplayWidth.of("かなカナ") == 8)
        #expect(DisplayWidth.of("한국어") == 6)
        #expect(DisplayWidth.of("ＡＢ１") == 6)  // Fullwidth forms.
        #expect(DisplayWidth.of("ｱｲ") == 2)  // Halfwidth katakana stay narrow.
        #expect(DisplayWidth.of("、。") == 4)
        #expect(DisplayWidth.of("\u{20000}") == 2)  // CJK Extension B (plane 2).
        // Conjoining jamo: the leading consonant is wide, the vowel and final join it.
        #expect(DisplayWidth.of("\u{1112}\u{1161}\u{11AB}") == 2)
    }

    @Test func emojiWithEmojiPresentationAreTwoColumns() {
        #expect(DisplayWidth.of("🎉" as Character) == 2)
        #expect(DisplayWidth.of("ok🎉") == 4)
        #expect(DisplayWidth.of("✅🎯") == 4)
        #expect(DisplayWidth.of("⌚") == 2)
        #expect(DisplayWidth.of("🚨 MANDATORY") == 12)
    }

    @Test func variationSelectorsChoosePresentation() {
        #expect(DisplayWidth.of("☺") == 1)  // Text by default…
        #expect(DisplayWidth.of("☺\u{FE0F}") == 2)  // …an emoji with VS16.
        #expect(DisplayWidth.of("❤") == 1)
        #expect(DisplayWidth.of("❤️") == 2)
        #expect(DisplayWidth.of("⌚\u{FE0E}") == 1)  // Emoji by default, text with VS15.
        #expect(DisplayWidth.of("✅\u{FE0E}") == 1)
        #expect(DisplayWidth.of("1\u{FE0F}\u{20E3}") == 2)  // Keycap.
        #expect(DisplayWidth.of("#\u{20E3}") == 1)  // Text keycap: a sign and an enclosing mark.
        #expect(DisplayWidth.of("A\u{FE0F}") == 1)  // VS16 on a letter changes nothing.
    }

    @Test func zwjSequencesAreOneGlyph() {
        #expect(DisplayWidth.of("👩‍💻") == 2)
        #expect(DisplayWidth.of("👨‍👩‍👧‍👦") == 2)
        #expect(DisplayWidth.of("🏳️‍🌈") == 2)
        #expect(DisplayWidth.of("❤️‍🔥") == 2)
        #expect(DisplayWidth.of("🧑🏽‍🚀") == 2)
        #expect(DisplayWidth.of("a👩‍💻b") == 4)
    }

    @Test func flagsAndModifierSequencesAreOneGlyph() {
        #expect(DisplayWidth.of("🇯🇵") == 2)
        #expect(DisplayWidth.of("🇯🇵🇫🇷") == 4)
        #expect(DisplayWidth.of("🇯") == 2)  // A lone regional indicator.
        #expect(DisplayWidth.of("🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}") == 2)  // Scotland.
        #expect(DisplayWidth.of("👍🏽") == 2)
        #expect(DisplayWidth.of("☝🏽") == 2)  // Text-default base with a skin tone: an emoji.
        #expect(DisplayWidth.of("🏽") == 2)  // A skin tone alone is a swatch…
        #expect(DisplayWidth.of("a🏽") == 3)  // …also after a letter.
    }

    @Test func combiningMarksAreZeroColumns() {
        #expect(DisplayWidth.of("\u{301}" as Unicode.Scalar) == 0)
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.of("Ame\u{301}lie") == 6)
        #expect(DisplayWidth.of("x\u{301}\u{302}\u{303}") == 1)
        #expect(DisplayWidth.of("a\u{20DD}") == 1)  // Enclosing mark.
        #expect(DisplayWidth.of("漢\u{3099}") == 2)
        #expect(DisplayWidth.of("\u{915}\u{94D}") == 1)  // Devanagari consonant with virama.
        #expect(DisplayWidth.of("\u{915}\u{93E}") == 2)  // A spacing mark takes its own column.
    }

    /// Invisible format characters are shown as `<U+200B>` (TerminalText), so they take those 8 columns.
    @Test func invisibleFormatCharactersTakeTheColumnsOfTheirVisibleName() {
        #expect(DisplayWidth.of("a\u{200B}b") == 10)  // ZERO WIDTH SPACE
        #expect(DisplayWidth.of("a\u{200C}b\u{200D}c") == 19)  // ZWNJ, ZWJ between letters
        #expect(DisplayWidth.of("a\u{200E}b\u{200F}") == 18)  // LRM, RLM
        #expect(DisplayWidth.of("\u{FEFF}x") == 9)  // BYTE ORDER MARK
        #expect(DisplayWidth.of("a\u{2060}b") == 10)  // WORD JOINER
        #expect(DisplayWidth.of("a\u{AD}b") == 10)  // SOFT HYPHEN
        #expect(DisplayWidth.of("\u{1F469}\u{200D}\u{1F4BB}") == 2)  // An emoji ZWJ sequence stays one picture.
    }

    @Test func whatTheSanitizerShowsAsAPictureCountsAsThePicture() {
        #expect(DisplayWidth.of("\u{1B}" as Unicode.Scalar) == 1)  // ␛
        #expect(DisplayWidth.of("\u{7F}" as Unicode.Scalar) == 1)  // ␡
        #expect(DisplayWidth.of("a\u{0}b") == 3)  // ␀
        #expect(DisplayWidth.of("csi\u{9B}2J") == 6)  // C1 control: U+FFFD
        #expect(DisplayWidth.of("abc\u{202E}fed") == 7)  // RIGHT-TO-LEFT OVERRIDE: U+FFFD
        #expect(DisplayWidth.of("a\u{2066}b\u{2069}") == 4)  // isolates: U+FFFD
        #expect(DisplayWidth.of("x\u{378}y") == 3)  // unassigned: U+FFFD
        #expect(DisplayWidth.of("a\u{2028}b") == 3)  // LINE SEPARATOR: a space
        #expect(DisplayWidth.of("cr\r\nlf") == 6)  // ␍␤
        #expect(DisplayWidth.of("\u{301}x") == 2)  // A line starting with a mark: ◌́
        #expect(DisplayWidth.of("\u{301}" as Character) == 1)
        #expect(DisplayWidth.of("a\tb") == 9)  // A tab reaches column 8.
        #expect(DisplayWidth.of("漢\tx") == 9)
        #expect(DisplayWidth.of("12345678\tx") == 17)
    }

    /// Raw text measures what its sanitized form shows, so a layout may measure either.
    @Test func rawTextAndItsSanitizedFormMeasureTheSame() {
        let pool: [Unicode.Scalar] = [
            "a", "Z", " ", "\t", "\n", "\r", "\u{0}", "\u{1B}", "\u{7F}", "\u{85}", "\u{9B}", "\u{AD}", "é",
            "\u{301}", "\u{20DD}", "\u{93E}", "\u{915}", "\u{94D}", "漢", "ｱ", "\u{1112}", "\u{1161}", "\u{200B}",
            "\u{200D}", "\u{200E}", "\u{202E}", "\u{2066}", "\u{2028}", "\u{378}", "\u{FFF9}", "\u{FEFF}",
            "\u{FE0E}", "\u{FE0F}", "☺", "⌚", "🎉", "👩", "💻", "\u{1F3FD}", "🇯", "🇵", "ð", "Ÿ", "š", "¨",
        ]
        var generator = SeededGenerator(seed: 42)
        for _ in 0..<2000 {
            var text = String.UnicodeScalarView()
            for _ in 0..<Int(generator.next() % 12) { text.append(pool[Int(generator.next() % UInt64(pool.count))]) }
            let raw = String(text)
            let clean = TerminalText.sanitizeLine(raw)
            #expect(
                DisplayWidth.of(raw) == DisplayWidth.of(clean),
                "\(raw.unicodeScalars.map { String($0.value, radix: 16) }) → \(clean)")
        }
    }

    /// UTF-8 read as Windows-1252 (the seeds hold real examples): every character is narrow.
    @Test func mojibakeIsOneColumnPerCharacter() {
        #expect(DisplayWidth.of("ðŸš¨") == 4)  // 🚨
        #expect(DisplayWidth.of("ðŸŽ¯") == 4)  // 🎯
        #expect(DisplayWidth.of("ðŸ—ï¸") == 5)  // 🏗️ (its last byte lost)
        #expect(DisplayWidth.of("âœ…") == 3)  // ✅
        #expect(DisplayWidth.of("Ã¢Å“â€¦") == 7)  // ✅ encoded twice
        #expect(DisplayWidth.of("‚úÖ") == 3)  // ✅ read as Mac Roman
        #expect(DisplayWidth.of("â\u{80}\u{99}") == 3)  // ’ read as Latin-1: C1 controls, shown as U+FFFD
    }

    /// A line of seed 002 as it is written there: every character of its mojibake is one column.
    @Test func aSeedLineWithMojibakeMeasuresItsCharacters() {
        let line = "7. **CHECK - Test Validation** (10m) ðŸš¨ MANDATORY GATE"
        #expect(DisplayWidth.of(line) == 56)
        #expect(TextLayout.pad(line, to: 60) == line + "    ")
        #expect(TextLayout.truncate(line, to: 40) == "7. **CHECK - Test Validation** (10m) ðŸ…")
    }

    /// The ranges measured without a property lookup (dashes, arrows, box drawing) hold no mark, no format
    /// or unassigned character, nothing wide and no emoji with emoji presentation.
    @Test func theNarrowShortcutsAreNarrow() {
        for value in [UInt32](0x2010...0x2027) + [UInt32](0x2190...0x21FF) + [UInt32](0x2500...0x25FC) {
            let properties = Unicode.Scalar(value)!.properties
            #expect(
                ![.nonspacingMark, .enclosingMark, .spacingMark, .format, .unassigned].contains(
                    properties.generalCategory), "\(String(value, radix: 16))")
            #expect(
                !properties.isEmojiPresentation && !DisplayWidth.isEastAsianWide(value), "\(String(value, radix: 16))")
            #expect(DisplayWidth.of(Unicode.Scalar(value)!) == 1)
        }
    }

    /// The table is generated from the Unicode version of the standard library: every character the
    /// stdlib says has emoji presentation is East Asian Wide in it (true since Unicode 9), but for the
    /// regional indicators, which are Neutral.
    @Test func eastAsianWidthTableAgreesWithTheStandardLibrary() {
        #expect(DisplayWidth.unicodeVersion == "17.0.0")
        var disagreeing: [String] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value), scalar.properties.isEmojiPresentation,
                !(0x1F1E6...0x1F1FF).contains(value)
            else { continue }
            if !DisplayWidth.isEastAsianWide(value) { disagreeing.append(String(value, radix: 16)) }
        }
        #expect(disagreeing.isEmpty)
        #expect(!DisplayWidth.isEastAsianWide(0x10FF))
        #expect(DisplayWidth.isEastAsianWide(0x1100))
        #expect(DisplayWidth.isEastAsianWide(0x30000))
        #expect(!DisplayWidth.isEastAsianWide(0xFF61))
    }
}
