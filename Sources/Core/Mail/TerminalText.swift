/// Makes untrusted text (mail, file excerpts) safe to print on a terminal, and measures it in columns.
///
/// Escape sequences (CSI, OSC, DCS, two-byte ESC forms) are removed whole; other C0 controls and DEL become
/// their visible "control picture" (U+2400 block); C1 controls and bidirectional overrides (the "Trojan
/// Source" characters) become U+FFFD; tabs expand to the next multiple of 8 columns. Newlines are kept by
/// `sanitize` and turned into "␤" by `sanitizeLine`. Wide characters, emoji and box drawing are kept as is.
public enum TerminalText {
    /// Sanitizes a multi-line text; `\r\n` line ends become `\n`.
    public static func sanitize(_ text: String) -> String {
        MailTextLines.lines(of: text).map { sanitizeLine(String($0)) }.joined(separator: "\n")
    }

    /// Sanitizes text meant for a single line (a table cell, a subject): newlines become "␤".
    public static func sanitizeLine(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        var column = 0
        var i = 0
        while i < scalars.count {
            let s = scalars[i]
            switch s.value {
            case 0x1B:
                i = endOfEscapeSequence(scalars, from: i)
                continue
            case 0x09:
                let spaces = 8 - column % 8
                for _ in 0..<spaces { out.append(" ") }
                column += spaces
            case 0x0A:
                out.append("\u{2424}"); column += 1
            case 0x00..<0x20:
                out.append(Unicode.Scalar(0x2400 + s.value)!); column += 1
            case 0x7F:
                out.append("\u{2421}"); column += 1
            case 0x80..<0xA0, 0x202A...0x202E, 0x2066...0x2069, 0xFFF9...0xFFFB:
                out.append("\u{FFFD}"); column += 1
            case 0x2028, 0x2029:
                out.append(" "); column += 1
            default:
                out.append(s)
                column += scalarWidth(s)
            }
            i += 1
        }
        return String(out)
    }

    /// Index just past the escape sequence starting at `start` (an ESC).
    private static func endOfEscapeSequence(_ s: [Unicode.Scalar], from start: Int) -> Int {
        var i = start + 1
        guard i < s.count else { return i }
        switch s[i] {
        case "[":  // CSI: parameters and intermediates, then one final byte 0x40–0x7E.
            i += 1
            while i < s.count, !(0x40...0x7E).contains(s[i].value) { i += 1 }
            return min(i + 1, s.count)
        case "]", "P", "X", "^", "_":  // OSC, DCS, SOS, PM, APC: until BEL or ESC \.
            i += 1
            while i < s.count {
                if s[i].value == 0x07 { return i + 1 }
                if s[i].value == 0x1B { return min(i + 2, s.count) }
                i += 1
            }
            return i
        default:  // Two-character forms such as ESC c (reset) or ESC ( B.
            if (0x20...0x2F).contains(s[i].value) { i += 1 }
            return min(i + 1, s.count)
        }
    }

    /// Columns a text takes on a terminal (no controls expected: sanitize first).
    public static func displayWidth(_ text: some StringProtocol) -> Int {
        var total = 0
        for character in text { total += characterWidth(character) }
        return total
    }

    /// Columns one grapheme cluster takes: 2 for wide and emoji-presentation clusters, 0 for lone marks.
    public static func characterWidth(_ character: Character) -> Int {
        var width = 0
        for s in character.unicodeScalars {
            if s.value == 0xFE0F { return 2 }  // VS16: emoji presentation requested.
            width = max(width, scalarWidth(s))
        }
        return width
    }

    /// wcwidth-like width of one scalar.
    public static func scalarWidth(_ s: Unicode.Scalar) -> Int {
        let v = s.value
        if v < 0x20 || (0x7F..<0xA0).contains(v) { return 0 }
        if v < 0x300 { return 1 }
        switch s.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if v == 0x200B || (0x1160...0x11FF).contains(v) { return 0 }
        if s.properties.isEmojiPresentation { return 2 }
        return isEastAsianWide(v) ? 2 : 1
    }

    private static func isEastAsianWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF,
             0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3,
             0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// Cuts a (sanitized, single-line) text to at most `width` columns, ending with "…" when cut.
    public static func truncate(_ text: String, toWidth width: Int) -> String {
        guard displayWidth(text) > width else { return text }
        guard width > 0 else { return "" }
        var out = ""
        var used = 0
        for character in text {
            let w = characterWidth(character)
            if used + w > width - 1 { break }
            out.append(character)
            used += w
        }
        return out + "…"
    }

    /// Pads a (sanitized, single-line) text with spaces to `width` columns, cutting it first if longer.
    public static func pad(_ text: String, toWidth width: Int) -> String {
        let cut = truncate(text, toWidth: width)
        return cut + String(repeating: " ", count: max(0, width - displayWidth(cut)))
    }
}
