import Core
import Foundation

/// Something in the workspace that differs from what this user accepted, for `gastown trust` to show.
public enum TrustChange: Sendable, Hashable {
    /// `.beads/config.toml` asks for `to`; the user accepted `from`.
    case policy(from: WorkspaceConfig.SigningPolicy, to: WorkspaceConfig.SigningPolicy)
    /// A convoy's reviewer trail starts from another genesis than the pinned one (`pinned` nil: never seen;
    /// `now` nil: the trail is gone).
    case genesis(convoy: String, pinned: String?, now: ReviewerChange?)

    /// One paragraph for a person deciding whether to accept it.
    public var summary: String {
        switch self {
        case .policy(let from, let to):
            return
                "workspace signing policy: you accepted \"\(from.rawValue)\"; .beads/config.toml now says \"\(to.rawValue)\""
                + (to == .unsigned ? " (decisions would count without signatures)" : "")
        case .genesis(let convoy, let pinned, let now):
            let was = pinned.map { "you accepted genesis \($0.prefix(12))…" } ?? "never accepted"
            guard let now else { return "convoy \(convoy): \(was); its reviewer trail is now gone" }
            let members = now.members.map { member in
                member.key.map { "\(member.name) (\($0.fingerprint))" } ?? "\(member.name) (no key)"
            }
            return
                "convoy \(convoy): \(was); the trail now starts from \(now.hash.prefix(12))…, written by \(now.by) at \(now.atText), with reviewers \(members.joined(separator: ", "))"
        }
    }
}

extension BeadsStore {
    /// What differs from this user's pins: the policy, and the genesis of `convoys` (every convoy when nil).
    public func trustChanges(convoys: [String]?) throws(StoreError) -> [TrustChange] {
        guard let trust else { throw StoreError(.io, "no trust store: set HOME or XDG_STATE_HOME") }
        let pins = try trust.pins(for: layout)
        let (config, _) = WorkspaceConfig.load(layout)
        var changes: [TrustChange] = []
        if let pinned = pins.signing, pinned != config.signing {
            changes.append(.policy(from: pinned, to: config.signing))
        }
        let names: [String]
        if let convoys { names = convoys } else { names = try convoyNames() }
        for convoy in names {
            try NameValidation.validate(convoy, field: "convoy name")
            guard StoreDiscovery.isDirectory(layout.convoyDirectory(convoy)) else {
                throw StoreError(.notFound, "no convoy named \(convoy) (see `gastown convoy list`)")
            }
            let trail = ReviewerTrail(layout: layout, convoy: convoy, cache: nil)
            let pinned = pins.genesis[convoy]
            if let pinned, trail.genesis?.change.hash != pinned {
                changes.append(.genesis(convoy: convoy, pinned: pinned, now: trail.genesis?.change))
            }
        }
        return changes
    }

    /// Pins what the workspace says now, for each accepted change.
    public func accept(_ changes: [TrustChange]) throws(StoreError) {
        guard let trust else { throw StoreError(.io, "no trust store: set HOME or XDG_STATE_HOME") }
        try trust.update(layout) { pins in
            for change in changes {
                switch change {
                case .policy(_, let to): pins.signing = to
                case .genesis(let convoy, _, let now): pins.genesis[convoy] = now?.hash
                }
            }
        }
    }
}
