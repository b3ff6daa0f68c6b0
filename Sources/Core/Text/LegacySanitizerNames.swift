/// The old names of `TerminalText`, kept only for files other branches are still editing
/// (Store/Gates, Store/Reports, gastown/ReportCommand). They apply `TerminalText`'s one policy;
/// switch those call sites to `TerminalText` and delete this file.
public enum TextSafety {
    public static func singleLine(_ text: String) -> String { TerminalText.sanitizeLine(text) }
    public static func multiLine(_ text: String) -> String { TerminalText.sanitize(text) }
}

/// See `TextSafety`.
public enum TextSanitizer {
    public static func escape(_ text: String, keepNewlines: Bool = false) -> String {
        keepNewlines ? TerminalText.sanitize(text) : TerminalText.sanitizeLine(text)
    }
}
