/// The one sanitizer for untrusted text (mail, file names, TOML strings, agent output) on its way to a
/// terminal or a message, and the measure of text in terminal columns.
///
/// Control characters and escape sequences in data are shown escaped, never sent to the terminal:
/// ESC becomes "␛" (the rest of an escape sequence stays as plain printable text), other C0 controls their
/// Control Pictures symbol (U+2400 + n), DEL "␡", C1 controls and bidirectional overrides/isolates (the
/// "Trojan Source" characters) and unassigned code points U+FFFD; tabs expand to the next multiple of 8
/// columns; a combining mark that starts a line (nothing to combine with) is shown on a dotted circle "◌".
/// `sanitize` keeps newlines (`\r\n` becomes `\n`); `sanitizeLine` shows them as "␤". Wide characters,
/// emoji and mojibake (e.g. "Ã©", "â€™") are kept as they are: each is a printable character of known width.
/// The dashboard draws with this policy too; it keeps only its own column measure (`wcwidth`).
public enum TerminalText {
    /// Sanitizes a multi-line text; `\r\n` line ends become `\n`.
    public static func sanitize(_ text: String) -> String {
        if isPrintableASCII(text, allowingNewlines: true) { return text }
        return TextLines.lines(of: text).map { sanitizeLine(String($0)) }.joined(separator: "\n")
    }

    /// Sanitizes text meant for a single line (a table cell, a subject, an error message): newlines become "␤".
    public static func sanitizeLine(_ text: String) -> String {
        if isPrintableASCII(text, allowingNewlines: false) { return text }
        var out = String.UnicodeScalarView()
        var column = 0
        for s in text.unicodeScalars {
            switch s.value {
            case 0x09:
                let spaces = 8 - column % 8
                for _ in 0..<spaces { out.append(" ") }
                column += spaces
            case 0x0A:
                out.append("\u{2424}")
                column += 1
            case 0x00..<0x20:  // ESC becomes "␛".
                out.append(Unicode.Scalar(0x2400 + s.value)!)
                column += 1
            case 0x7F:
                out.append("\u{2421}")
                column += 1
            case 0x80..<0xA0, 0x202A...0x202E, 0x2066...0x2069, 0xFFF9...0xFFFB:
                out.append("\u{FFFD}")
                column += 1
            case 0x2028, 0x2029:
                out.append(" ")
                column += 1
            default:
                let category = s.properties.generalCategory
                if category == .unassigned || category == .surrogate {
                    out.append("\u{FFFD}")
                    column += 1
                } else if out.isEmpty,
                    category == .nonspacingMark || category == .enclosingMark
                        || category == .spacingMark
                {
                    out.append("\u{25CC}")
                    out.append(s)
                    column += 1
                } else {
                    out.append(s)
                    column += scalarWidth(s)
                }
            }
        }
        return String(out)
    }

    /// True for the scalars a terminal acts on instead of showing: C0 controls (ESC included), DEL, C1 controls,
    /// and the bidirectional overrides and isolates. Writers that escape rather than replace (JSON) use it.
    public static func isUnsafe(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x00..<0x20, 0x7F..<0xA0, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// `\uXXXX`, the JSON escape for a scalar of the Basic Multilingual Plane.
    public static func jsonEscape(_ s: Unicode.Scalar) -> String {
        let hex = String(s.value, radix: 16)
        return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// The common case, answered without building a new string.
    private static func isPrintableASCII(_ text: String, allowingNewlines: Bool) -> Bool {
        text.utf8.allSatisfy { ($0 >= 0x20 && $0 < 0x7F) || (allowingNewlines && $0 == 0x0A) }
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
