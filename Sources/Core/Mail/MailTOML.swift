import TOML

/// The TOML reading and writing mail needs: front matter and read-mark files.
public enum MailTOML {
    /// The project's TOML 1.1 decoder (errors carry line and column).
    public static func parse(_ text: String, file: String? = nil) throws(TOMLError) -> TOMLTable {
        try TOMLParser.parse(text, file: file)
    }

    /// `"..."` with the escapes TOML basic strings require (every control character escaped).
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for s in text.unicodeScalars {
            switch s {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if s.value < 0x20 || s.value == 0x7F {
                    let hex = String(s.value, radix: 16, uppercase: true)
                    out += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                } else {
                    out.unicodeScalars.append(s)
                }
            }
        }
        return out + "\""
    }

    /// `["a", "b"]`.
    public static func quotedArray(_ items: [String]) -> String {
        "[" + items.map(quoted).joined(separator: ", ") + "]"
    }
}
