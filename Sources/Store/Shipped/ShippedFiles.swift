/// A file shipped inside gastown: a formula or a report template, with its file name and text.
public struct ShippedFile: Sendable, Hashable {
    /// The file name in the repository (`integration-test-full-validation.toml`).
    public let name: String
    public let text: String

    public init(name: String, text: String) {
        self.name = name
        self.text = text
    }

    /// The name it is looked up by: the file name without `.formula.toml`, `.toml` or the template's extension.
    public var stem: String {
        for suffix in [".formula.toml", ".toml", ".md", ".mustache", ".txt"] where name.hasSuffix(suffix) {
            return String(name.dropLast(suffix.count))
        }
        return name
    }
}

/// The formulas and report templates built into the binary, so an installed gastown works in any repository
/// without the source tree. Their text comes from the repository's `formulas/` and `templates/` through
/// `scripts/generate-shipped` (ShippedFiles+Text.swift); a test checks the two are identical.
public enum ShippedFiles {
    /// What `gastown init` copies into `.beads/formulas/` (the seed's layout).
    public static let starterFormulas = ["integration-test-full-validation"]
    /// What `gastown init` copies into `.beads/templates/`.
    public static let starterTemplates = ["compliance-triage-report-v2"]

    public static func formula(named name: String) -> ShippedFile? { formulas.first { $0.stem == name } }

    public static func template(named name: String) -> ShippedFile? { templates.first { $0.stem == name } }
}
