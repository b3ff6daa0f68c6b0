import Foundation
import Store

/// How reviewer changes and reviewer sets are printed (text and JSON).
enum ReviewerPresentation {
    static func changeLine(_ change: ReviewerChange, convoy: String) -> String {
        switch change.kind {
        case .genesis: "convoy \(convoy): first reviewers \(change.members.map(\.name).joined(separator: ", "))"
        case .add:
            "convoy \(convoy): added reviewer \(change.reviewer) (\(change.key?.fingerprint ?? "-")), signed by \(change.by)"
        case .remove: "convoy \(convoy): removed reviewer \(change.reviewer), signed by \(change.by)"
        case .setKey:
            "convoy \(convoy): \(change.reviewer)'s key is now \(change.key?.fingerprint ?? "-"), signed by \(change.signer)"
        case .status, .day:
            "convoy \(convoy): \(change.kind.rawValue) \(Output.safe(change.previous)) → \(Output.safe(change.value)) by \(change.by)"
                + (change.reason.isEmpty ? "" : ", forced: \(Output.safe(change.reason))")
                + (change.signer.isEmpty ? " (unsigned workspace)" : ", signed by \(change.signer)")
        }
    }

    static func change(_ change: ReviewerChange) -> JSON {
        .object([
            ("change", .string(change.kind.rawValue)),
            ("reviewer", change.kind == .genesis || change.kind.isSetting ? .null : .string(change.reviewer)),
            ("previous", change.kind.isSetting ? .string(change.previous) : .null),
            ("value", change.kind.isSetting ? .string(change.value) : .null),
            ("reason", change.reason.isEmpty ? .null : .string(change.reason)),
            ("key", change.key.map { .string($0.openSSHText) } ?? .null),
            ("by", .string(change.by)),
            ("at", .string(change.atText)),
            ("signer", change.signer.isEmpty ? .null : .string(change.signer)),
            ("hash", .string(change.hash)),
        ])
    }

    /// The current reviewers: name, key, fingerprint, and whether their key was trusted on first use.
    static func reviewers(_ authority: ConvoyAuthority) -> JSON {
        let firstUse = Set(
            authority.trail.entries.filter { $0.counts && $0.trustedOnFirstUse && $0.change.kind == .setKey }.map(
                \.change.reviewer))
        return .array(
            authority.trail.current.map { member in
                .object([
                    ("name", .string(member.name)),
                    ("key", member.key.map { .string($0.openSSHText) } ?? .null),
                    ("fingerprint", member.key.map { .string($0.fingerprint) } ?? .null),
                    ("key_trusted_on_first_use", .bool(firstUse.contains(member.name))),
                ])
            })
    }

    /// `alice (SHA256:…), bob (no key)` with first-use keys marked, for `convoy show`.
    static func summary(_ authority: ConvoyAuthority) -> String {
        guard authority.trail.genesis != nil else { return "no signed reviewer trail" }
        let firstUse = Set(
            authority.trail.entries.filter { $0.counts && $0.trustedOnFirstUse && $0.change.kind == .setKey }.map(
                \.change.reviewer))
        let members = authority.trail.current.map { member -> String in
            guard let key = member.key else { return "\(member.name) (no key)" }
            return
                "\(member.name) (\(key.fingerprint)\(firstUse.contains(member.name) ? ", trusted on first use" : ""))"
        }
        return members.joined(separator: ", ") + "; first reviewers trusted on first use"
    }
}
