/// Gas Town's four formula types. Each names its units differently; all become steps.
public enum FormulaType: String, Sendable, Hashable, CaseIterable {
    /// `[[steps]]` with `needs` / `depends_on` (or file order).
    case workflow
    /// Parallel `[[legs]]` and a `[synthesis]` that needs them.
    case convoy
    /// `[[template]]` steps that replace a target step of another formula (`[compose] expand`).
    case expansion
    /// `[[advice]]` applied around other formulas' steps (`[compose] aspects`), or parallel `[[aspects]]`.
    case aspect

    /// `workflow, convoy, expansion or aspect`, for messages.
    static var namesText: String {
        let names = allCases.map(\.rawValue)
        return names.dropLast().joined(separator: ", ") + " or " + names.last!
    }
}

/// A named piece of text kept from a formula: a prompt, an output setting, an expansion's variable.
public struct NamedText: Sendable, Hashable {
    public var name: String
    public var text: String

    public init(name: String, text: String) {
        self.name = name
        self.text = text
    }
}
