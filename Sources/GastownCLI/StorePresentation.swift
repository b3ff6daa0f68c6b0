import Core
import DisplayText
import Foundation
import Store
import TOML

/// JSON shapes and text lines for store objects. The JSON schemas are documented in
/// docs/store.md; change them only by adding fields.
enum StorePresentation {
    static func problem(_ p: StoreProblem) -> JSON {
        .object([
            ("category", .string(p.category.rawValue)),
            ("severity", .string(p.severity.rawValue)),
            ("file", .string(p.file)),
            ("line", p.position.isKnown ? .integer(p.position.line) : .null),
            ("column", p.position.isKnown ? .integer(p.position.column) : .null),
            ("message", .string(p.message)),
        ])
    }

    static func decision(_ entry: AuditTrail.Entry, convoy: String, molecule: String) -> JSON {
        let r = entry.record
        return .object([
            ("molecule", .string(molecule)),
            ("convoy", .string(convoy)),
            ("file", .string(entry.file)),
            ("checkpoint", .string(r.checkpoint)),
            ("step", .string(r.step)),
            ("attempt", .integer(r.attempt)),
            ("decision", .string(r.decision.rawValue)),
            ("reviewer", .string(r.reviewer)),
            ("reason", .optional(r.reason)),
            ("returned_to", .optional(r.returnedTo)),
            ("at", .date(r.date)),
            ("override_report", r.overrideReport.isEmpty ? .null : .string(r.overrideReport)),
            ("hash", .string(r.hash)),
            ("parents", .array(r.parents.map(JSON.string))),
            ("signer", r.signer.isEmpty ? .null : .string(r.signer)),
            ("signed", .bool(r.signature != nil)),
            ("verified", .bool(entry.verified)),
        ])
    }

    static func rejection(_ r: MoleculeSummary.Rejection?) -> JSON {
        guard let r else { return .null }
        return .object([
            ("checkpoint", .string(r.checkpoint)), ("step", .string(r.step)), ("reviewer", .string(r.reviewer)),
            ("reason", .optional(r.reason)), ("returned_to", .optional(r.returnedTo)), ("at", .date(r.at)),
        ])
    }

    static func report(_ r: ReportStatus?) -> JSON {
        guard let r else { return .null }
        return .object([
            ("template", .string(r.template)), ("file", .optional(r.report?.path)), ("current", .bool(r.isCurrent)),
            ("problem", .optional(r.problem)),
        ])
    }

    /// `molecule status --json` and every molecule in a list: `MoleculeSummary`, the one derived truth.
    static func molecule(_ state: MoleculeState, now: Date) -> JSON {
        let file = state.file
        let summary = state.summarize(now: now)
        let steps: [JSON] = summary.steps.map { step in
            .object([
                ("id", .string(step.id)),
                ("title", .string(step.title)),
                ("status", .string(step.status.rawValue)),
                ("attempt", .integer(step.attempt)),
                ("sent_back", .bool(step.sentBack)),
                ("started", .date(step.startedAt)),
                ("completed", .date(step.completedAt)),
                ("assignee", .optional(step.assignee)),
                ("checkpoint", .optional(step.checkpoint?.id)),
                ("gate", .optional(step.gate)),
                ("last_rejection", rejection(step.lastRejection)),
                ("report", report(step.report)),
            ])
        }
        let gates: [JSON] = summary.gates.map { status in
            let result = status.result
            return .object([
                ("id", .string(status.gate.id)),
                ("step", .string(status.stepID)),
                ("type", .string(status.gate.type.name)),
                ("mandatory", .bool(status.gate.mandatory)),
                ("passed", result.map { .bool($0.passed) } ?? .null),
                ("verdict", .string(status.verdict.rawValue)),
                ("blocking", .bool(status.blocking)),
                ("summary", .optional(result?.summary)),
                (
                    "tests",
                    result?.tests.map { t in
                        .object([
                            ("passed", .integer(t.passed)), ("failed", .integer(t.failed)),
                            ("skipped", .integer(t.skipped)),
                        ])
                    } ?? .null
                ),
                ("checked", .date(result?.checkedAt)),
            ])
        }
        let open: [JSON] = summary.openCheckpoints.map { item in
            .object([
                ("checkpoint", .string(item.checkpoint.id)),
                ("step", .string(item.step)),
                ("attempt", .integer(item.attempt)),
                ("prompt", .string(item.checkpoint.prompt)),
                ("since", .date(item.since)),
                ("approval_blockers", .array(item.approvalBlockers.map(JSON.string))),
            ])
        }
        let openFindings = state.findings.filter(\.isOpen)
        return .object([
            ("name", .string(state.name)),
            ("convoy", .string(state.convoy)),
            ("path", .string(state.path)),
            ("formula", .optional(file?.formula)),
            ("formula_version", .optional(file?.formulaVersion?.description)),
            ("state", .string(summary.state.rawValue)),
            ("assignee", .optional(file?.assignee)),
            ("team", .optional(state.team?.slug)),
            ("team_name", .optional(state.team?.displayName)),
            ("day", file.map { .integer($0.day ?? 1) } ?? .null),
            ("revision", file.map { .integer($0.revision) } ?? .null),
            ("created", .date(file?.created)),
            ("updated", .date(file?.updated)),
            ("last_activity", .date(summary.lastActivity)),
            ("inputs", .array((file?.inputs ?? []).map(JSON.string))),
            ("variables", .object((file?.variables ?? []).map { ($0.key, JSON.string($0.value)) })),
            ("steps", .array(steps)),
            ("gates", .array(gates)),
            ("open_checkpoints", .array(open)),
            (
                "findings",
                .object([
                    ("open", .integer(openFindings.count)),
                    ("open_blocking", .integer(openFindings.filter(\.finding.isBlocking).count)),
                    ("resolved", .integer(state.findings.count - openFindings.count)),
                ])
            ),
            ("remaining_minutes", summary.remaining.map { .integer(Int($0.components.seconds / 60)) } ?? .null),
            ("eta", .date(summary.eta)),
            ("audit_verified", .bool(summary.auditVerified)),
            ("signing", .string(state.signing.rawValue)),
            ("problems", .array(summary.problems.map(problem))),
            ("conflicts", .array(summary.conflicts.map(conflict))),
        ])
    }

    /// `{"field", "path", "kept", "lost": [...]}`: a value a merge of clones set aside.
    static func conflict(_ conflict: MergeConflict) -> JSON {
        .object([
            ("field", .string(conflict.field)), ("path", .array(conflict.path.map(JSON.string))),
            ("kept", conflict.kept.map(json) ?? .null), ("lost", .array(conflict.lost.map(json))),
        ])
    }

    /// A TOML value in JSON: strings, integers and booleans as themselves, anything else as its TOML text.
    static func json(_ value: TOMLValue) -> JSON {
        switch value {
        case .string(let text): .string(text)
        case .integer(let n): .integer(Int(n))
        case .boolean(let b): .bool(b)
        default: .string(TOMLSerializer.serializeInline(value))
        }
    }

    /// `molecule status` as text: the same `MoleculeSummary` as `--json`.
    static func statusLines(_ state: MoleculeState, now: Date) -> [String] {
        let file = state.file
        let summary = state.summarize(now: now)
        var lines = [
            "\(state.name) [\(summary.state.rawValue)] convoy \(state.convoy), formula \(file.map { "\($0.formula) v\($0.formulaVersion?.description ?? "?")" } ?? "-")"
        ]
        if let assignee = file?.assignee { lines.append("assignee: \(Output.safe(assignee))") }
        if let team = state.team { lines.append("team: \(Output.safe(team.label))") }
        if let file { lines.append("day: \(file.day ?? 1)") }
        if let inputs = file?.inputs, !inputs.isEmpty {
            lines.append("inputs: \(inputs.map(Output.safe).joined(separator: ", "))")
        }
        if let vars = file?.variables, !vars.isEmpty {
            lines.append("variables: " + vars.map { "\($0.key)=\(Output.safe($0.value))" }.joined(separator: ", "))
        }
        if !summary.steps.isEmpty {
            let verdicts = Dictionary(summary.gates.map { ($0.gate.id, $0) }, uniquingKeysWith: { a, _ in a })
            var rows = [["STEP", "STATUS", "ATTEMPT", "CHECKPOINT", "GATE", "ASSIGNEE"]]
            for step in summary.steps {
                var gate = step.gate ?? "-"
                if let id = step.gate, let result = verdicts[id]?.result {
                    gate += result.passed ? " (passed)" : " (failing: \(Output.safe(result.summary)))"
                }
                rows.append([
                    step.id, step.status.rawValue + (step.sentBack ? " (sent back)" : ""), String(step.attempt),
                    step.checkpoint?.id ?? "-", gate, step.assignee ?? "-",
                ])
            }
            lines += TextLayout.table(rows)
            for step in summary.steps where step.sentBack {
                guard let r = step.lastRejection else { continue }
                lines.append(
                    "sent back to \(r.returnedTo ?? step.id) by \(r.reviewer) at \(Timestamp.text(r.at)) (\(r.checkpoint)): \(Output.safe(r.reason ?? ""))"
                )
                break
            }
            for open in summary.openCheckpoints where !open.approvalBlockers.isEmpty {
                lines.append(
                    "\(open.checkpoint.id) cannot be approved yet: "
                        + open.approvalBlockers.map(Output.safe).joined(separator: "; "))
            }
            if let remaining = summary.remaining, let eta = summary.eta {
                lines.append(
                    "ETA: \(Timestamp.text(eta)) (\(remaining.components.seconds / 60) min of planned work left on the critical path)"
                )
            }
        }
        lines.append(
            "last activity: \(text(summary.lastActivity)); audit trail: \(summary.auditVerified ? "verified" : "DOES NOT VERIFY") (\(state.trail.entries.count) decisions)\(state.signing == .unsigned ? "; UNSIGNED workspace: decisions are not signed" : "")"
        )
        return lines
    }

    static func convoySummary(_ convoy: ConvoyState, molecules: [MoleculeState]) -> JSON {
        var counts: [(String, JSON)] = []
        for summary in MoleculeState.Summary.allCases {
            counts.append((summary.rawValue, .integer(molecules.filter { $0.summary == summary }.count)))
        }
        return .object([
            ("name", .string(convoy.name)),
            ("title", .optional(convoy.file?.title)),
            ("description", .optional(convoy.file?.description)),
            ("status", .optional(convoy.file?.status.rawValue)),
            ("teams", .array((convoy.file?.teams ?? []).map(JSON.string))),
            ("team_names", teamNames(convoy.file)),
            ("team_aliases", teamAliases(convoy.file)),
            ("reviewers", .array((convoy.file?.reviewers ?? []).map(JSON.string))),
            ("created", .date(convoy.file?.created)),
            ("day", convoy.file.map { .integer($0.day) } ?? .null),
            ("molecules", .integer(molecules.count)),
            ("states", .object(counts)),
            ("pending_approvals", .integer(molecules.reduce(0) { $0 + $1.openCheckpoints.count })),
            ("last_activity", .date(molecules.compactMap(\.lastActivity).max())),
            ("signing", .optional(convoy.authority?.policy.rawValue)),
            ("signers", convoy.authority.map(ReviewerPresentation.reviewers) ?? .array([])),
            ("setting_changes", .array((convoy.authority?.settingChanges ?? []).map(settingChange))),
            ("conflicts", .array((convoy.file?.conflicts ?? []).map(conflict))),
            ("problems", .array(convoy.allProblems.map(problem))),
        ])
    }

    /// A signed status or day change: `{"change", "previous", "value", "reason", "by", "at", "file", "signed"}`.
    static func settingChange(_ change: ConvoySettingChange) -> JSON {
        .object([
            ("change", .string(change.kind.rawValue)), ("previous", .string(change.previous)),
            ("value", .string(change.value)), ("reason", change.reason.isEmpty ? .null : .string(change.reason)),
            ("by", .string(change.by)), ("at", .date(change.at)), ("file", .string(change.file)),
            ("signed", .bool(change.signed)),
        ])
    }

    /// `day 1 → 3 (alice, 2026-11-30T12:15:08Z, forced: the seed is on day 3)`.
    static func settingLine(_ change: ConvoySettingChange) -> String {
        let forced = change.reason.isEmpty ? "" : ", forced: \(Output.safe(change.reason))"
        return
            "\(change.kind.rawValue) \(Output.safe(change.previous)) → \(Output.safe(change.value)) (\(change.by), \(text(change.at))\(forced))"
    }

    /// Every team's display name, by slug (the slug itself when the convoy gives none).
    static func teamNames(_ file: ConvoyFile?) -> JSON {
        .object((file?.teamDirectory.teams ?? []).map { ($0.slug, .string($0.displayName)) })
    }

    static func teamAliases(_ file: ConvoyFile?) -> JSON {
        .object((file?.teamDirectory.teams ?? []).map { ($0.slug, .array($0.aliases.map(JSON.string))) })
    }

    /// "AI Analysis, Data Storage, gateway (also GW)": the teams as people write them.
    static func teamLine(_ file: ConvoyFile) -> String {
        let teams = file.teamDirectory.teams
        let bySlug = Dictionary(uniqueKeysWithValues: teams.map { ($0.slug, $0) })
        let ordered = file.teams.compactMap { bySlug[$0] }
        guard !ordered.isEmpty else { return "-" }
        return ordered.map(\.description).joined(separator: ", ")
    }

    /// "3/9" steps done.
    static func stepCount(_ state: MoleculeState) -> String {
        guard let progress = state.progress, let formula = state.formula else { return "-" }
        let done = formula.steps.filter { progress.steps[$0.id]?.status == .done }.count
        return "\(done)/\(formula.steps.count)"
    }

    /// The steps being worked on or waited for (several at once in a convoy or a DAG), else the ready
    /// ones: `api (active)`, `api, ui (active); plan (awaiting-approval)`, `a, b, c +2 (5 ready)`.
    static func currentStep(_ state: MoleculeState) -> String {
        guard let progress = state.progress, let formula = state.formula else { return "-" }
        let current = StateMachine.currentSteps(in: progress, formula: formula)
        guard !current.steps.isEmpty else { return "-" }
        func listed(_ ids: [String]) -> String {
            ids.prefix(3).joined(separator: ", ") + (ids.count > 3 ? " +\(ids.count - 3)" : "")
        }
        if current.ready {
            return listed(current.steps) + (current.steps.count == 1 ? " (ready)" : " (\(current.steps.count) ready)")
        }
        return [StepStatus.awaitingApproval, .blocked, .active].compactMap { status in
            let ids = current.steps.filter { progress.steps[$0]?.status == status }
            return ids.isEmpty ? nil : "\(listed(ids)) (\(status.rawValue))"
        }.joined(separator: "; ")
    }

    static func text(_ date: Date?) -> String { date.map(Timestamp.text) ?? "-" }
}
