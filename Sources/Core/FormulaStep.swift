import TOML

/// The APDC phase a step belongs to.
public enum StepKind: String, Sendable, Hashable, CaseIterable {
    case analysis, plan, `do`, check, document
}

/// What a step was written as: Gas Town's formula types each name their units differently, and
/// composition brings in steps from other formulas.
public enum StepRole: String, Sendable, Hashable, CaseIterable {
    /// `[[steps]]` of a workflow.
    case step
    /// `[[legs]]` of a convoy: parallel, all ready at once.
    case leg
    /// `[synthesis]` of a convoy: needs the legs.
    case synthesis
    /// `[[aspects]]` of an (older) aspect formula: parallel analyses.
    case aspect
    /// `[[template]]` of an expansion formula (placed in another formula by `[compose] expand`).
    case template
    /// A step an aspect's `[[advice]]` put before or after another.
    case advice
}

/// `[[steps]]`: one phase of a formula (also a convoy's leg or synthesis, an aspect, an expansion's
/// template step, an advice step: see `role`).
public struct FormulaStep: Sendable, Hashable {
    public var id: String
    public var title: String
    public var description: String?
    /// Steps that must be done first (`needs` and `depends_on` together, as declared).
    public var needs: [String]
    public var acceptance: String?
    public var assignee: String?
    /// The planned duration (the lower bound of a range such as `30m-45m`).
    public var duration: Duration?
    /// The upper bound of a range; equal to `duration` otherwise.
    public var maximumDuration: Duration?
    /// The duration as written, for display.
    public var durationText: String?
    public var tasks: [String]
    public var kind: StepKind?
    public var checkpoint: Checkpoint?
    public var gate: Gate?
    /// `report`: whether completing the step needs a current report (the formula's `template`); nil when
    /// not written (then a step with a compliance gate does, in a formula that names a template).
    public var report: Bool?
    /// Gas Town step fields we keep and show but do not interpret.
    public var type: String?
    public var labels: [String]
    public var priority: Int?
    /// What the step was written as.
    public var role: StepRole
    /// A convoy leg's or an aspect's `focus`: what it looks at.
    public var focus: String?
    /// Gas Town's `review_only`: the step reviews and changes nothing (kept and shown).
    public var reviewOnly: Bool
    /// Gas Town's `parallel`: in a formula that runs in file order, consecutive parallel steps all
    /// follow the step before them and may run at once; the next step waits for them all.
    public var parallel: Bool
    /// The formula a composed step came from (`[compose] expand`, `aspects`), nil for its own steps.
    public var origin: String?
    public var position: SourcePosition
    public var unknownKeys: [UnknownKey]
    /// Where each field was written (for diagnostics).
    public var source: SourceMap

    public init(
        id: String, title: String? = nil, description: String? = nil, needs: [String] = [],
        acceptance: String? = nil, assignee: String? = nil, duration: Duration? = nil,
        maximumDuration: Duration? = nil, durationText: String? = nil, tasks: [String] = [],
        kind: StepKind? = nil, checkpoint: Checkpoint? = nil, gate: Gate? = nil, report: Bool? = nil,
        type: String? = nil,
        labels: [String] = [], priority: Int? = nil, role: StepRole = .step, focus: String? = nil,
        reviewOnly: Bool = false, parallel: Bool = false, origin: String? = nil, position: SourcePosition = .unknown,
        unknownKeys: [UnknownKey] = [], source: SourceMap? = nil
    ) {
        self.id = id
        self.title = title ?? id
        self.description = description
        self.needs = needs
        self.acceptance = acceptance
        self.assignee = assignee
        self.duration = duration
        self.maximumDuration = maximumDuration ?? duration
        self.durationText = durationText
        self.tasks = tasks
        self.kind = kind
        self.checkpoint = checkpoint
        self.gate = gate
        self.report = report
        self.type = type
        self.labels = labels
        self.priority = priority
        self.role = role
        self.focus = focus
        self.reviewOnly = reviewOnly
        self.parallel = parallel
        self.origin = origin
        self.position = position
        self.unknownKeys = unknownKeys
        self.source = source ?? SourceMap(file: "<memory>", origin: position)
    }
}
