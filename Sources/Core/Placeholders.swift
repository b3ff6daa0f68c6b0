/// `{{name}}` placeholders in formula text, resolved from a molecule's variables. Pure.
public enum Placeholders {
    /// The names of the `{{name}}` placeholders in a text, in order (`{{#…}}`-style tags are skipped).
    public static func names(in text: String) -> [String] {
        var names: [String] = []
        scan(text) { name, _ in names.append(name) }
        return names
    }

    /// Replaces each `{{name}}` that has a value; unknown ones stay as written.
    public static func substitute(_ text: String, with values: [String: String]) -> String {
        guard text.contains("{{") else { return text }
        var result = ""
        var last = text.startIndex
        scan(text) { name, range in
            guard let value = values[name] else { return }
            result += text[last..<range.lowerBound]
            result += value
            last = range.upperBound
        }
        result += text[last...]
        return result
    }

    static func scan(_ text: String, _ found: (String, Range<String.Index>) -> Void) {
        var search = text.startIndex
        while let open = text.range(of: "{{", range: search..<text.endIndex) {
            guard let close = text.range(of: "}}", range: open.upperBound..<text.endIndex) else { return }
            let inner = String(text[open.upperBound..<close.lowerBound]).trimmingWhitespace()
            if FormulaValidator.isIdentifier(inner) {
                found(inner, open.lowerBound..<close.upperBound)
            }
            search = close.upperBound
        }
    }
}
