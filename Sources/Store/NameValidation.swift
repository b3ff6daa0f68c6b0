import Core
import DisplayText

/// Names that become directory or file names: convoys, molecules, teams, checkpoints, reviewers.
/// The rule itself is Core's `PlainName` (formulas check their step ids by it too).
public enum NameValidation {
    public static let maximumLength = PlainName.maximumLength

    /// Checks `name`; `field` names what it is in the error (e.g. "convoy name", "--reviewer").
    public static func validate(_ name: String, field: String) throws(StoreError) {
        if let problem = problem(with: name) {
            throw StoreError(.invalidInput, "invalid \(field) \"\(TerminalText.sanitizeLine(name))\": \(problem)")
        }
    }

    /// What is wrong with `name`, or nil if it is fine.
    public static func problem(with name: String) -> String? { PlainName.problem(with: name) }
}
