import TOML

/// Something wrong found while loading or verifying the store: a file that does not parse,
/// violates its formula, claims unapproved progress, or breaks the audit chain.
/// The rest of the store keeps working; problems are reported, never fatal.
public struct StoreProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Category: String, Sendable, Hashable, CaseIterable {
        /// The file is not valid TOML.
        case parse
        /// A field is missing, has the wrong type, or an invalid value.
        case schema
        /// The molecule does not fit its formula (unknown step, unknown formula...).
        case formula
        /// The molecule claims progress no verified decision allows.
        case unapprovedProgress = "unapproved-progress"
        /// An audit record was edited, removed, inserted out of order or misplaced.
        case audit
        /// A human act (decision, reviewer change, resolution) that does not count: unsigned, forged, signed by
        /// someone who was not a reviewer, future-dated.
        case signature
        /// The workspace differs from what this user accepted (a reviewer-trail genesis, the signing policy), or
        /// convoy.toml's reviewers differ from the signed reviewer trail.
        case trust
        /// A gate's recorded `passed` (in molecule.toml or its evidence file) disagrees with the verdict
        /// recomputed from the evidence, or has no evidence behind it: the gate counts as failing until it is
        /// checked again.
        case gateClaim = "gate-claim"
        /// A merge of two clones set a value aside (`[conflicts]`): both changed the field and the later won.
        case mergeConflict = "merge-conflict"
    }

    public enum Severity: String, Sendable, Hashable { case error, warning }

    public var category: Category
    public var severity: Severity
    /// Path relative to the workspace.
    public var file: String
    public var position: SourcePosition
    public var message: String

    public init(
        _ category: Category, file: String, position: SourcePosition = .unknown,
        message: String, severity: Severity = .error
    ) {
        self.category = category
        self.severity = severity
        self.file = file
        self.position = position
        self.message = message
    }

    /// `file:line:column: error: message` (the position is left out when unknown).
    public var description: String {
        let location = position.isKnown ? "\(file):\(position.line):\(position.column)" : file
        return "\(location): \(severity.rawValue): \(message)"
    }
}
