import ArgumentParser
import Core
import DisplayText
import Foundation
import Store

struct CheckpointCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: "List checkpoints awaiting a decision; approve or reject them (reviewers only).",
        discussion: """
            The reviewer is --reviewer, else GASTOWN_REVIEWER, else git's user.name (as a name:
            "Alice Smith" becomes alice-smith), else the login name. Only a reviewer listed in the
            molecule's convoy may decide, and a process with GASTOWN_AGENT set may never approve.
            """,
        subcommands: [CheckpointList.self, CheckpointApprove.self, CheckpointReject.self]
    )
}

struct CheckpointList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract:
            "Checkpoints of one molecule with their decisions, or (no argument) everything awaiting a decision, oldest first."
    )

    @OptionGroup var options: StoreOptions
    @Argument(help: "A molecule's name.") var molecule: String?

    func run() throws {
        try runStoreCommand(json: options.json) { () throws(StoreError) in
            let store = try options.store()
            if let molecule {
                try listOne(try store.loadMolecule(molecule))
            } else {
                try listAwaiting(store.loadAllForCommand().molecules)
            }
        }
    }

    func listOne(_ state: MoleculeState) throws(StoreError) {
        let entries = try CheckpointPresentation.entries(state)
        if options.json { return Output.json(try CheckpointPresentation.checkpoints(state)) }
        if entries.isEmpty {
            Output.line("formula \(state.formula?.name ?? state.name) has no checkpoints")
            return
        }
        var rows = [["CHECKPOINT", "STEP", "STATUS", "ATTEMPT", "LAST DECISION"]]
        for entry in entries {
            let lastText =
                entry.decisions.last.map(\.record).map {
                    "\($0.decision.rawValue) by \($0.reviewer) at \(Timestamp.text($0.date))\($0.reason.map { ": \(Output.safe($0))" } ?? "")"
                } ?? "-"
            rows.append([entry.checkpoint.id, entry.step, entry.status, String(entry.attempt), lastText])
        }
        TextLayout.table(rows).forEach(Output.line)
        for problem in state.allProblems { Output.error(Output.safe(problem.description)) }
    }

    func listAwaiting(_ molecules: [MoleculeState]) throws(StoreError) {
        if options.json { return Output.json(CheckpointPresentation.awaiting(molecules)) }
        let waiting = CheckpointPresentation.waiting(molecules)
        if waiting.isEmpty {
            Output.line("nothing awaits a decision")
            return
        }
        var rows = [["SINCE", "MOLECULE", "CONVOY", "CHECKPOINT", "STEP", "ATTEMPT"]]
        for w in waiting {
            rows.append([
                StorePresentation.text(w.since), w.molecule.name, w.molecule.convoy, w.checkpoint.id, w.step,
                String(w.attempt),
            ])
        }
        TextLayout.table(rows).forEach(Output.line)
    }
}

/// `checkpoint list`'s rows and their `--json` shapes.
enum CheckpointPresentation {
    struct Entry {
        var checkpoint: Checkpoint
        var step: String
        /// `awaiting-decision`, `approved` or `not-reached`.
        var status: String
        var attempt: Int
        var since: Date?
        var decisions: [AuditTrail.Entry]
    }

    /// A molecule's checkpoints in formula order, with their verified decisions.
    static func entries(_ state: MoleculeState) throws(StoreError) -> [Entry] {
        guard let formula = state.formula, let progress = state.progress else {
            throw StoreError(
                .io,
                "molecule \(state.name) cannot be read:\n"
                    + state.allProblems.map(\.description).joined(separator: "\n"))
        }
        return formula.steps.compactMap { step in
            guard let checkpoint = step.checkpoint else { return nil }
            let p = progress.steps[step.id] ?? StepProgress()
            let status =
                p.status == .awaitingApproval ? "awaiting-decision" : p.status == .done ? "approved" : "not-reached"
            return Entry(
                checkpoint: checkpoint, step: step.id, status: status, attempt: p.attempt,
                since: p.status == .awaitingApproval ? state.awaitingSince(step: step.id) : nil,
                decisions: state.trail.entries.filter { $0.verified && $0.record.checkpoint == checkpoint.id })
        }
    }

    /// `checkpoint list M --json`.
    static func checkpoints(_ state: MoleculeState) throws(StoreError) -> JSON {
        let items = try entries(state).map { entry in
            JSON.object([
                ("checkpoint", .string(entry.checkpoint.id)),
                ("step", .string(entry.step)),
                ("prompt", .string(entry.checkpoint.prompt)),
                ("status", .string(entry.status)),
                ("attempt", .integer(entry.attempt)),
                ("since", entry.status == "awaiting-decision" ? .date(entry.since) : .null),
                (
                    "decisions",
                    .array(
                        entry.decisions.map {
                            StorePresentation.decision($0, convoy: state.convoy, molecule: state.name)
                        })
                ),
            ])
        }
        return .object([
            ("molecule", .string(state.name)), ("convoy", .string(state.convoy)), ("checkpoints", .array(items)),
        ])
    }

    typealias Waiting = (molecule: MoleculeState, checkpoint: Checkpoint, step: String, attempt: Int, since: Date?)

    /// Everything awaiting a decision, oldest first.
    static func waiting(_ molecules: [MoleculeState]) -> [Waiting] {
        var waiting: [Waiting] = []
        for m in molecules {
            for open in m.openCheckpoints {
                waiting.append((m, open.checkpoint, open.stepID, open.attempt, m.awaitingSince(step: open.stepID)))
            }
        }
        waiting.sort { ($0.since ?? .distantFuture, $0.molecule.name) < ($1.since ?? .distantFuture, $1.molecule.name) }
        return waiting
    }

    /// `checkpoint list --json` (no molecule).
    static func awaiting(_ molecules: [MoleculeState]) -> JSON {
        .object([
            (
                "awaiting",
                .array(
                    waiting(molecules).map { w in
                        .object([
                            ("molecule", .string(w.molecule.name)),
                            ("convoy", .string(w.molecule.convoy)),
                            ("checkpoint", .string(w.checkpoint.id)),
                            ("step", .string(w.step)),
                            ("attempt", .integer(w.attempt)),
                            ("prompt", .string(w.checkpoint.prompt)),
                            ("since", .date(w.since)),
                        ])
                    })
            )
        ])
    }
}

/// What approve and reject share: who decides, and the decision itself.
struct DecisionOptions: ParsableArguments {
    @Option(help: "Who decides (default: GASTOWN_REVIEWER, git user.name, login name).") var reviewer: String?
    @OptionGroup var signing: SigningOptions

    func identity() throws(StoreError) -> ReviewerIdentity.Resolved {
        try ReviewerIdentity.resolve(explicit: reviewer, environment: ProcessInfo.processInfo.environment)
    }

    /// Records the decision as the resolved reviewer, then prints the audit record (`--json`) or `summary`.
    func record(
        _ decision: AuditRecord.Decision, molecule: String, checkpoint: String, reason: String?, returnTo: String?,
        overrideReport: String? = nil, options: StoreOptions,
        summary: (ReviewerIdentity.Resolved, AuditRecord, String) -> String
    ) throws(StoreError) {
        let store = try options.store()
        let who = try identity()
        let written = try who.explaining { () throws(StoreError) in
            try store.decide(
                molecule: molecule, checkpoint: checkpoint, decision: decision,
                reviewer: who.name, reason: reason, returnTo: returnTo,
                isAgent: ReviewerIdentity.isAgent(environment: options.environment), overrideReport: overrideReport,
                signer: signing.provider(for: store, environment: options.environment), now: Date())
        }
        if options.json {
            let convoy = try store.convoy(ofMolecule: molecule)
            return Output.json(
                StorePresentation.decision(
                    AuditTrail.Entry(file: written.file, record: written.record, verified: true), convoy: convoy,
                    molecule: molecule))
        }
        Output.line(summary(who, written.record, written.file))
    }
}

struct CheckpointApprove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve", abstract: "Approve a checkpoint awaiting a decision.",
        discussion: """
            The checkpoint of a step that needs a report (the compliance checkpoint) is refused (exit 3) while that \
            report is missing or stale, or while a finding at a blocking severity is open. --override-report \
            "REASON" approves anyway; the reason is kept in the signed decision.
            """)

    @OptionGroup var options: StoreOptions
    @OptionGroup var decision: DecisionOptions
    @Argument(help: "The molecule's name.") var molecule: String
    @Argument(help: "The checkpoint's id.") var checkpoint: String
    @Option(help: "An optional comment, kept in the audit trail.") var reason: String?
    @Option(
        help: ArgumentHelp(
            "Approve although the report is stale or blocking findings are open; the reason is kept in the signed decision.",
            valueName: "REASON"))
    var overrideReport: String?

    func run() throws {
        try runStoreCommand(json: options.json) { () throws(StoreError) in
            try decision.record(
                .approved, molecule: molecule, checkpoint: checkpoint, reason: reason, returnTo: nil,
                overrideReport: overrideReport, options: options
            ) { who, record, file in
                "approved \(molecule) \(checkpoint) as \(who.name) (\(who.sourceDescription))"
                    + (record.overrideReport.isEmpty
                        ? "" : " over the report rules: \(Output.safe(record.overrideReport))")
                    + "; recorded \(file)"
            }
        }
    }
}

struct CheckpointReject: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reject",
        abstract: "Reject a checkpoint with a reason; work returns to the checkpoint's on_reject step or --to STEP.")

    @OptionGroup var options: StoreOptions
    @OptionGroup var decision: DecisionOptions
    @Argument(help: "The molecule's name.") var molecule: String
    @Argument(help: "The checkpoint's id.") var checkpoint: String
    @Option(help: "Why (required).") var reason: String
    @Option(help: "The step work returns to (the checkpoint's step or one it depends on).") var to: String?

    func run() throws {
        try runStoreCommand(json: options.json) { () throws(StoreError) in
            guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw StoreError(.invalidInput, "--reason must not be empty")
            }
            try decision.record(
                .rejected, molecule: molecule, checkpoint: checkpoint, reason: reason, returnTo: to,
                options: options
            ) { who, record, file in
                "rejected \(molecule) \(checkpoint) as \(who.name) (\(who.sourceDescription)); work returns to \(record.returnedTo ?? "?"); recorded \(file)"
            }
        }
    }
}
