import Core
import Foundation

/// The agent verbs on a molecule's steps (`gastown molecule start/complete/assign/record-tests`):
/// which step a verb acts on when none is named, and the change itself, both decided here and by
/// the state machine, under the molecule's lock, so every caller produces the same state.
extension BeadsStore {
    /// Starts `step`, or else the first step ready to start (in formula order); returns the molecule,
    /// the step started and the other steps that were ready with it (a convoy's legs, DAG branches).
    @discardableResult
    public func start(molecule name: String, step requested: String?, now: Date) throws(StoreError) -> (
        state: MoleculeState, step: String, alsoReady: [String]
    ) {
        var alsoReady: [String] = []
        let (state, step) = try apply(MoleculeEvent.start, molecule: name, step: requested, now: now) {
            (progress, formula) throws(StoreError) in
            let ready = StateMachine.readySteps(in: progress, formula: formula)
            guard let first = ready.first else { throw StoreError(.refused, "no step of \(name) is ready to start") }
            alsoReady = Array(ready.dropFirst())
            return first
        }
        return (state, step, alsoReady)
    }

    /// Starts every step that is ready now, at once (a convoy's legs); returns them in formula order.
    @discardableResult
    public func startAll(molecule name: String, now: Date) throws(StoreError) -> (state: MoleculeState, steps: [String])
    {
        var started: [String] = []
        let state = try update(molecule: name, now: now) { (_, progress, formula) throws(StoreError) in
            started = StateMachine.readySteps(in: progress, formula: formula)
            guard !started.isEmpty else { throw StoreError(.refused, "no step of \(name) is ready to start") }
            for step in started {
                progress = try StateMachine.applying(.start(step: step), to: progress, formula: formula, now: now)
            }
        }
        return (state, started)
    }

    /// Completes `step`, or else the only step being worked on: done, or awaiting approval when it has
    /// a checkpoint. A refused completion is a `.refused` error with the state machine's reason.
    @discardableResult
    public func complete(molecule name: String, step requested: String?, now: Date) throws(StoreError) -> (
        state: MoleculeState, step: String
    ) {
        try apply(MoleculeEvent.complete, molecule: name, step: requested, now: now) {
            (progress, formula) throws(StoreError) in
            try Self.stepToComplete(name, progress, formula)
        }
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
        }
    }

    /// Records test counts for `step`'s tests gate, or else for the only step being worked on that has
    /// one; returns the molecule, the step and the gate's result.
    @discardableResult
    public func recordTests(molecule name: String, step requested: String?, counts: TestCounts, now: Date)
        throws(StoreError) -> (state: MoleculeState, step: String, result: GateResult)
    {
        if let requested { try NameValidation.validate(requested, field: "--step") }
        var recorded: (step: String, result: GateResult)?
        let state = try update(molecule: name, now: now) { (_, progress, formula) throws(StoreError) in
            let candidates = StateMachine.workingSteps(in: progress, formula: formula).compactMap(formula.step).filter {
                if case .tests = $0.gate?.type { return true }
                return false
            }
            if requested == nil, candidates.count > 1 {
                throw StoreError(
                    .invalidInput,
                    "several active steps of \(name) have a tests gate (\(candidates.map(\.id).joined(separator: ", "))): name one with --step"
                )
            }
            guard let target = requested.flatMap(formula.step) ?? (requested == nil ? candidates.first : nil) else {
                throw StoreError(
                    .invalidInput,
                    requested.map { "formula \(formula.name) has no step \($0)" }
                        ?? "no active step of \(name) has a tests gate; name one with --step")
            }
            guard let gate = target.gate, let result = gate.evaluate(tests: counts, hits: [], at: now) else {
                throw StoreError(.invalidInput, "step \(target.id) has no tests gate")
            }
            progress = try StateMachine.applying(
                .recordGate(step: target.id, result: result), to: progress, formula: formula, now: now)
            recorded = (target.id, result)
        }
        return (state, recorded!.step, recorded!.result)
    }
}
