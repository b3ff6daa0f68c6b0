import TOML

/// A workflow definition: ordered or DAG-linked steps with checkpoints and gates, plus the rules around them.
/// Build one with `FormulaLoader.load`, or in code (tests) with `init`.
public struct Formula: Sendable, Hashable {
    public var name: String
    public var version: FormulaVersion?
    public var description: String?
    /// Gas Town's `type` as written (`kind` is the type in effect).
    public var type: FormulaType?
    /// Parent formulas, as written (already merged into this one by the loader).
    public var extends: [String]
    /// Variables in declaration order.
    public var variableList: [FormulaVariable]
    /// The steps a molecule follows: a workflow's steps, a convoy's legs and synthesis, an aspect
    /// formula's aspects, with composition applied.
    public var steps: [FormulaStep] {
        didSet { (indexByStepID, prerequisiteIndexes) = Self.links(of: steps) }
    }
    /// An expansion formula's `[[template]]` steps, placeholders (`{target}`) as written.
    public var templateSteps: [FormulaStep]
    /// `[[advice]]`, applied to this formula's own steps, or to others' through `[compose] aspects`.
    public var advice: [AdviceRule]
    public var pointcuts: [Pointcut]
    /// `[compose]`: expansions and aspects (already applied to `steps` by the loader).
    public var compose: ComposeRules
    /// A convoy's `[prompts]` and `[output]`: kept and shown, not interpreted.
    public var prompts: [NamedText]
    public var output: [NamedText]
    public var antiPatterns: [AntiPattern]
    public var authoritativeSources: [String]
    public var validationCategories: [String]
    public var progressionRules: ProgressionRules
    /// The report template's name or path (e.g. `compliance-triage-report-v2`).
    public var template: String?
    public var unknownKeys: [UnknownKey]
    /// The file it came from (for messages).
    public var file: String

    /// Per step index: indexes of the steps it needs, after applying the file-order rule.
    public private(set) var prerequisiteIndexes: [[Int]]
    public private(set) var indexByStepID: [String: Int]

    public init(
        name: String, version: FormulaVersion? = nil, description: String? = nil, type: FormulaType? = nil,
        extends: [String] = [], variables: [FormulaVariable] = [], steps: [FormulaStep],
        templateSteps: [FormulaStep] = [], advice: [AdviceRule] = [], pointcuts: [Pointcut] = [],
        compose: ComposeRules = ComposeRules(), prompts: [NamedText] = [], output: [NamedText] = [],
        antiPatterns: [AntiPattern] = [], authoritativeSources: [String] = [],
        validationCategories: [String] = [], progressionRules: ProgressionRules = ProgressionRules(),
        template: String? = nil, unknownKeys: [UnknownKey] = [], file: String = "<memory>"
    ) {
        self.name = name
        self.version = version
        self.description = description
        self.type = type
        self.extends = extends
        self.variableList = variables
        self.steps = steps
        self.templateSteps = templateSteps
        self.advice = advice
        self.pointcuts = pointcuts
        self.compose = compose
        self.prompts = prompts
        self.output = output
        self.antiPatterns = antiPatterns
        self.authoritativeSources = authoritativeSources
        self.validationCategories = validationCategories
        self.progressionRules = progressionRules
        self.template = template
        self.unknownKeys = unknownKeys
        self.file = file
        (indexByStepID, prerequisiteIndexes) = Self.links(of: steps)
    }

    /// The type in effect: as written, else inferred from the content as Gas Town does (legs: convoy,
    /// template steps only: expansion, aspects or advice only: aspect, otherwise workflow).
    public var kind: FormulaType {
        if let type { return type }
        if steps.contains(where: { $0.role == .leg || $0.role == .synthesis }) { return .convoy }
        if steps.isEmpty && !templateSteps.isEmpty { return .expansion }
        if steps.contains(where: { $0.role == .aspect }) || (steps.isEmpty && !advice.isEmpty) { return .aspect }
        return .workflow
    }

    /// When no step declares `needs`, each step needs the one before it (file order), and a run of
    /// `parallel` steps all need the step before the run (the next step needs the whole run);
    /// otherwise the declared DAG holds. Unknown ids are ignored here (validation reports them).
    static func links(of steps: [FormulaStep]) -> ([String: Int], [[Int]]) {
        var index: [String: Int] = [:]
        index.reserveCapacity(steps.count)
        for (i, step) in steps.enumerated() where index[step.id] == nil { index[step.id] = i }
        guard !steps.allSatisfy({ $0.needs.isEmpty }) else { return (index, fileOrderLinks(of: steps)) }
        let prerequisites: [[Int]] = steps.indices.map { i in
            var result: [Int] = []
            for need in steps[i].needs {
                if let j = index[need], j != i, !result.contains(j) { result.append(j) }
            }
            return result
        }
        return (index, prerequisites)
    }

    private static func fileOrderLinks(of steps: [FormulaStep]) -> [[Int]] {
        var prerequisites: [[Int]] = []
        prerequisites.reserveCapacity(steps.count)
        var waitFor: [Int] = []  // what the next ordinary step needs
        var run: [Int] = []  // the current run of parallel steps
        var runWaitsFor: [Int] = []
        for i in steps.indices {
            if steps[i].parallel {
                if run.isEmpty { runWaitsFor = waitFor }
                prerequisites.append(runWaitsFor)
                run.append(i)
            } else {
                if !run.isEmpty { (waitFor, run) = (run, []) }
                prerequisites.append(waitFor)
                waitFor = [i]
            }
        }
        return prerequisites
    }

    /// The same formula with each step's prerequisites written out as `needs` (the file-order rule made
    /// explicit), so steps can be inserted or replaced without changing what the others wait for.
    func withExplicitNeeds() -> Formula {
        guard runsInFileOrder else { return self }
        var copy = self
        var explicit = steps
        for i in explicit.indices { explicit[i].needs = prerequisiteIndexes[i].map { steps[$0].id } }
        copy.steps = explicit
        return copy
    }

    /// True when the steps run in file order (no step declares `needs`).
    public var runsInFileOrder: Bool { steps.allSatisfy { $0.needs.isEmpty } }

    public var variables: [String: FormulaVariable] {
        Dictionary(variableList.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func step(_ id: String) -> FormulaStep? { indexByStepID[id].map { steps[$0] } }

    /// Whether the formula has a step `id` (without copying the step, as `step(_:)` does).
    public func hasStep(_ id: String) -> Bool { indexByStepID[id] != nil }

    /// The ids a step waits for (declared `needs`, or the previous step in file order).
    public func prerequisites(of stepID: String) -> [String] {
        guard let i = indexByStepID[stepID] else { return [] }
        return prerequisiteIndexes[i].map { steps[$0].id }
    }

    /// Every step that depends on `stepID`, directly or not, in formula order.
    public func descendants(of stepID: String) -> [String] {
        guard let start = indexByStepID[stepID] else { return [] }
        var reached = Array(repeating: false, count: steps.count)
        reached[start] = true
        // A step's prerequisites come first in any valid formula, but walk to a fixed point to be safe.
        var changed = true
        while changed {
            changed = false
            for i in steps.indices where !reached[i] && prerequisiteIndexes[i].contains(where: { reached[$0] }) {
                reached[i] = true
                changed = true
            }
        }
        return steps.indices.filter { $0 != start && reached[$0] }.map { steps[$0].id }
    }

    /// Every step `stepID` depends on, directly or not.
    public func ancestors(of stepID: String) -> Set<String> {
        guard let start = indexByStepID[stepID] else { return [] }
        var result = Set<Int>()
        var stack = prerequisiteIndexes[start]
        while let i = stack.popLast() {
            if result.insert(i).inserted { stack.append(contentsOf: prerequisiteIndexes[i]) }
        }
        return Set(result.map { steps[$0].id })
    }

    /// Whether `stepID` depends on `otherID`, directly or not.
    public func dependsOn(_ stepID: String, _ otherID: String) -> Bool {
        guard let start = indexByStepID[stepID], let target = indexByStepID[otherID] else { return false }
        var visited = Array(repeating: false, count: steps.count)
        var stack = prerequisiteIndexes[start]
        while let i = stack.popLast() {
            if i == target { return true }
            if !visited[i] {
                visited[i] = true
                stack.append(contentsOf: prerequisiteIndexes[i])
            }
        }
        return false
    }

    /// The step that owns a checkpoint id.
    public func stepOwning(checkpoint checkpointID: String) -> FormulaStep? {
        steps.first { $0.checkpoint?.id == checkpointID }
    }

    /// The step that owns a gate id.
    public func stepOwning(gate gateID: String) -> FormulaStep? {
        steps.first { $0.gate?.id == gateID }
    }

    /// The report template a step needs a current report of before it completes, or nil: a step with
    /// `report = true`, or (unless it says `report = false`) a step with a compliance gate in a formula that
    /// names a `template` — the seed's "generated by the compliance-triage step". The template is the
    /// formula's `template`, else `defaultTemplate`.
    public func reportTemplate(forStep stepID: String, defaultTemplate: String) -> String? {
        guard let step = step(stepID) else { return nil }
        switch step.report {
        case true?: return template ?? defaultTemplate
        case false?: return nil
        case nil:
            guard let template, case .compliance = step.gate?.type else { return nil }
            return template
        }
    }

    public var checkpoints: [Checkpoint] { steps.compactMap(\.checkpoint) }
    public var gates: [Gate] { steps.compactMap(\.gate) }

    /// Sum of the planned durations (lower and upper bounds).
    public var totalPlannedTime: (minimum: Duration, maximum: Duration) {
        steps.reduce((Duration.zero, Duration.zero)) { sum, step in
            (sum.0 + (step.duration ?? .zero), sum.1 + (step.maximumDuration ?? step.duration ?? .zero))
        }
    }
}
