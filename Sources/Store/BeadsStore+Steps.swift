import Core
import Foundation

/// The agent verbs on a molecule's steps (`gastown molecule start/complete/assign/record-tests`):
/// which step a verb acts on when none is named, and the change itself, both decided here and by
/// the state machine, under the molecule's lock, so every caller produces the same state.
extension BeadsStore {
    /// Starts `step`, or else the first step ready to start; returns the molecule and the step started.
    @discardableResult
    public func start(molecule name: String, step requested: String?, now: Date) throws(StoreError) -> (
        state: MoleculeState, step: String
    ) {
        if let requested { try NameValidation.validate(requested, field: "step id") }
        var started = ""
        let state = try update(molecule: name, now: now) { (_, progress, formula) throws(StoreError) in
            guard let id = requested ?? StateMachine.readySteps(in: progress, formula: formula).first else {
                throw StoreError(.refused, "no step of \(name) is ready to start")
            }
            progress = try StateMachine.applying(.start(step: id), to: progress, formula: formula, now: now)
            started = id
        }
        return (state, started)
    }

    /// Completes `step`, or else the only step being worked on: done, or awaiting approval when it has
    /// a checkpoint. A refused completion is a `.refused` error with the state machine's reason.
    @discardableResult
    public func complete(molecule name: String, step requested: String?, now: Date) throws(StoreError) -> (
        state: MoleculeState, step: String
    ) {
        if let requested { try NameValidation.validate(requested, field: "step id") }
        var completed = ""
        let state = try update(molecule: name, now: now) { (_, progress, formula) throws(StoreError) in
            let id: String
            if let requested { id = requested } else { id = try Self.stepToComplete(name, progress, formula) }
            progress = try StateMachine.applying(.complete(step: id), to: progress, formula: formula, now: now)
            completed = id
        }
        return (state, completed)
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
                    : "several steps are active (\(working.joined(separator: ", "))): name the one to complete")
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

    /// Records test counts for `step`'s tests gate, or else for the first step being worked on that
    /// has one; returns the molecule, the step and the gate's result.
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
