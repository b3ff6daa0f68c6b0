/// Turns untrusted text (agent output, file names, TOML strings) into text that is safe to draw:
/// control characters and escape sequences become visible symbols, so nothing reaches the
/// terminal raw and every character has a known, non-negative width.
public enum Sanitizer {
    /// One line of display text. Newlines become `␤`, tabs a space, ESC `␛`, other C0 controls
    /// their Control Pictures symbol (`␀`…`␟`), DEL `␡`, C1 controls and bidirectional overrides `�`,
    /// and a combining mark with nothing to combine with is shown on a dotted circle `◌`.
    public static func line(_ text: String) -> String {
        if isPlainASCII(text) { return text }
        var result = String.UnicodeScalarView()
        var previousWasBase = false
        for scalar in text.unicodeScalars {
            let value = scalar.value
            switch value {
            case 0x09:
                result.append(" ")
                previousWasBase = true
            case 0x0A:
                result.append("\u{2424}")
                previousWasBase = true
            case 0x1B:
                result.append("\u{241B}")
                previousWasBase = true
            case 0x00..<0x20:
                result.append(Unicode.Scalar(0x2400 + value)!)
                previousWasBase = true
            case 0x7F:
                result.append("\u{2421}")
                previousWasBase = true
            case 0x80..<0xA0, 0x202A...0x202E, 0x2066...0x2069, 0xFFF9...0xFFFB:
                result.append("\u{FFFD}")
                previousWasBase = true
            default:
                let width = DisplayWidth.of(scalar)
                if width < 0 {
                    result.append("\u{FFFD}")
                    previousWasBase = true
                } else if width == 0 && !previousWasBase && isCombining(scalar) {
                    result.append("\u{25CC}")
                    result.append(scalar)
                    previousWasBase = true
                } else {
                    result.append(scalar)
                    previousWasBase = true
                }
            }
        }
        return String(result)
    }

    /// Multi-line text: split on newlines, each line sanitized.
    public static func lines(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line(String($0)) }
    }

    private static func isPlainASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }

    private static func isCombining(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .spacingMark: return true
        default: return false
        }
    }
}
