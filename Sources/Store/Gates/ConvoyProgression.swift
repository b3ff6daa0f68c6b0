import Core
import DisplayText
import Foundation

/// A convoy's days: its current day and, per day that has molecules, which are ready.
public struct ConvoyProgress: Sendable {
    public var convoy: String
    public var currentDay: Int
    /// Every day with molecules, plus the current day; ascending.
    public var days: [DayReadiness]

    public var current: DayReadiness {
        days.first { $0.day == currentDay } ?? DayReadiness(day: currentDay, molecules: [])
    }
}

extension BeadsStore {
    /// Readiness of every molecule of a convoy against its formula's day-completion criteria.
    public func convoyProgress(_ convoy: String, molecules loaded: [MoleculeState]? = nil) throws(StoreError)
        -> ConvoyProgress
    {
        let file = try requireConvoy(convoy)
        return Self.progress(convoy: convoy, currentDay: file.day, molecules: loaded ?? loadMolecules(inConvoy: convoy))
    }

    static func progress(convoy: String, currentDay: Int, molecules: [MoleculeState]) -> ConvoyProgress {
        var byDay: [Int: [MoleculeReadiness]] = [currentDay: []]
        for m in molecules {
            let overrides = m.reportOverrides
            byDay[m.day, default: []].append(
                DayProgression.readiness(
                    molecule: m.name, day: m.day, formula: m.formula, progress: m.progress,
                    manualChecks: m.gateRecords.confirmedChecks,
                    overriddenGates: overrides.gates, checkpointRules: overrides.checkpointRules))
        }
        return ConvoyProgress(
            convoy: convoy, currentDay: currentDay,
            days: byDay.keys.sorted().map { DayReadiness(day: $0, molecules: byDay[$0]!) })
    }

    /// Moves the convoy to its next day if every molecule of the current day is ready; otherwise refuses
    /// (nothing written) with the list of what is missing. Evaluated and written under the convoy's lock.
    public func advanceDay(convoy name: String) throws(StoreError) -> (from: Int, to: Int, day: DayReadiness) {
        _ = try requireConvoy(name)
        return try FileLock.withLock(layout.convoyLock(name), timeout: lockTimeout) { () throws(StoreError) in
            var (file, previous) = try convoyForRewrite(name)
            let day = Self.progress(convoy: name, currentDay: file.day, molecules: loadMolecules(inConvoy: name))
                .current
            guard day.ready else {
                let lines = day.missing.map { "  - " + TerminalText.sanitizeLine($0) }.joined(separator: "\n")
                throw StoreError(
                    .refused,
                    "convoy \(name) stays on day \(file.day): \(day.molecules.filter { !$0.ready }.count) of \(day.molecules.count) molecules are not ready:\n\(lines)"
                )
            }
            let from = file.day
            guard from < StoreCounter.maximum else {
                throw StoreError(.refused, "convoy \(name) is on day \(from), the last day there can be")
            }
            file.day += 1
            try writeConvoy(file, replacing: previous)
            return (from, file.day, day)
        }
    }
}

extension MoleculeState {
    /// The day rules for finished steps whose checkpoint approval has rules (docs/reports.md): the report must be
    /// current and no blocking finding open, as when the checkpoint was approved — unless that approval (this
    /// attempt) recorded a reviewer's `--override-report` reason. Returns the gates so overridden (what to say),
    /// and what no longer holds. An open finding is left to a day criterion that already checks the step's gate.
    var reportOverrides:
        (
            gates: [String: String], checkpointRules: [(description: String, step: String, problem: String)]
        )
    {
        guard let formula, let progress else { return ([:], []) }
        let checkedGates = Set(
            formula.progressionRules.dayCompletionCriteria.compactMap { criterion -> String? in
                if case .gatePassed(let id) = criterion.requirement { return id }
                return nil
            })
        var gates: [String: String] = [:]
        var rules: [(description: String, step: String, problem: String)] = []
        for step in formula.steps where progress.steps[step.id]?.status == .done {
            let attempt = progress.steps[step.id]?.attempt ?? 1
            let override = step.checkpoint.flatMap { checkpoint in
                trail.decidingRecords.first {
                    $0.checkpoint == checkpoint.id && $0.attempt == attempt && $0.decision == .approved
                        && !$0.overrideReport.isEmpty
                }
            }
            if let override, let gate = step.gate {
                gates[gate.id] = "approved by \(override.reviewer) with --override-report: \(override.overrideReport)"
            }
            guard override == nil else { continue }
            if let problem = reportStatus(forStep: step.id)?.problem {
                rules.append(("Report of \(step.id) current", step.id, problem))
            }
            if let gate = step.gate, !checkedGates.contains(gate.id),
                let findings = approvalBlockers(forStep: step.id).first(where: { $0.contains("open blocking finding") })
            {
                rules.append(("No open blocking finding at \(step.id)", step.id, findings))
            }
        }
        return (gates, rules)
    }
}
