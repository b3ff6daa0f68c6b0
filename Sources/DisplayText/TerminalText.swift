/// The one sanitizer for untrusted text (mail, file names, TOML strings, agent output) on its way to a
/// terminal or a message.
///
/// Control characters and escape sequences in data are shown escaped, never sent to the terminal:
/// ESC becomes "␛" (the rest of an escape sequence stays as plain printable text), other C0 controls their
/// Control Pictures symbol (U+2400 + n), DEL "␡", C1 controls and bidirectional overrides/isolates (the
/// "Trojan Source" characters) and unassigned code points U+FFFD; the other invisible format characters (zero-width
/// space and joiners, the bidi marks U+200E/U+200F/U+061C, word joiner, BOM, soft hyphen, tags…) are shown as
/// `<U+200B>`, except a zero-width joiner inside an emoji sequence; tabs expand to the next multiple of 8
/// columns; a combining mark that starts a line (nothing to combine with) is shown on a dotted circle "◌".
/// `sanitize` keeps newlines (`\r\n` becomes `\n`); `sanitizeLine` shows them as "␤". Wide characters,
/// emoji and mojibake (e.g. "Ã©", "â€™") are kept as they are: each is a printable character of known width
/// (`DisplayWidth`, which counts each replaced character as its picture). Fitting text into columns is
/// `TextLayout`'s job.
public enum TerminalText {
    /// Sanitizes a multi-line text; `\r\n` line ends become `\n`.
    public static func sanitize(_ text: String) -> String {
        if isPrintableASCII(text, allowingNewlines: true) { return text }
        return TextLines.lines(of: text).map { sanitizeLine(String($0)) }.joined(separator: "\n")
    }

    /// Sanitizes text meant for a single line (a table cell, a subject, an error message): newlines become "␤".
    public static func sanitizeLine(_ text: String) -> String {
        if isPrintableASCII(text, allowingNewlines: false) { return text }
        var done = ""  // Sanitized text up to the last tab, `column` columns wide.
        var column = 0
        var out = String.UnicodeScalarView()  // Sanitized text since the last tab.
        for s in text.unicodeScalars {
            switch s.value {
            case 0x09:
                column += DisplayWidth.columns(of: String(out), startingLine: done.isEmpty)
                done += String(out)
                out = String.UnicodeScalarView()
                let spaces = 8 - column % 8
                done += String(repeating: " ", count: spaces)
                column += spaces
            case 0x0A:
                out.append("\u{2424}")
            case 0x00..<0x20:  // ESC becomes "␛".
                out.append(Unicode.Scalar(0x2400 + s.value)!)
            case 0x7F:
                out.append("\u{2421}")
            case 0x80..<0xA0, 0x202A...0x202E, 0x2066...0x2069, 0xFFF9...0xFFFB:
                out.append("\u{FFFD}")
            case 0x2028, 0x2029:
                out.append(" ")
            default:
                let category = s.properties.generalCategory
                if category == .unassigned || category == .surrogate {
                    out.append("\u{FFFD}")
                } else if category == .format, !isEmojiJoiner(s, after: out.last) {
                    out.append(contentsOf: visibleName(of: s).unicodeScalars)
                } else if out.isEmpty, done.isEmpty,
                    category == .nonspacingMark || category == .enclosingMark
                        || category == .spacingMark
                {
                    out.append("\u{25CC}")
                    out.append(s)
                } else {
                    out.append(s)
                }
            }
        }
        return done + String(out)
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

    /// An invisible format character as text: `<U+200B>`.
    static func visibleName(of s: Unicode.Scalar) -> String {
        let hex = String(s.value, radix: 16, uppercase: true)
        return "<U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + ">"
    }

    /// Whether `scalars` hold a format character `sanitizeLine` shows by its code (`<U+200D>`).
    static func showsFormatCharacter(in scalars: String.UnicodeScalarView) -> Bool {
        var previous: Unicode.Scalar?
        for s in scalars {
            if s.value >= 0xAD, s.properties.generalCategory == .format, !isEmojiJoiner(s, after: previous) {
                return true
            }
            previous = s
        }
        return false
    }

    /// A zero-width joiner that joins an emoji to the next (👩‍💻), or a tag of a flag (🏴 + tags + cancel tag):
    /// part of one picture, not hidden text.
    static func isEmojiJoiner(_ s: Unicode.Scalar, after previous: Unicode.Scalar?) -> Bool {
        guard let previous else { return false }
        let afterEmoji = (previous.properties.isEmoji && previous.value > 0x7F) || previous.value == 0xFE0F
        switch s.value {
        case 0x200D: return afterEmoji
        case 0xE0020...0xE007F: return afterEmoji || (0xE0020...0xE007E).contains(previous.value)
        default: return false
        }
    }

    /// The common case, answered without building a new string.
    private static func isPrintableASCII(_ text: String, allowingNewlines: Bool) -> Bool {
        text.utf8.allSatisfy { ($0 >= 0x20 && $0 < 0x7F) || (allowingNewlines && $0 == 0x0A) }
    }
}
