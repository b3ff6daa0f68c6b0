/// Whether one molecule meets its formula's day-completion criteria, and what it still lacks.
public struct MoleculeReadiness: Sendable, Hashable {
    public var molecule: String
    public var day: Int
    public var ready: Bool
    /// Every criterion with its status (empty for an unusable molecule).
    public var criteria: [CriterionStatus]
    /// One line per unmet requirement: "All tests pass at 100%: failing: 1 skipped test".
    public var missing: [String]

    public init(molecule: String, day: Int, ready: Bool, criteria: [CriterionStatus], missing: [String]) {
        self.molecule = molecule
        self.day = day
        self.ready = ready
        self.criteria = criteria
        self.missing = missing
    }
}

/// One day of a convoy: its molecules' readiness.
public struct DayReadiness: Sendable, Hashable {
    public var day: Int
    public var molecules: [MoleculeReadiness]

    public init(day: Int, molecules: [MoleculeReadiness]) {
        self.day = day
        self.molecules = molecules
    }

    /// Every molecule of the day is ready (a day without molecules has nothing missing).
    public var ready: Bool { molecules.allSatisfy(\.ready) }

    /// "molecule: what is missing", for every molecule not ready.
    public var missing: [String] {
        molecules.filter { !$0.ready }.flatMap { m in m.missing.map { "\(m.molecule): \($0)" } }
    }
}

/// The progression rule: a convoy's day advances only when every molecule of that day meets every
/// `day_completion_criteria` of its formula. A formula without criteria requires the molecule to be
/// complete (every step done). Pure.
public enum DayProgression {
    /// `overriddenGates`: gates a reviewer approved past (`--override-report`), with what to say; `checkpointRules`:
    /// what no longer holds of a finished step's approval rules (a stale report, an open blocking finding; not
    /// overridden) — each one more unmet criterion.
    public static func readiness(
        molecule: String, day: Int, formula: Formula?, progress: MoleculeProgress?, manualChecks: Set<String>,
        overriddenGates: [String: String] = [:],
        checkpointRules: [(description: String, step: String, problem: String)] = []
    ) -> MoleculeReadiness {
        guard let formula, let progress else {
            return MoleculeReadiness(
                molecule: molecule, day: day, ready: false, criteria: [],
                missing: ["the molecule is invalid (see `gastown molecule status \(molecule)`)"])
        }
        let rules = formula.progressionRules
        let reports = checkpointRules.map {
            CriterionStatus(
                criterion: CompletionCriterion(description: $0.description, requirement: .checkpointRules($0.step)),
                met: false, detail: $0.problem)
        }
        let reportMissing = reports.map { "\($0.criterion.description): \($0.detail)" }
        if rules.dayCompletionCriteria.isEmpty {
            let complete = StateMachine.isComplete(progress, formula: formula)
            let left = formula.steps.filter { progress.steps[$0.id]?.status != .done }.map(\.id)
            let missing =
                (complete
                    ? []
                    : ["steps not done (the formula has no day_completion_criteria): " + left.joined(separator: ", ")])
                + reportMissing
            return MoleculeReadiness(
                molecule: molecule, day: day, ready: missing.isEmpty, criteria: reports, missing: missing)
        }
        let statuses =
            rules.evaluate(progress, formula: formula, manualChecks: manualChecks, overriddenGates: overriddenGates)
            + reports
        let missing = statuses.filter { !$0.met }.map { "\($0.criterion.description): \($0.detail)" }
        return MoleculeReadiness(
            molecule: molecule, day: day, ready: missing.isEmpty, criteria: statuses, missing: missing)
    }
}
