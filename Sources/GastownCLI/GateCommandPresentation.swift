import Core
import Foundation
import Store

extension Exit {
    /// `gate check`: the gate was evaluated and fails (or an external gate is not resolved as passed).
    static let gateFailed: Int32 = 5
}

/// Text and JSON for gate verdicts and evidence (schemas: docs/gates.md).
enum GatePresentation {
    static let listed = 20

    /// "gate G fails: summary" (exit 5), for stderr and the `--json` error.
    static func failureMessage(_ o: GateCheckOutcome) -> String {
        "gate \(o.gate.id) of \(o.molecule.name) fails: \(Output.safe(o.evidence.summary))"
    }

    static func outcome(_ o: GateCheckOutcome) -> JSON {
        var members: [(String, JSON)] = [
            ("molecule", .string(o.molecule.name)),
            ("gate", .string(o.gate.id)),
            ("step", .string(o.stepID)),
            ("type", .string(o.gate.type.name)),
            ("mandatory", .bool(o.gate.mandatory)),
            ("recorded", .bool(o.recorded)),
            ("passed", .bool(o.evidence.passed)),
            ("step_status", .optional(o.molecule.progress?.steps[o.stepID]?.status.rawValue)),
            ("evidence_file", o.recorded ? .string(o.molecule.layoutRelativeEvidence(o.gate.id)) : .null),
            ("evidence", evidence(o.evidence)),
        ]
        if !o.evidence.passed {
            members.append(
                ("error", Exit.errorJSON(code: Exit.gateFailed, kind: "gate-failed", message: failureMessage(o))))
        }
        return .object(members)
    }

    /// A molecule's gates, or only `gate` (a gate id or its step's id).
    static func statuses(_ state: MoleculeState, _ gate: String?) throws(StoreError) -> [GateStatus] {
        guard let gate else { return state.gateStatuses }
        let statuses = state.gateStatuses.filter { $0.gate.id == gate || $0.stepID == gate }
        if statuses.isEmpty {
            throw StoreError(.invalidInput, "molecule \(state.name) has no gate \(Output.safe(gate))")
        }
        return statuses
    }

    /// `gate show --json`.
    static func show(_ molecule: String, statuses: [GateStatus]) -> JSON {
        .object([("molecule", .string(molecule)), ("gates", .array(statuses.map(status)))])
    }

    static func status(_ s: GateStatus) -> JSON {
        .object([
            ("id", .string(s.gate.id)),
            ("step", .string(s.stepID)),
            ("type", .string(s.gate.type.name)),
            ("mandatory", .bool(s.gate.mandatory)),
            ("criteria", .string(s.gate.criteriaText)),
            ("verdict", .string(s.verdict.rawValue)),
            ("blocking", .bool(s.blocking)),
            ("summary", .optional(s.result?.summary)),
            ("checked", .date(s.result?.checkedAt)),
            ("evidence", s.evidence.map(evidence) ?? .null),
        ])
    }

    static func counts(_ t: TestCounts) -> JSON {
        .object([
            ("passed", .integer(t.passed)), ("failed", .integer(t.failed)), ("skipped", .integer(t.skipped)),
            ("total", .integer(t.total)), ("pass_rate", .number(t.passRate)),
        ])
    }

    static func evidence(_ e: GateEvidence) -> JSON {
        func testCase(_ c: GateEvidence.TestCase) -> JSON {
            .object([("name", .string(c.name)), ("file", .string(c.file)), ("message", .string(c.message))])
        }
        var members: [(String, JSON)] = [
            ("gate", .string(e.gateID)), ("step", .string(e.step)), ("type", .string(e.type)),
            ("attempt", .integer(e.attempt)), ("passed", .bool(e.passed)), ("summary", .string(e.summary)),
            ("checked", .date(e.checkedAt)), ("checked_by", .optional(e.checkedBy)),
            ("resolved_by", .optional(e.resolvedBy)), ("note", .optional(e.note)),
        ]
        if let t = e.tests {
            members.append(
                (
                    "tests",
                    .object([
                        ("counts", counts(t)), ("origin", .optional(e.testOrigin)),
                        (
                            "sources",
                            .array(
                                e.testSources.map {
                                    .object([("file", .string($0.file)), ("counts", counts($0.counts))])
                                })
                        ),
                        ("failures", .array(e.failures.map(testCase))),
                        ("skipped_tests", .array(e.skippedTests.map(testCase))),
                        ("unlisted_cases", .integer(e.unlistedCases)),
                    ])
                ))
        } else {
            members.append(("tests", .null))
        }
        if let s = e.scan {
            members.append(
                (
                    "scan",
                    .object([
                        ("files_scanned", .integer(s.filesScanned)), ("clean", .bool(s.isClean)),
                        (
                            "hits",
                            .array(
                                s.hits.map { h in
                                    .object([
                                        ("file", .string(h.file)), ("line", .integer(h.line)),
                                        ("pattern", .string(h.antiPatternID)),
                                        ("name", .string(s.patternNames[h.antiPatternID] ?? h.antiPatternID)),
                                        ("severity", .string(h.severity.rawValue)), ("excerpt", .string(h.excerpt)),
                                    ])
                                })
                        ),
                        (
                            "skipped_files",
                            .array(
                                s.skipped.map { k in
                                    .object([("file", .string(k.file)), ("reason", .string(skipReason(k.reason)))])
                                })
                        ),
                        ("skipped_too_large", .integer(s.skippedTooLarge)),
                        ("skipped_binary", .integer(s.skippedBinary)),
                        (
                            "cut_short",
                            .array(
                                s.cutShort.map { c in
                                    .object([
                                        ("file", .string(c.file)), ("pattern", .string(c.patternID)),
                                        ("line", .integer(c.line)),
                                        ("reason", .string(cutReason(c.reason))),
                                    ])
                                })
                        ),
                        (
                            "invalid_patterns",
                            .array(
                                s.invalidRules.map {
                                    .object([("pattern", .string($0.patternID)), ("message", .string($0.message))])
                                })
                        ),
                        ("abandoned_patterns", .array(s.abandonedRules.map(JSON.string))),
                    ])
                ))
        } else {
            members.append(("scan", .null))
        }
        members.append(
            (
                "findings",
                e.openFindings.map { open in
                    .object([
                        (
                            "open",
                            .array(
                                open.map { f in
                                    .object([
                                        ("id", .optional(f.id)), ("severity", .string(f.severity.rawValue)),
                                        ("category", .string(f.category)), ("title", .string(f.title)),
                                    ])
                                })
                        )
                    ])
                } ?? .null
            ))
        return .object(members)
    }

    static func skipReason(_ r: AntiPatternSkip.Reason) -> String {
        switch r {
        case .tooLarge(let bytes): "too large (\(bytes) bytes)"
        case .binary: "binary"
        case .unreadable(let why): "unreadable: \(why)"
        case .outsideWorkspace(let target): "a symbolic link to \(target), outside the workspace: not scanned"
        }
    }

    static func cutReason(_ r: AntiPatternCutShort.Reason) -> String {
        switch r {
        case .stepBudget: "regex work limit reached"
        case .longLines(let count): "\(count) long line\(count == 1 ? "" : "s") searched in part"
        case .hitLimit: "hit limit reached"
        }
    }

    static func printOutcome(_ o: GateCheckOutcome, molecule: String) -> [String] {
        var lines = [
            "\(molecule): gate \(Output.safe(o.gate.id)) (\(o.gate.type.name)\(o.gate.mandatory ? ", mandatory" : ""), step \(o.stepID)): "
                + (o.evidence.passed ? "PASSED" : "FAILED") + " — " + Output.safe(o.evidence.summary)
        ]
        lines += evidenceLines(o.evidence)
        if o.recorded {
            let status = o.molecule.progress?.steps[o.stepID]?.status.rawValue ?? "?"
            lines.append("recorded: \(o.molecule.layoutRelativeEvidence(o.gate.id)); step \(o.stepID) is \(status)")
            if !o.evidence.passed && o.gate.blocksCompletion {
                lines.append(
                    "step \(o.stepID) cannot complete until this gate passes: fix the above, then run `gastown gate check \(molecule) \(o.gate.id)` again"
                )
            }
        } else if !o.evidence.passed {
            lines.append(
                "not recorded: resolve it with `gastown gate resolve \(molecule) \(o.gate.id) --passed|--failed [--note TEXT]`"
            )
        }
        return lines
    }

    static func printStatus(_ s: GateStatus, molecule: String) -> [String] {
        let verdict = s.verdict == .passed ? "PASSED" : s.verdict == .failing ? "FAILING" : "NOT CHECKED"
        var lines = [
            "gate \(Output.safe(s.gate.id)) (\(s.gate.type.name)\(s.gate.mandatory ? ", mandatory" : ""), step \(s.stepID)): \(verdict)"
                + (s.blocking ? " — blocks step \(s.stepID)" : "")
        ]
        lines.append("  requires: \(Output.safe(s.gate.criteriaText))")
        if let r = s.result { lines.append("  \(Output.safe(r.summary)) (checked \(Timestamp.text(r.checkedAt)))") }
        if let e = s.evidence { lines += evidenceLines(e) }
        return lines
    }

    /// The evidence, indented: test counts and failures, anti-pattern hits, what the scan skipped or cut short.
    static func evidenceLines(_ e: GateEvidence) -> [String] {
        var lines: [String] = []
        if let t = e.tests {
            lines.append(
                "  tests: \(t.passed) passed, \(t.failed) failed, \(t.skipped) skipped (pass rate \(t.passRateText))"
                    + (e.testOrigin.map { origin in
                        let files = e.testSources.map { Output.safe($0.file) }.joined(separator: ", ")
                        return ", from " + (files.isEmpty ? origin : files + (origin == "junit" ? "" : " (\(origin))"))
                    } ?? ""))
            for c in e.failures.prefix(listed) {
                lines.append(
                    "    failed: \(Output.safe(c.name))\(c.message.isEmpty ? "" : ": " + Output.safe(c.message))")
            }
            for c in e.skippedTests.prefix(listed) {
                lines.append(
                    "    skipped: \(Output.safe(c.name))\(c.message.isEmpty ? "" : ": " + Output.safe(c.message))")
            }
            let more = max(0, e.failures.count - listed) + max(0, e.skippedTests.count - listed) + e.unlistedCases
            if more > 0 { lines.append("    … and \(more) more test cases (see the evidence file)") }
        }
        if let s = e.scan {
            lines.append(
                "  anti-pattern scan: \(s.filesScanned) files scanned, \(s.hits.count) hit\(s.hits.count == 1 ? "" : "s")"
                    + (s.skipped.isEmpty
                        ? ""
                        : ", \(s.skipped.count) skipped (\(s.skippedTooLarge) too large, \(s.skippedBinary) binary)"))
            for h in s.hits.prefix(listed) { lines.append("    \(Output.safe(h.summary))") }
            if s.hits.count > listed { lines.append("    … and \(s.hits.count - listed) more hits") }
            for k in s.skipped.prefix(listed) {
                lines.append("    skipped \(Output.safe(k.file)): \(Output.safe(skipReason(k.reason)))")
            }
            for c in s.cutShort.prefix(listed) {
                lines.append(
                    "    cut short: \(Output.safe(c.patternID)) in \(Output.safe(c.file)) at line \(c.line): \(cutReason(c.reason))"
                )
            }
            for r in s.invalidRules {
                lines.append("    invalid pattern \(Output.safe(r.patternID)): \(Output.safe(r.message))")
            }
            if !s.abandonedRules.isEmpty {
                lines.append("    abandoned (too slow): \(Output.safe(s.abandonedRules.joined(separator: ", ")))")
            }
        }
        return lines
    }
}

extension MoleculeState {
    /// Workspace-relative path of a gate's evidence file.
    func layoutRelativeEvidence(_ gate: String) -> String {
        FilePathText.directory(of: path) + "/gates/\(gate).toml"
    }
}

enum FilePathText {
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return String(path[..<slash])
    }
}

extension GatePresentation {
    /// `molecule complete` refused because of a gate: the state machine's reason, then the evidence
    /// behind the verdict and how to unblock.
    static func completionRefusal(_ reason: String, store: BeadsStore, molecule: String, step: String) -> String {
        guard let state = try? store.loadMolecule(molecule), let gate = state.formula?.step(step)?.gate,
            gate.blocksCompletion, reason.contains("gate \(gate.id)")
        else {
            return reason
        }
        var lines = [reason]
        if let e = state.gateRecords.current(gate.id, in: state.progress) {
            lines += evidenceLines(e)
            lines.append("evidence: \(state.layoutRelativeEvidence(gate.id))")
        }
        lines.append("once fixed, run `gastown gate check \(molecule) \(gate.id)`: a passing check unblocks the step")
        return lines.joined(separator: "\n")
    }
}
