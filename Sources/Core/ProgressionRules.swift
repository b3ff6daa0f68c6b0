import TOML

/// `[progression_rules]`: what a molecule must meet before its convoy's day can advance.
public struct ProgressionRules: Sendable, Hashable {
    public var dayCompletionCriteria: [CompletionCriterion]

    public init(dayCompletionCriteria: [CompletionCriterion] = []) {
        self.dayCompletionCriteria = dayCompletionCriteria
    }
}

/// One day-completion criterion, in a form the tool can evaluate.
public struct CompletionCriterion: Sendable, Hashable {
    public enum Requirement: Sendable, Hashable {
        /// The gate's latest result passed.
        case gatePassed(String)
        /// The checkpoint's latest decision is an approval.
        case checkpointApproved(String)
        /// The step is done.
        case stepDone(String)
        /// A named check a person confirms by hand.
        case manual(String)
        /// What the approval of a step's checkpoint requires still holds — its report is current, no blocking
        /// finding is open (not written in formulas: added for the finished steps these rules apply to).
        case checkpointRules(String)
    }

    public var description: String
    public var requirement: Requirement
    public var position: SourcePosition
    /// Where each field was written (for diagnostics).
    public var source: SourceMap

    public init(
        description: String, requirement: Requirement, position: SourcePosition = .unknown, source: SourceMap? = nil
    ) {
        self.description = description
        self.requirement = requirement
        self.position = position
        self.source = source ?? SourceMap(file: "<memory>", origin: position)
    }
}

/// Whether one criterion is met for a molecule, and if not, why.
public struct CriterionStatus: Sendable, Hashable {
    public var criterion: CompletionCriterion
    public var met: Bool
    public var detail: String
}

extension ProgressionRules {
    /// Evaluates every criterion against a molecule's progress. `manualChecks` are the names confirmed by hand;
    /// `overriddenGates` the gates a reviewer approved past with a reason (`--override-report`), by gate id.
    public func evaluate(
        _ progress: MoleculeProgress, formula: Formula, manualChecks: Set<String> = [],
        overriddenGates: [String: String] = [:]
    ) -> [CriterionStatus] {
        dayCompletionCriteria.map { criterion in
            switch criterion.requirement {
            case .gatePassed(let gateID):
                guard let result = progress.gateResults[gateID] else {
                    return CriterionStatus(criterion: criterion, met: false, detail: "gate \(gateID) not checked yet")
                }
                if !result.passed, let override = overriddenGates[gateID] {
                    return CriterionStatus(
                        criterion: criterion, met: true, detail: "failing (\(result.summary)), but \(override)")
                }
                return CriterionStatus(
                    criterion: criterion, met: result.passed,
                    detail: (result.passed ? "passed: " : "failing: ") + result.summary)
            case .checkpointApproved(let checkpointID):
                let last = progress.history.last { $0.checkpointID == checkpointID }
                switch last?.decision {
                case .approved?:
                    return CriterionStatus(criterion: criterion, met: true, detail: "approved by \(last!.reviewer)")
                case .rejected?:
                    return CriterionStatus(criterion: criterion, met: false, detail: "rejected by \(last!.reviewer)")
                case nil:
                    return CriterionStatus(
                        criterion: criterion, met: false, detail: "checkpoint \(checkpointID) not decided yet")
                }
            case .stepDone(let stepID):
                let status = progress.steps[stepID]?.status
                return CriterionStatus(
                    criterion: criterion, met: status == .done,
                    detail: "step \(stepID) is \(status?.rawValue ?? "unknown")")
            case .manual(let name):
                let met = manualChecks.contains(name)
                return CriterionStatus(
                    criterion: criterion, met: met,
                    detail: met ? "confirmed" : "manual check \(name) not confirmed")
            case .checkpointRules(let step):
                return CriterionStatus(criterion: criterion, met: true, detail: "the rules of \(step) hold")
            }
        }
    }
}
