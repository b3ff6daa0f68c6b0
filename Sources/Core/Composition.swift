import TOML

/// `[compose]`: how a formula is built from others, applied after `extends` is merged.
public struct ComposeRules: Sendable, Hashable {
    /// `expand` (one target step) and `map` (every step matching a glob), in the order written.
    public var expansions: [ExpandRule]
    /// `aspects`: aspect formulas whose advice is applied to this formula's steps.
    public var aspects: [FormulaReference]

    public init(expansions: [ExpandRule] = [], aspects: [FormulaReference] = []) {
        self.expansions = expansions
        self.aspects = aspects
    }

    public var isEmpty: Bool { expansions.isEmpty && aspects.isEmpty }

    /// A parent's rules first, then the child's.
    func merged(with child: ComposeRules) -> ComposeRules {
        ComposeRules(expansions: expansions + child.expansions, aspects: aspects + child.aspects)
    }
}

/// `{ target = "implement", with = "rule-of-five", vars = { … } }` (`expand`) or
/// `{ select = "*.implement", with = "…" }` (`map`).
public struct ExpandRule: Sendable, Hashable {
    public enum Target: Sendable, Hashable {
        /// `expand`: the step with this id.
        case step(String)
        /// `map`: every step whose id matches this glob.
        case matching(String)
    }

    public var target: Target
    /// The expansion or convoy formula whose steps replace the target.
    public var with: String
    /// Values for the `{{name}}` placeholders of the formula brought in.
    public var vars: [NamedText]
    /// `compose.expand[0]`, for messages.
    public var path: String
    /// Where `target` / `select`, `with` and each var were written.
    public var source: SourceMap

    public init(target: Target, with: String, vars: [NamedText] = [], path: String, source: SourceMap) {
        self.target = target
        self.with = with
        self.vars = vars
        self.path = path
        self.source = source
    }
}

/// Another formula named by this one (`[compose] aspects`), with where the name was written.
public struct FormulaReference: Sendable, Hashable {
    public var name: String
    public var file: String
    public var position: SourcePosition

    public init(name: String, file: String, position: SourcePosition) {
        self.name = name
        self.file = file
        self.position = position
    }
}

/// `[[advice]]`: steps an aspect puts before and after the steps it targets (`around.before`,
/// `around.after`, or `before` / `after`). Their ids and titles use `{step.id}` / `{step.title}`.
public struct AdviceRule: Sendable, Hashable {
    /// A glob over step ids (`implement`, `*.implement`, `*`); nil: the formula's pointcuts decide.
    public var target: String?
    public var before: [FormulaStep]
    public var after: [FormulaStep]
    /// `advice[0]`, for messages.
    public var path: String
    public var source: SourceMap

    public init(target: String?, before: [FormulaStep], after: [FormulaStep], path: String, source: SourceMap) {
        self.target = target
        self.before = before
        self.after = after
        self.path = path
        self.source = source
    }
}

/// `[[pointcuts]]`: which steps an aspect's advice without a `target` applies to. Each given field must match.
public struct Pointcut: Sendable, Hashable {
    public var glob: String?
    public var type: String?
    public var label: String?

    public init(glob: String? = nil, type: String? = nil, label: String? = nil) {
        self.glob = glob
        self.type = type
        self.label = label
    }

    public func matches(_ step: FormulaStep) -> Bool {
        if let glob, !Glob.matches(pattern: glob, path: step.id) { return false }
        if let type, step.type != type { return false }
        if let label, !step.labels.contains(label) { return false }
        return true
    }
}
