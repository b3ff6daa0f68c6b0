import Core
import Foundation

/// The agent verbs on a molecule's steps (`gastown molecule start/complete/assign/record-tests`):
/// which step a verb acts on when none is named, and the change itself, both decided here and by
/// the state machine, under the molecule's lock, so every caller produces the same state.
extension BeadsStore {
    /// Starts `step`, or else the first step ready to start (in formula order); returns the molecule,
    /// the step started and the other steps that were ready with it (a convoy's legs, DAG branches).
    /// `agent`: the name of the agent starting it (`GASTOWN_AGENT`), who becomes the step's assignee when the
    /// step has none (the molecule's own assignee is left alone).
    @discardableResult
    public func start(molecule name: String, step requested: String?, agent: String? = nil, now: Date)
        throws(StoreError) -> (state: MoleculeState, step: String, alsoReady: [String])
    {
        if let requested { try NameValidation.validate(requested, field: "step id") }
        if let agent { try NameValidation.validate(agent, field: "GASTOWN_AGENT") }
        var alsoReady: [String] = []
        var chosen = ""
        let state = try update(molecule: name, now: now) { (_, progress, formula) throws(StoreError) in
            if let requested {
                chosen = requested
            } else {
                let ready = StateMachine.readySteps(in: progress, formula: formula)
                guard let first = ready.first else {
                    throw StoreError(.refused, "no step of \(name) is ready to start")
                }
                chosen = first
                alsoReady = Array(ready.dropFirst())
            }
            progress = try Self.starting([chosen], in: progress, formula: formula, agent: agent, now: now)
        }
        return (state, chosen, alsoReady)
    }

    /// Starts every step that is ready now, at once (a convoy's legs); returns them in formula order.
    @discardableResult
    public func startAll(molecule name: String, agent: String? = nil, now: Date) throws(StoreError) -> (
        state: MoleculeState, steps: [String]
    ) {
        if let agent { try NameValidation.validate(agent, field: "GASTOWN_AGENT") }
        var started: [String] = []
        let state = try update(molecule: name, now: now) { (_, progress, formula) throws(StoreError) in
            started = StateMachine.readySteps(in: progress, formula: formula)
            guard !started.isEmpty else { throw StoreError(.refused, "no step of \(name) is ready to start") }
            progress = try Self.starting(started, in: progress, formula: formula, agent: agent, now: now)
        }
        return (state, started)
    }

    /// Starts `steps`; an agent becomes the assignee of each one that has none.
    private static func starting(
        _ steps: [String], in progress: MoleculeProgress, formula: Formula, agent: String?, now: Date
    ) throws(StoreError) -> MoleculeProgress {
        var progress = progress
        for step in steps {
            progress = try StateMachine.applying(.start(step: step), to: progress, formula: formula, now: now)
            if let agent, progress.steps[step]?.assignee == nil {
                progress = try StateMachine.applying(
                    .assign(step: step, assignee: agent), to: progress, formula: formula, now: now)
            }
        }
        return progress
    }

    /// Completes `step`, or else the only step being worked on: done, or awaiting approval when it has
    /// a checkpoint. A refused completion is a `.refused` error with the state machine's reason.
    ///
    /// A step that needs a report (`Formula.reportTemplate`: the compliance triage) then gets one: the template
    /// is rendered for this attempt unless a current report exists (`report` is nil then). The template and
    /// the finding files are checked first, so a completion never leaves a report step without its report.
    @discardableResult
    public func complete(molecule name: String, step requested: String?, now: Date) throws(StoreError) -> (
        state: MoleculeState, step: String, report: RenderedReport?
    ) {
        let before = try loadMolecule(name)
        var template: String?
        if let formula = before.formula, let progress = before.progress {
            let id: String
            if let requested { id = requested } else { id = try Self.stepToComplete(name, progress, formula) }
            template = formula.reportTemplate(forStep: id, defaultTemplate: ReportStore.defaultTemplate)
            if let template {
                _ = try ReportStore.findTemplate(template, layout: layout)
                if let unreadable = before.unreadableFindings.first {
                    throw StoreError(
                        .io, "cannot complete step \(id): its report needs the finding file \(unreadable) fixed first")
                }
            }
        }
        let (state, step) = try apply(MoleculeEvent.complete, molecule: name, step: requested, now: now) {
            (progress, formula) throws(StoreError) in
            try Self.stepToComplete(name, progress, formula)
        }
        guard let template else { return (state, step, nil) }
        let completed = try loadMolecule(name)
        if completed.reportStatus(forStep: step)?.isCurrent == true { return (completed, step, nil) }
        let report = try renderReport(molecule: name, template: template)
        return (try loadMolecule(name), step, report)
    }

    /// Applies `event` to the `requested` step, or else to the one `choose` picks, under the molecule's lock.
    private func apply(
        _ event: (String) -> MoleculeEvent, molecule name: String, step requested: String?, now: Date,
        choose: (MoleculeProgress, Formula) throws(StoreError) -> String
    ) throws(StoreError) -> (state: MoleculeState, step: String) {
        if let requested { try NameValidation.validate(requested, field: "step id") }
        var chosen = ""
        let state = try update(molecule: name, now: now) { (_, progress, formula) throws(StoreError) in
            if let requested { chosen = requested } else { chosen = try choose(progress, formula) }
            progress = try StateMachine.applying(event(chosen), to: progress, formula: formula, now: now)
        }
        return (state, chosen)
    }

    /// The step `complete` acts on when none is named: the only one being worked on (active or blocked).
    public func stepToComplete(molecule name: String) throws(StoreError) -> String {
        let state = try loadMolecule(name)
        guard let progress = state.progress, let formula = state.formula else {
            throw StoreError(.io, "molecule \(name) cannot be read")
        }
        return try Self.stepToComplete(name, progress, formula)
    }

    private static func stepToComplete(_ name: String, _ progress: MoleculeProgress, _ formula: Formula)
        throws(StoreError) -> String
    {
        let working = StateMachine.workingSteps(in: progress, formula: formula)
        guard working.count == 1 else {
            throw StoreError(
                .invalidInput,
                working.isEmpty
                    ? "no step of \(name) is active"
                    : "several steps of \(name) are active (\(working.joined(separator: ", "))): name the one to complete, e.g. `gastown molecule complete \(name) \(working[0])`"
            )
        }
        return working[0]
    }

    /// Assigns the molecule, or one of its steps, to `assignee` (nil: nobody).
    @discardableResult
    public func assign(molecule name: String, step: String?, to assignee: String?, now: Date) throws(StoreError)
        -> MoleculeState
    {
        if let assignee { try NameValidation.validate(assignee, field: "assignee") }
        if let step { try NameValidation.validate(step, field: "--step") }
        return try update(molecule: name, now: now) { (file, progress, formula) throws(StoreError) in
            if let step {
                progress = try StateMachine.applying(
                    .assign(step: step, assignee: assignee), to: progress, formula: formula, now: now,
                    failingAs: .invalidInput)
            } else {
                file.assignee = assignee
            }
            // Assigning is a write to the field even when the value stays: it settles a merge's conflict on it.
            file.settleConflict(at: step.map { ["steps", $0, "assignee"] } ?? ["assignee"])
        }
    }
}
