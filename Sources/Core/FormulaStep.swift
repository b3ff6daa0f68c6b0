import TOML

/// The APDC phase a step belongs to.
public enum StepKind: String, Sendable, Hashable, CaseIterable {
    case analysis, plan, `do`, check, document
}

/// `[[steps]]`: one phase of a formula.
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
    /// Gas Town step fields we keep and show but do not interpret.
    public var type: String?
    public var labels: [String]
    public var priority: Int?
    public var position: SourcePosition
    public var unknownKeys: [UnknownKey]
    /// Where each field was written (for diagnostics).
    public var source: SourceMap

    public init(
        id: String, title: String? = nil, description: String? = nil, needs: [String] = [],
        acceptance: String? = nil, assignee: String? = nil, duration: Duration? = nil,
        maximumDuration: Duration? = nil, durationText: String? = nil, tasks: [String] = [],
        kind: StepKind? = nil, checkpoint: Checkpoint? = nil, gate: Gate? = nil, type: String? = nil,
        labels: [String] = [], priority: Int? = nil, position: SourcePosition = .unknown,
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
        self.type = type
        self.labels = labels
        self.priority = priority
        self.position = position
        self.unknownKeys = unknownKeys
        self.source = source ?? SourceMap(file: "<memory>", origin: position)
    }
}
