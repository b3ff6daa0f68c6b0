/// Makes untrusted text (from formulas, agents, other teams) safe to show: control characters,
/// escape sequences and bidirectional overrides never reach a terminal or a report raw. Pure.
public enum TextSafety {
    /// One line: every control character (newlines included) becomes a visible `�`-free replacement:
    /// tabs and newlines become spaces, other controls `?`, bidi controls are dropped.
    public static func singleLine(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x09, 0x0A, 0x0D: out.append(" ")
            case 0x00...0x1F, 0x7F...0x9F: out.append("?")
            case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: continue
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    /// Several lines: keeps newlines and tabs, replaces other controls (ESC included) with `?`.
    public static func multiLine(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x09, 0x0A: out.append(scalar)
            case 0x0D: continue
            case 0x00...0x1F, 0x7F...0x9F: out.append("?")
            case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: continue
            default: out.append(scalar)
            }
        }
        return String(out)
    }
}
