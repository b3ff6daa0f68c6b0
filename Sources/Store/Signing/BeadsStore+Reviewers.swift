import Core
import DisplayText
import Foundation
import Signing

/// Gives the signer for a human act, resolved only when one is needed (an unsigned workspace never asks).
public typealias SignerProvider = () throws(StoreError) -> any RecordSigner

/// A change to who may decide a convoy (`gastown convoy edit`).
public enum ReviewerEdit: Sendable, Hashable {
    case add(String, SSHPublicKey)
    case remove(String)
    case setKey(String, SSHPublicKey)

    var reviewer: String {
        switch self {
        case .add(let name, _), .remove(let name), .setKey(let name, _): name
        }
    }
}

extension BeadsStore {
    /// A fresh view of who may sign what (policy, pins, reviewer trails) for one load or one write.
    public func signingContext(cached: Bool = true) -> SigningContext {
        SigningContext(layout: layout, trust: trust, cache: cached ? signatureCache : nil)
    }

    /// The authority of one convoy as the files stand now.
    public func authority(ofConvoy convoy: String) throws(StoreError) -> ConvoyAuthority {
        let file = try requireConvoy(convoy)
        return signingContext().authority(for: convoy, file: file)
    }

    /// Writes a new convoy's first reviewer set (trust on first use) and pins it for this user, unless this user
    /// already pinned another genesis for that convoy name (then `gastown trust` must accept the new one).
    /// Writes a convoy's genesis into `directory`; pins it for this user unless `pin` is false (a convoy being
    /// created pins it once the convoy exists: `pinGenesis`). Returns its hash.
    @discardableResult
    func writeGenesis(
        convoy: String, members: [ReviewerChange.Member], by: String, in directory: String, now: Date, pin: Bool = true
    ) throws(StoreError) -> String {
        let change = ReviewerChange(
            convoy: convoy, kind: .genesis, members: members, by: by, at: now, parents: [], signer: "")
        _ = try HashChain<ReviewerChange>.create(change.tomlText, for: change, in: directory, layout: layout)
        if pin { try pinGenesis(convoy: convoy, hash: change.hash) }
        return change.hash
    }

    /// Pins a convoy's genesis for this user, unless one is pinned already.
    func pinGenesis(convoy: String, hash: String) throws(StoreError) {
        try trust?.update(layout) { pins in
            if pins.genesis[convoy] == nil { pins.genesis[convoy] = hash }
        }
    }

    /// Applies reviewer changes to a convoy's trail, each signed by `signer`: adding and removing by a current
    /// reviewer (`by`) with a key, a key rotation by the reviewer's current key, a first key by the new key itself
    /// (trust on first use). Agents and anyone outside the current set are refused (exit 3), nothing written.
    /// A convoy without a trail (made before signing) gets its genesis from convoy.toml's reviewers first.
    @discardableResult
    public func editReviewers(
        convoy: String, _ edits: [ReviewerEdit], by: String, isAgent: Bool, signer: SignerProvider, now: Date
    ) throws(StoreError) -> [ReviewerChange] {
        try NameValidation.validate(convoy, field: "convoy name")
        try NameValidation.validate(by, field: "reviewer")
        for edit in edits { try NameValidation.validate(edit.reviewer, field: "reviewer name") }
        if isAgent {
            throw StoreError(
                .refused,
                "refused: this process identifies itself as an agent (GASTOWN_AGENT is set); agents may never change who decides a convoy"
            )
        }
        guard !edits.isEmpty else { throw StoreError(.invalidInput, "nothing to change") }
        return try FileLock.withLock(layout.convoyLock(convoy), timeout: lockTimeout) {
            () throws(StoreError) -> [ReviewerChange] in
            var (convoyFile, previous) = try convoyForRewrite(convoy)
            let directory = ReviewerTrail.directory(layout, convoy: convoy)
            let authority = try authorityForChange(convoyFile, by: by, now: now)
            if let blocked = authority.blocked { throw StoreError(.refused, "refused: \(blocked)") }
            let key = try signer()
            var state = Dictionary(uniqueKeysWithValues: authority.trail.current.map { ($0.name, $0) })
            var heads = authority.trail.heads
            let latest = authority.trail.entries.map(\.change.date).max() ?? now
            var written: [ReviewerChange] = []
            for edit in edits {
                var change = try Self.change(
                    for: edit, convoy: convoy, by: by, state: state, signingKey: key.publicKey, keySource: key.source,
                    at: max(now, latest), parents: heads)
                change.signature = try key.sign(change.canonicalText).armored
                let file = try HashChain<ReviewerChange>.create(
                    change.tomlText, for: change, in: directory, layout: layout)
                switch edit {
                case .add(let name, let key), .setKey(let name, let key): state[name] = .init(name: name, key: key)
                case .remove(let name): state[name] = nil
                }
                heads = [(change.hash, file)]
                written.append(change)
            }
            convoyFile.reviewers = state.keys.sorted()
            try writeConvoy(convoyFile, replacing: previous)
            return written
        }
    }

    /// The convoy's authority for a change of its trail, made under the convoy's lock. A convoy made before
    /// signing (no trail) first gets its genesis from convoy.toml's reviewers.
    func authorityForChange(_ convoyFile: ConvoyFile, by: String, now: Date) throws(StoreError) -> ConvoyAuthority {
        let convoy = convoyFile.name
        let authority = signingContext(cached: false).authority(for: convoy, file: convoyFile)
        guard !authority.trail.exists else { return authority }
        if let blocked = authority.blocked, (try trust?.pins(for: layout).genesis[convoy]) != nil {
            throw StoreError(.refused, "refused: \(blocked)")
        }
        guard !convoyFile.reviewers.isEmpty else {
            throw StoreError(
                .refused,
                "refused: convoy \(convoy) lists no reviewers, so none can register a key; a convoy's first reviewers are set by `gastown convoy create \(convoy) --reviewer NAME=PUBKEY_FILE`",
                concernsIdentity: true)
        }
        try writeGenesis(
            convoy: convoy, members: convoyFile.reviewers.map { .init(name: $0, key: nil) }, by: by,
            in: ReviewerTrail.directory(layout, convoy: convoy), now: now)
        return signingContext(cached: false).authority(for: convoy, file: convoyFile)
    }

    /// Refused unless `name` is a reviewer in `state` whose registered key is `signingKey`.
    static func requireSigner(
        _ name: String, convoy: String, state: [String: ReviewerChange.Member], signingKey: SSHPublicKey,
        keySource: String
    ) throws(StoreError) {
        guard let member = state[name] else {
            let names = state.keys.sorted().joined(separator: ", ")
            throw StoreError(
                .refused,
                "refused: \(name) is not a reviewer of convoy \(convoy) (its reviewers are \(names.isEmpty ? "none" : names)); only a reviewer may change who decides or the convoy's status and day",
                concernsIdentity: true)
        }
        guard let key = member.key else {
            throw StoreError(
                .refused,
                "refused: \(name) has no registered key in convoy \(convoy); register it first with `gastown convoy edit \(convoy) --set-key \(name)=PUBKEY_FILE`",
                concernsIdentity: true)
        }
        guard key == signingKey else {
            throw StoreError(
                .refused,
                "refused: your signing key \(signingKey.fingerprint) (\(keySource)) is not \(name)'s key in convoy \(convoy) (\(key.fingerprint)); choose it with --signing-key PATH",
                concernsIdentity: true)
        }
    }

    /// One change, checked against the set it follows and the key that will sign it.
    static func change(
        for edit: ReviewerEdit, convoy: String, by: String, state: [String: ReviewerChange.Member],
        signingKey: SSHPublicKey, keySource: String, at: Date, parents: [(hash: String, file: String)]
    ) throws(StoreError) -> ReviewerChange {
        func requireSigner(_ name: String) throws(StoreError) {
            try Self.requireSigner(name, convoy: convoy, state: state, signingKey: signingKey, keySource: keySource)
        }
        switch edit {
        case .add(let name, let key):
            try requireSigner(by)
            guard state[name] == nil else {
                throw StoreError(.invalidInput, "\(name) is already a reviewer of convoy \(convoy)")
            }
            return ReviewerChange(
                convoy: convoy, kind: .add, reviewer: name, key: key, by: by, at: at, parents: parents,
                signer: signingKey.fingerprint)
        case .remove(let name):
            try requireSigner(by)
            guard state[name] != nil else {
                throw StoreError(.invalidInput, "\(name) is not a reviewer of convoy \(convoy)")
            }
            guard state.contains(where: { $0.key != name && $0.value.key != nil }) else {
                throw StoreError(
                    .invalidInput,
                    "refusing to remove \(name): no other reviewer of convoy \(convoy) has a key, so nobody could decide or change reviewers afterwards"
                )
            }
            return ReviewerChange(
                convoy: convoy, kind: .remove, reviewer: name, by: by, at: at, parents: parents,
                signer: signingKey.fingerprint)
        case .setKey(let name, let key):
            guard let member = state[name] else {
                throw StoreError(.refused, "refused: \(name) is not a reviewer of convoy \(convoy)")
            }
            if let old = member.key {
                guard old == signingKey else {
                    throw StoreError(
                        .refused,
                        "refused: a new key for \(name) must be signed with \(name)'s current key \(old.fingerprint), not \(signingKey.fingerprint) (choose it with --signing-key PATH); a reviewer who lost their key is removed and added again by another reviewer"
                    )
                }
            } else if key != signingKey {
                throw StoreError(
                    .refused,
                    "refused: \(name)'s first key is registered by signing with that key itself (trust on first use), but your signing key is \(signingKey.fingerprint); pass --signing-key with the private key of \(key.fingerprint)"
                )
            }
            return ReviewerChange(
                convoy: convoy, kind: .setKey, reviewer: name, key: key, by: name, at: at, parents: parents,
                signer: signingKey.fingerprint)
        }
    }
}
