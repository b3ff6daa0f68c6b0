import Core
import DisplayText
import Foundation

/// A reviewer's change of a convoy's status or current day (`gastown convoy edit --status/--day`), as it counts
/// from the convoy's signed trail.
public struct ConvoySettingChange: Sendable, Hashable {
    public var kind: ReviewerChange.Kind
    public var previous: String
    public var value: String
    /// Why a day was forced past what the day rules allow ("" when it was not).
    public var reason: String
    public var by: String
    public var at: Date
    /// The record's file in `convoys/C/reviewers/`.
    public var file: String
    public var signed: Bool
}

enum ConvoySetting {
    /// What is wrong with a recorded value, or nil.
    static func problem(kind: ReviewerChange.Kind, value: String) -> String? {
        switch kind {
        case .status:
            guard ConvoyFile.Status(rawValue: value) == nil else { return nil }
            return
                "status \"\(TerminalText.sanitizeLine(value))\" is not one of \(ConvoyFile.Status.allCases.map(\.rawValue).joined(separator: ", "))"
        case .day:
            guard let day = Int(value), StoreCounter.dayProblem(day) == nil else {
                return
                    "day \"\(TerminalText.sanitizeLine(value))\" is not a whole number from 1 to \(StoreCounter.maximum)"
            }
            return nil
        default:
            return nil
        }
    }

    /// The setting changes of a trail that count under `policy` (an unsigned one only in an unsigned workspace), in
    /// the trail's order (predecessors first), and a problem for each that does not.
    static func changes(in trail: ReviewerTrail, policy: WorkspaceConfig.SigningPolicy, directory: String) -> (
        [ConvoySettingChange], [StoreProblem]
    ) {
        var counted: [ConvoySettingChange] = []
        var problems: [StoreProblem] = []
        for entry in trail.entries where entry.counts && entry.change.kind.isSetting {
            let change = entry.change
            let signed = !change.signer.isEmpty
            if !signed && policy == .required {
                problems.append(
                    StoreProblem(
                        .signature, file: directory + "/" + entry.file,
                        message:
                            "\(change.kind.rawValue) \(TerminalText.sanitizeLine(change.value)) by \(TerminalText.sanitizeLine(change.by)) does not count: it is not signed, and this workspace requires signatures"
                    ))
                continue
            }
            counted.append(
                ConvoySettingChange(
                    kind: change.kind, previous: change.previous, value: change.value, reason: change.reason,
                    by: change.by, at: change.date, file: entry.file, signed: signed))
        }
        return (counted, problems)
    }

    /// convoy.toml against the signed trail: a status other than the last signed one, or a day behind the last
    /// signed one (`convoy advance-day` moves the day on without a signature, so only going back is caught).
    static func mismatches(_ file: ConvoyFile?, changes: [ConvoySettingChange], convoyFile: String) -> [StoreProblem] {
        guard let file else { return [] }
        var problems: [StoreProblem] = []
        if let status = changes.last(where: { $0.kind == .status }), status.value != file.status.rawValue {
            problems.append(
                StoreProblem(
                    .trust, file: convoyFile,
                    message:
                        "convoy.toml says status \"\(file.status.rawValue)\", but the signed trail says \"\(TerminalText.sanitizeLine(status.value))\" (set by \(TerminalText.sanitizeLine(status.by))); change it with `gastown convoy edit \(file.name) --status S`"
                ))
        }
        if let day = changes.last(where: { $0.kind == .day }), let signed = Int(day.value), file.day < signed {
            problems.append(
                StoreProblem(
                    .trust, file: convoyFile,
                    message:
                        "convoy.toml says day \(file.day), but the signed trail moved the convoy to day \(signed) (by \(TerminalText.sanitizeLine(day.by))); a day never goes back by hand"
                ))
        }
        return problems
    }
}
