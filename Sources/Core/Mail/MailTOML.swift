import TOML

/// The TOML reading and writing mail needs: front matter and read-mark files.
public enum MailTOML {
    /// The project's TOML 1.1 decoder (errors carry line and column).
    public static func parse(_ text: String, file: String? = nil) throws(TOMLError) -> TOMLTable {
        try TOMLParser.parse(text, file: file)
    }

    /// `"..."` with the escapes TOML basic strings require (every control character escaped).
    public static func quoted(_ text: String) -> String { TOMLSerializer.basicString(text) }

    /// `["a", "b"]`.
    public static func quotedArray(_ items: [String]) -> String {
        "[" + items.map(quoted).joined(separator: ", ") + "]"
    }
}
