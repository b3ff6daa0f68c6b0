import Core
import DisplayText
import Foundation
import Signing

/// Who may decide one convoy's checkpoints, as far as this user can trust the files: the workspace's signing
/// policy, the convoy's verified reviewer trail, and whether the trail's genesis is the one this user pinned.
///
/// `problem(with:now:)` is the one place that says whether a human act (a decision, a finding resolution, a
/// gate resolution or confirmation) counts; every load and every screen goes through it.
public struct ConvoyAuthority: Sendable {
    /// A signed act as a record claims it.
    public struct Claim: Sendable {
        public var reviewer: String
        /// The signer's key fingerprint ("" when unsigned).
        public var signer: String
        /// The reviewer-trail record the act was made under ("" when unsigned).
        public var reviewersHead: String
        public var signature: String?
        /// Built only when a signature is checked: a load whose signatures are cached never needs it.
        private let makeCanonicalText: @Sendable () -> [UInt8]
        public var canonicalText: [UInt8] { makeCanonicalText() }
        public var hash: String
        public var date: Date
        public var atText: String

        public init(
            reviewer: String, signer: String, reviewersHead: String, signature: String?,
            canonicalText: @autoclosure @escaping @Sendable () -> [UInt8], hash: String, date: Date, atText: String
        ) {
            self.reviewer = reviewer
            self.signer = signer
            self.reviewersHead = reviewersHead
            self.signature = signature
            self.makeCanonicalText = canonicalText
            self.hash = hash
            self.date = date
            self.atText = atText
        }
    }

    /// Records dated further ahead than this are a problem (clock skew allowed between machines).
    public static let clockSkew: TimeInterval = 300

    public let convoy: String
    /// The policy in force (a switch to unsigned that the user has not accepted keeps `required`).
    public let policy: WorkspaceConfig.SigningPolicy
    public let trail: ReviewerTrail
    /// The reviewers `convoy.toml` lists: a claim, which decides only in an unsigned workspace.
    public let listed: [String]
    /// What is wrong with the convoy as a whole (the trail, the pin, convoy.toml against the trail, the policy).
    public let problems: [StoreProblem]
    /// Why no signed act of this convoy counts (no trail, a genesis not pinned by this user), or nil.
    public let blocked: String?
    /// The status and day changes reviewers made (`convoy edit --status/--day`) that count, oldest first.
    public let settingChanges: [ConvoySettingChange]
    let cache: SignatureCache?

    public var isSigned: Bool { policy == .required }

    init(
        convoy: String, policy: WorkspaceConfig.SigningPolicy, trail: ReviewerTrail, listed: [String],
        problems: [StoreProblem], blocked: String?, settingChanges: [ConvoySettingChange] = [], cache: SignatureCache?
    ) {
        self.settingChanges = settingChanges
        self.convoy = convoy
        self.policy = policy
        self.trail = trail
        self.listed = listed
        self.problems = problems
        self.blocked = blocked
        self.cache = cache
    }

    /// Nil when the act counts; otherwise why not (the end of "… does not count: ").
    public func problem(with claim: Claim, now: Date) -> String? {
        let reviewer = TerminalText.sanitizeLine(claim.reviewer)
        if claim.date > now + Self.clockSkew {
            return "it is dated \(claim.atText), in the future (more than 5 minutes ahead of this clock)"
        }
        guard isSigned else {
            return listed.contains(claim.reviewer) ? nil : "\(reviewer) is not a reviewer of convoy \(convoy)"
        }
        if let blocked { return blocked }
        guard let signature = claim.signature, !signature.isEmpty, !claim.signer.isEmpty else {
            return "it is not signed, and this workspace requires signatures"
        }
        guard let members = trail.members(at: claim.reviewersHead) else {
            return
                "it names reviewer-trail record \(TerminalText.sanitizeLine(String(claim.reviewersHead.prefix(12))))…, which is not a verified record of convoy \(convoy)'s reviewer trail"
        }
        guard let member = members[claim.reviewer] else {
            return "\(reviewer) was not a reviewer of convoy \(convoy) at that point of its reviewer trail"
        }
        guard let key = member.key else { return "\(reviewer) had no registered key at that point" }
        let fingerprint = key.fingerprint
        guard claim.signer == fingerprint else {
            return
                "it is signed by \(TerminalText.sanitizeLine(claim.signer)), not by \(reviewer)'s key \(fingerprint)"
        }
        return SignatureCheck.problem(
            armored: signature, key: key, fingerprint: fingerprint, canonical: claim.canonicalText, hash: claim.hash,
            cache: cache)
    }

    /// Why `reviewer` may not make a human act in this convoy at all (whatever the key), or nil: in an unsigned
    /// workspace, not listed in convoy.toml; in a signed one, nothing counts yet or not a current reviewer.
    public func membershipRefusal(of reviewer: String) -> StoreError? {
        guard isSigned else {
            guard !listed.contains(reviewer) else { return nil }
            let allowed =
                listed.isEmpty ? "it lists no reviewers" : "its reviewers are \(listed.joined(separator: ", "))"
            return StoreError(
                .refused, "refused: \(reviewer) is not a reviewer of convoy \(convoy) (\(allowed))",
                concernsIdentity: true)
        }
        if let blocked { return StoreError(.refused, "refused: \(blocked)") }
        guard trail.current.contains(where: { $0.name == reviewer }) else {
            let names = trail.current.map(\.name).joined(separator: ", ")
            return StoreError(
                .refused,
                "refused: \(reviewer) is not a reviewer of convoy \(convoy) (its reviewers are \(names.isEmpty ? "none" : names))",
                concernsIdentity: true)
        }
        return nil
    }

    /// Whether `reviewer`, signing with `key` (nil: no key was found), may decide in this convoy now: the same
    /// checks a decision goes through, without signing anything. Used to say where you may decide (`whoami`,
    /// the dashboard) before you try.
    public func decisionRefusal(of reviewer: String, key: SSHPublicKey?, keySource: String) -> StoreError? {
        if let refusal = membershipRefusal(of: reviewer) { return refusal }
        guard isSigned else { return nil }
        guard let key else { return StoreError(.refused, SigningKeyLookup.noKeyMessage) }
        if case .failure(let error) = headForSigning(reviewer: reviewer, key: key, keySource: keySource) {
            return error
        }
        return nil
    }

    /// The reviewer-trail record a new act by `reviewer` with `key` is made under, or why the act is refused.
    public func headForSigning(reviewer: String, key: SSHPublicKey, keySource: String) -> Result<String, StoreError> {
        if let blocked { return .failure(StoreError(.refused, "refused: \(blocked)")) }
        var known: SSHPublicKey?
        for head in trail.heads.sorted(by: { $0.hash < $1.hash }) {
            guard let member = trail.members(at: head.hash)?[reviewer] else { continue }
            if member.key == key { return .success(head.hash) }
            known = known ?? member.key
        }
        if let refusal = membershipRefusal(of: reviewer) { return .failure(refusal) }
        if let known {
            return .failure(
                StoreError(
                    .refused,
                    "refused: your signing key \(key.fingerprint) (\(keySource)) is not \(reviewer)'s key in convoy \(convoy) (\(known.fingerprint)); sign with that key (--signing-key PATH), or rotate it with `gastown convoy edit \(convoy) --set-key \(reviewer)=PUBKEY_FILE` signed by the old key",
                    concernsIdentity: true))
        }
        return .failure(
            StoreError(
                .refused,
                "refused: \(reviewer) has no registered key in convoy \(convoy); register one with `gastown convoy edit \(convoy) --set-key \(reviewer)=~/.ssh/id_ed25519.pub`",
                concernsIdentity: true))
    }
}
