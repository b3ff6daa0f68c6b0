import Core
import DisplayText
import Foundation
import Signing

extension BeadsStore {
    /// Creates a convoy. Every name is validated before anything is written. Its reviewers (with the keys given,
    /// if any) become the genesis of its reviewer trail: trusted on first use, and pinned for this user.
    public func createConvoy(
        _ convoy: ConvoyFile, reviewerKeys: [String: SSHPublicKey] = [:], createdBy: String? = nil, now: Date = Date()
    ) throws(StoreError) {
        if let createdBy { try NameValidation.validate(createdBy, field: "creator") }
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
            // Built whole in a temporary folder, then renamed: a failure leaves no half-made convoy.
            var genesis: String?
            try FolderCreation.create(directory) { (building) throws(StoreError) in
                try StoreInitializer.makeDirectories(building.path(of: layout.moleculesDirectory(convoy.name)))
                if !convoy.reviewers.isEmpty {
                    genesis = try writeGenesis(
                        convoy: convoy.name,
                        members: convoy.reviewers.map { ReviewerChange.Member(name: $0, key: reviewerKeys[$0]) },
                        by: createdBy ?? convoy.reviewers[0],
                        in: building.path(of: ReviewerTrail.directory(layout, convoy: convoy.name)), now: now,
                        pin: false)
                }
                try AtomicFile.write(convoy.tomlText, to: building.path(of: layout.convoyFile(convoy.name)))
            }
            if let genesis { try pinGenesis(convoy: convoy.name, hash: genesis) }
        }
    }

    /// Creates a molecule from a formula. Fails (writing nothing) on a bad name, an unknown
    /// convoy or formula, a formula no molecule can follow (an expansion, an advice-only aspect), a
    /// missing required variable, a team the convoy does not have, a day before the convoy's, or an existing
    /// molecule of that name. `team` may be any spelling of one of the convoy's teams (stored as its slug); without
    /// it, the assignee's team when the assignee names one. `day` defaults to the convoy's current day.
    @discardableResult
    public func createMolecule(
        name: String, convoy: String, formula formulaName: String, variables: [(key: String, value: String)],
        inputs: [String], assignee: String? = nil, team: String? = nil, day: Int? = nil, now: Date
    ) throws(StoreError) -> MoleculeFile {
        try NameValidation.validate(name, field: "molecule name")
        try NameValidation.validate(formulaName, field: "formula name")
        if let assignee { try NameValidation.validate(assignee, field: "assignee") }
        let convoyFile = try requireConvoy(convoy)
        let convoyDay = try Self.moleculeDay(day, convoy: convoyFile)
        let teamSlug =
            try team.map { (spelling) throws(StoreError) in try convoyFile.requireTeam(spelling).slug }
            ?? assignee.flatMap(convoyFile.teamDirectory.team)?.slug
        let formula: Formula
        switch formulas.formula(named: formulaName) {
        case .success(let found): formula = found
        case .failure(let error): throw StoreError(.notFound, "cannot use formula \(formulaName):\n\(error.message)")
        }
        if let refusal = formula.moleculeRefusal {
            throw StoreError(.invalidInput, "cannot create molecule \(name): \(refusal)")
        }
        // A formula variable named `inputs` takes the input documents (comma-separated) unless given with --var.
        var variables = variables
        if formula.variables["inputs"] != nil, !inputs.isEmpty, !variables.contains(where: { $0.key == "inputs" }) {
            variables.append(("inputs", inputs.joined(separator: ", ")))
        }
        let values: [(key: String, value: String)]
        switch formula.bindVariables(variables) {
        case .success(let bound): values = bound
        case .failure(let error):
            throw StoreError(
                .invalidInput, "cannot create molecule \(name) (set variables with --var NAME=VALUE):\n\(error)")
        }
        // The canonical file lists variables in the formula's order, whatever order they were given in.
        let declared = Dictionary(uniqueKeysWithValues: formula.variableList.enumerated().map { ($1.name, $0) })
        let ordered = values.sorted { declared[$0.key, default: .max] < declared[$1.key, default: .max] }
        var file = MoleculeFile(
            name: name, convoy: convoy, formula: formula.name, formulaVersion: formula.version,
            assignee: assignee, variables: ordered, inputs: inputs, created: now, updated: now,
            revision: 1)
        file.day = convoyDay
        file.team = teamSlug
        file.setProgress(StateMachine.initialProgress(for: formula))
        try FileLock.withLock(layout.storeLock, timeout: lockTimeout) { () throws(StoreError) in
            for other in try convoyNames() where StoreDiscovery.isDirectory(layout.moleculeDirectory(other, name)) {
                throw StoreError(.alreadyExists, "molecule \(name) already exists (in convoy \(other))")
            }
            // Built whole in a temporary folder, then renamed: a failure leaves no half-made molecule.
            try StoreInitializer.makeDirectories(layout.moleculesDirectory(convoy))
            try FolderCreation.create(layout.moleculeDirectory(convoy, name)) { (building) throws(StoreError) in
                try StoreInitializer.makeDirectories(building.path(of: layout.checkpointsDirectory(convoy, name)))
                try StoreInitializer.makeDirectories(building.path(of: layout.reportsDirectory(convoy, name)))
                try AtomicFile.write(file.tomlText, to: building.path(of: layout.moleculeFile(convoy, name)))
            }
        }
        return file
    }

    /// The day a new molecule belongs to: the convoy's current day unless another is given, never a past day.
    static func moleculeDay(_ day: Int?, convoy: ConvoyFile) throws(StoreError) -> Int {
        guard let day else { return convoy.day }
        if let problem = StoreCounter.dayProblem(day) {
            throw StoreError(.invalidInput, "invalid --day \(day): \(problem)")
        }
        guard day >= convoy.day else {
            throw StoreError(
                .invalidInput,
                "day \(day) of convoy \(convoy.name) is over (the convoy is on day \(convoy.day)); a new molecule belongs to day \(convoy.day) or later"
            )
        }
        return day
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
            var (state, bytes) = readMolecule(name, convoy: convoy, context: LoadContext(self))
            guard var file = state.file, let formula = state.formula, var progress = state.progress, let bytes else {
                let problems = state.problems.filter { $0.severity == .error }.map(\.description).joined(
                    separator: "\n")
                throw StoreError(.io, "molecule \(name) cannot be updated until its file is fixed:\n\(problems)")
            }
            let before = TOMLFileWriter.Previous(bytes: bytes, values: file.tomlTable)
            let verdicts = progress.gateResults
            try change(&file, &progress, formula)
            file.setProgress(progress)
            // Only a verdict the event itself recorded is written; derived ones stay derived.
            for (id, result) in progress.gateResults where verdicts[id] != result { file.record(result) }
            guard file.revision < StoreCounter.maximum else {
                throw StoreError(
                    .io, "molecule \(name) is at revision \(file.revision), the most there can be; fix its file")
            }
            file.revision += 1
            file.updated = now
            // The next write to a field a merge set aside settles that conflict.
            let settled = MergeConflicts.clearingWritten(from: before.values, to: file.tomlTable)
            file.unknownKeys[MergeConflicts.key] = settled[MergeConflicts.key]
            // Only what changed is edited: the file keeps its comments, unknown keys and layout.
            try TOMLFileWriter.write(
                file.tomlTable, header: MoleculeFile.header, to: layout.moleculeFile(convoy, name), replacing: before)
            state.file = file
            state.progress = progress
            return state
        }
    }

    /// A convoy read (under its lock) to be rewritten: the file, and its bytes with gastown's model of them.
    func convoyForRewrite(_ name: String) throws(StoreError) -> (file: ConvoyFile, previous: TOMLFileWriter.Previous?) {
        let file = try requireConvoy(name)
        let path = layout.convoyFile(name)
        guard let bytes = try AtomicFile.read(path),
            let read = ConvoyFile.parse(bytes, name: name, file: layout.relative(path)).0
        else { return (file, nil) }
        return (read, TOMLFileWriter.Previous(bytes: bytes, values: read.tomlTable))
    }

    /// Writes a convoy back, editing in place only what changed since it was read.
    /// A write to a field settles the conflict a merge recorded on it.
    func writeConvoy(_ file: ConvoyFile, replacing previous: TOMLFileWriter.Previous?) throws(StoreError) {
        var values = file.tomlTable
        if let previous, values[MergeConflicts.key] != nil {
            values = MergeConflicts.clearingWritten(from: previous.values, to: values)
        }
        try TOMLFileWriter.write(
            values, header: ConvoyFile.header, to: layout.convoyFile(file.name), replacing: previous)
    }

    /// Applies one state-machine event; an illegal one is refused with the reason.
    public func apply(_ event: MoleculeEvent, molecule name: String, now: Date) throws(StoreError) -> MoleculeState {
        try update(molecule: name, now: now) { (_, progress, formula) throws(StoreError) in
            progress = try StateMachine.applying(event, to: progress, formula: formula, now: now)
        }
    }

    /// Records a checkpoint decision as a new append-only audit record, under the molecule's
    /// lock. Only the convoy's reviewers may decide; an agent may never approve. In a signed workspace the
    /// record is signed by `signer`, whose key must be the reviewer's key in the convoy's reviewer trail. The
    /// molecule file is not rewritten: the decision alone moves the effective state (so two clones that
    /// decide concurrently touch different files and merge without conflict).
    ///
    /// Approving the checkpoint of a step that needs a report (the compliance checkpoint) is refused while that
    /// report is missing or stale, or while a finding at a blocking severity of the step's compliance gate is
    /// open (`MoleculeState.approvalBlockers`) — unless `overrideReport` gives the reviewer's reason, which the
    /// signed record keeps (`override_report`).
    @discardableResult
    public func decide(
        molecule name: String, checkpoint: String, decision: AuditRecord.Decision, reviewer: String,
        reason: String?, returnTo: String?, isAgent: Bool, overrideReport: String? = nil,
        signer: SignerProvider? = nil, now: Date
    ) throws(StoreError) -> (file: String, record: AuditRecord) {
        try NameValidation.validate(reviewer, field: "reviewer")
        try NameValidation.validate(checkpoint, field: "checkpoint name")
        if let returnTo { try NameValidation.validate(returnTo, field: "--to step") }
        let override = try overrideReport.map { (text) throws(StoreError) in try Self.overrideReason(text) }
        if override != nil && decision != .approved {
            throw StoreError(.invalidInput, "--override-report applies to an approval, not a rejection")
        }
        if isAgent && decision == .approved {
            throw StoreError(
                .refused,
                "refused: this process identifies itself as an agent (GASTOWN_AGENT is set); agents may never approve a checkpoint"
            )
        }
        let convoyName = try convoy(ofMolecule: name)
        let convoy = try requireConvoy(convoyName)
        let act = try signedAct(convoy: convoy, reviewer: reviewer, signer: signer)
        return try FileLock.withLock(layout.moleculeLock(convoyName, name), timeout: lockTimeout) {
            () throws(StoreError) in
            let state = loadMolecule(name, convoy: convoyName, context: LoadContext(self))
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
            if decision == .approved, override == nil {
                let blockers = state.approvalBlockers(forStep: owner.id)
                if !blockers.isEmpty {
                    throw StoreError(
                        .refused,
                        "refused: cannot approve \(checkpoint) of \(name): " + blockers.joined(separator: "; ")
                            + ". Fix it (a stale report is rendered again with `gastown report render \(name)`), or approve anyway with --override-report \"REASON\" (kept in the signed decision)"
                    )
                }
            }
            let target = decision == .rejected ? next.history.last?.returnedTo : nil
            let attempt = progress.steps[owner.id]?.attempt ?? 1
            var sign: ((AuditRecord) throws(StoreError) -> String)?
            if let act {
                sign = { (record: AuditRecord) throws(StoreError) -> String in try act.sign(record.canonicalText) }
            }
            return try AuditTrail.append(
                layout: layout,
                { parents, at in
                    AuditRecord(
                        molecule: name, convoy: convoyName, checkpoint: checkpoint, step: owner.id, attempt: attempt,
                        decision: decision, reviewer: reviewer, reason: reason, returnedTo: target, at: at,
                        parents: parents, signer: act?.signer.publicKey.fingerprint ?? "",
                        reviewersHead: act?.head ?? "", overrideReport: override ?? "")
                }, now: now, sign: sign)
        }
    }

    /// A report override's reason: one line, not blank, at most 2,000 characters, control characters made visible.
    static func overrideReason(_ text: String) throws(StoreError) -> String {
        let clean = TerminalText.sanitizeLine(text).trimmingCharacters(in: .whitespaces)
        guard !clean.isEmpty else { throw StoreError(.invalidInput, "--override-report needs a reason") }
        guard clean.count <= 2000 else {
            throw StoreError(.invalidInput, "--override-report is longer than 2,000 characters")
        }
        return clean
    }

    /// Who signs a human act in `convoy` as `reviewer`, and under which reviewer-trail record; nil in an unsigned
    /// workspace (where `reviewer` must be listed in convoy.toml). Refused when the reviewer may not act or the
    /// key is not theirs.
    func signedAct(convoy: ConvoyFile, reviewer: String, signer: SignerProvider?) throws(StoreError) -> SignedActor? {
        let authority = signingContext().authority(for: convoy.name, file: convoy)
        if let refusal = authority.membershipRefusal(of: reviewer) { throw refusal }
        guard authority.isSigned else { return nil }
        guard let signer else { throw StoreError(.refused, SigningKeyLookup.noKeyMessage) }
        let key = try signer()
        switch authority.headForSigning(reviewer: reviewer, key: key.publicKey, keySource: key.source) {
        case .failure(let error): throw error
        case .success(let head): return SignedActor(signer: key, head: head)
        }
    }
}

/// A signer checked against the convoy's reviewer trail, and the trail record it signs under.
struct SignedActor {
    let signer: any RecordSigner
    let head: String

    func sign(_ text: [UInt8]) throws(StoreError) -> String { try signer.sign(text).armored }
}
