import Core
import DisplayText
import Foundation

extension BeadsStore {
    /// Creates a convoy. Every name is validated before anything is written.
    public func createConvoy(_ convoy: ConvoyFile) throws(StoreError) {
        try NameValidation.validate(convoy.name, field: "convoy name")
        for team in convoy.teams { try NameValidation.validate(team, field: "team name") }
        for reviewer in convoy.reviewers { try NameValidation.validate(reviewer, field: "reviewer name") }
        guard StoreDiscovery.isDirectory(layout.convoys) else {
            throw StoreError(.notFound, "\(layout.relative(layout.convoys)) is missing (run `gastown init`)")
        }
        try FileLock.withLock(layout.storeLock, timeout: lockTimeout) { () throws(StoreError) in
            let directory = layout.convoyDirectory(convoy.name)
            if StoreDiscovery.isDirectory(directory) {
                throw StoreError(.alreadyExists, "convoy \(convoy.name) already exists")
            }
            try StoreInitializer.makeDirectories(layout.moleculesDirectory(convoy.name))
            try AtomicFile.write(convoy.tomlText, to: layout.convoyFile(convoy.name))
        }
    }

    /// Creates a molecule from a formula. Fails (writing nothing) on a bad name, an unknown
    /// convoy or formula, a formula no molecule can follow (an expansion, an advice-only aspect), a
    /// missing required variable, or an existing molecule of that name.
    @discardableResult
    public func createMolecule(
        name: String, convoy: String, formula formulaName: String, variables: [(key: String, value: String)],
        inputs: [String], assignee: String? = nil, now: Date
    ) throws(StoreError) -> MoleculeFile {
        try NameValidation.validate(name, field: "molecule name")
        try NameValidation.validate(formulaName, field: "formula name")
        if let assignee { try NameValidation.validate(assignee, field: "assignee") }
        let convoyDay = try requireConvoy(convoy).day
        let formula: Formula
        switch formulas.formula(named: formulaName) {
        case .success(let found): formula = found
        case .failure(let error): throw StoreError(.notFound, "cannot use formula \(formulaName):\n\(error.message)")
        }
        if let refusal = formula.moleculeRefusal {
            throw StoreError(.invalidInput, "cannot create molecule \(name): \(refusal)")
        }
        let values: [(key: String, value: String)]
        switch formula.bindVariables(variables) {
        case .success(let bound): values = bound
        case .failure(let error):
            throw StoreError(
                .invalidInput, "cannot create molecule \(name) (set variables with --var NAME=VALUE):\n\(error)")
        }
        var file = MoleculeFile(
            name: name, convoy: convoy, formula: formula.name, formulaVersion: formula.version,
            assignee: assignee, variables: values, inputs: inputs, created: now, updated: now,
            revision: 1)
        file.day = convoyDay
        file.setProgress(StateMachine.initialProgress(for: formula))
        try FileLock.withLock(layout.storeLock, timeout: lockTimeout) { () throws(StoreError) in
            for other in convoyNames() where StoreDiscovery.isDirectory(layout.moleculeDirectory(other, name)) {
                throw StoreError(.alreadyExists, "molecule \(name) already exists (in convoy \(other))")
            }
            try StoreInitializer.makeDirectories(layout.checkpointsDirectory(convoy, name))
            try StoreInitializer.makeDirectories(layout.reportsDirectory(convoy, name))
            try AtomicFile.write(file.tomlText, to: layout.moleculeFile(convoy, name))
        }
        return file
    }

    /// Applies an agent's event (start, complete, assign, record a gate) to a molecule, under
    /// its lock: read, derive the effective state, apply, write back atomically. Checkpoint
    /// decisions go through `decide` instead.
    @discardableResult
    public func update(
        molecule name: String, now: Date,
        _ change: (inout MoleculeFile, inout MoleculeProgress, Formula) throws(StoreError) -> Void
    ) throws(StoreError) -> MoleculeState {
        let convoy = try convoy(ofMolecule: name)
        return try FileLock.withLock(layout.moleculeLock(convoy, name), timeout: lockTimeout) {
            () throws(StoreError) -> MoleculeState in
            var state = loadMolecule(name, convoy: convoy, cache: FormulaCache(formulas))
            guard var file = state.file, let formula = state.formula, var progress = state.progress else {
                let problems = state.problems.filter { $0.severity == .error }.map(\.description).joined(
                    separator: "\n")
                throw StoreError(.io, "molecule \(name) cannot be updated until its file is fixed:\n\(problems)")
            }
            try change(&file, &progress, formula)
            file.setProgress(progress)
            file.revision += 1
            file.updated = now
            try AtomicFile.write(file.tomlText, to: layout.moleculeFile(convoy, name))
            state.file = file
            state.progress = progress
            return state
        }
    }

    /// Applies one state-machine event; an illegal one is refused with the reason.
    public func apply(_ event: MoleculeEvent, molecule name: String, now: Date) throws(StoreError) -> MoleculeState {
        try update(molecule: name, now: now) { (_, progress, formula) throws(StoreError) in
            progress = try StateMachine.applying(event, to: progress, formula: formula, now: now)
        }
    }

    /// Records a checkpoint decision as a new append-only audit record, under the molecule's
    /// lock. Only the convoy's reviewers may decide; an agent may never approve. The molecule
    /// file is not rewritten: the decision alone moves the effective state (so two clones that
    /// decide concurrently touch different files and merge without conflict).
    @discardableResult
    public func decide(
        molecule name: String, checkpoint: String, decision: AuditRecord.Decision, reviewer: String,
        reason: String?, returnTo: String?, isAgent: Bool, now: Date
    ) throws(StoreError) -> (file: String, record: AuditRecord) {
        try NameValidation.validate(reviewer, field: "reviewer")
        try NameValidation.validate(checkpoint, field: "checkpoint name")
        if let returnTo { try NameValidation.validate(returnTo, field: "--to step") }
        if isAgent && decision == .approved {
            throw StoreError(
                .refused,
                "refused: this process identifies itself as an agent (GASTOWN_AGENT is set); agents may never approve a checkpoint"
            )
        }
        let convoyName = try convoy(ofMolecule: name)
        let convoy = try requireConvoy(convoyName)
        guard convoy.reviewers.contains(reviewer) else {
            let allowed =
                convoy.reviewers.isEmpty
                ? "it lists no reviewers" : "its reviewers are \(convoy.reviewers.joined(separator: ", "))"
            throw StoreError(.refused, "refused: \(reviewer) is not a reviewer of convoy \(convoyName) (\(allowed))")
        }
        return try FileLock.withLock(layout.moleculeLock(convoyName, name), timeout: lockTimeout) {
            () throws(StoreError) in
            let state = loadMolecule(name, convoy: convoyName, cache: FormulaCache(formulas))
            guard let formula = state.formula, let progress = state.progress else {
                let problems = state.problems.filter { $0.severity == .error }.map(\.description).joined(
                    separator: "\n")
                throw StoreError(.io, "molecule \(name) cannot take a decision until its file is fixed:\n\(problems)")
            }
            guard let owner = formula.stepOwning(checkpoint: checkpoint) else {
                let known = formula.checkpoints.map(\.id).joined(separator: ", ")
                throw StoreError(
                    .invalidInput,
                    "formula \(formula.name) has no checkpoint \(checkpoint) (its checkpoints: \(known.isEmpty ? "none" : known))"
                )
            }
            let event = decision.event(
                checkpoint: checkpoint, reviewer: reviewer, reason: reason, returnTo: returnTo, at: now)
            let next = try StateMachine.applying(event, to: progress, formula: formula, now: now)
            let target = decision == .rejected ? next.history.last?.returnedTo : nil
            return try AuditTrail.append(
                layout: layout, convoy: convoyName, molecule: name, checkpoint: checkpoint, step: owner.id,
                attempt: progress.steps[owner.id]?.attempt ?? 1, decision: decision, reviewer: reviewer,
                reason: reason, returnedTo: target, now: now)
        }
    }
}
