/// What one `{{…}}` tag of formula text is. Step descriptions in Gas Town and beads libraries mix our
/// `{{name}}` variables with Handlebars/Mustache blocks (`{{#each db}}…{{/each}}`, `{{^x}}`, `{{! note}}`)
/// and Go-template actions (`{{if .context}}…{{end}}`, `{{range .files}}`, `{{.problem}}`); only a bare
/// name outside a block that changes the context is a formula variable.
enum TemplateTag: Equatable {
    /// `{{name}}`: a formula variable (when not inside a context-changing block).
    case name
    /// Opens a block; `scoped` when names inside it belong to the block's item (`#each`, `#with`, a
    /// Mustache section, Go `range` / `with`), not when they are still the formula's (`#if`, `^x`, Go `if`).
    case open(scoped: Bool)
    /// `{{/x}}` or Go's `{{end}}`.
    case close
    /// Anything else: comments, `{{else}}`, dot paths, partials, function calls, …
    case other

    /// Words of the template languages, never formula variables.
    static let keywords: Set<String> = [
        "if", "else", "end", "each", "range", "with", "unless", "block", "define", "template", "break",
        "continue", "this",
    ]

    /// Classifies the inside of a tag (between `{{` and `}}`, surrounding blanks already removed).
    static func classify(_ inner: UnsafeBufferPointer<UInt8>) -> TemplateTag {
        var inner = inner
        // Go's whitespace trim markers: `{{- x -}}`.
        if inner.count >= 2, inner[0] == dash, isBlank(inner[1]) { inner = trimmed(inner, from: 1, to: inner.count) }
        if inner.count >= 2, inner[inner.count - 1] == dash, isBlank(inner[inner.count - 2]) {
            inner = trimmed(inner, from: 0, to: inner.count - 1)
        }
        guard let first = inner.first else { return .other }
        switch first {
        case UInt8(ascii: "#"):
            let word = firstWord(UnsafeBufferPointer(rebasing: inner[1...]))
            return .open(scoped: word != "if" && word != "unless")
        case UInt8(ascii: "^"): return .open(scoped: false)
        case UInt8(ascii: "/"): return .close
        default: break
        }
        let word = firstWord(inner)
        switch word {
        case "if": return .open(scoped: false)
        case "range", "with", "block", "define": return .open(scoped: true)
        case "end": return .close
        default: break
        }
        guard word.utf8.count == inner.count, !keywords.contains(word), FormulaValidator.isIdentifier(bytes: inner)
        else { return .other }
        return .name
    }

    private static let dash = UInt8(ascii: "-")

    static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    /// `bytes[from..<to]` without its surrounding blanks.
    static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> UnsafeBufferPointer<UInt8> {
        var a = from
        var b = to
        while a < b, isBlank(bytes[a]) { a += 1 }
        while b > a, isBlank(bytes[b - 1]) { b -= 1 }
        return UnsafeBufferPointer(rebasing: bytes[a..<b])
    }

    /// The first blank-separated word (`each` in `each db`), as text.
    static func firstWord(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var end = 0
        while end < bytes.count, !isBlank(bytes[end]) { end += 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[0..<end]), as: UTF8.self)
    }
}
