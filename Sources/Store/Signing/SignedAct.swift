import Core
import Foundation
import TOML

/// The signature fields of a human act kept inside another file's table (a finding's `[resolution]`):
/// `signer`, `reviewers_head` and `signature`, over a canonical text built from the act and what it acts on.
public struct SignedAct: Sendable, Hashable {
    public var signer: String
    public var reviewersHead: String
    public var signature: String?

    public init(signer: String = "", reviewersHead: String = "", signature: String? = nil) {
        self.signer = signer
        self.reviewersHead = reviewersHead
        self.signature = signature
    }

    static func read(_ reader: FieldReader) -> SignedAct {
        SignedAct(
            signer: reader.string("signer") ?? "", reviewersHead: reader.string("reviewers_head") ?? "",
            signature: reader.string("signature"))
    }

    /// The act as a claim for `ConvoyAuthority`: `by` signed `canonical` (its hash keys the signature cache).
    func claim(by: String, canonical: [UInt8], date: Date, atText: String) -> ConvoyAuthority.Claim {
        ConvoyAuthority.Claim(
            reviewer: by, signer: signer, reviewersHead: reviewersHead, signature: signature, canonicalText: canonical,
            hash: Hashing.sha256Hex(canonical), date: date, atText: atText)
    }

    func write(into table: inout TOMLTable) {
        guard !signer.isEmpty else { return }
        table["signer"] = .string(signer)
        table["reviewers_head"] = .string(reviewersHead)
        if let signature { table["signature"] = .string(signature) }
    }
}

extension FindingRecord {
    /// What a resolution's signature covers: the finding it resolves (id, place, severity, title) and the
    /// resolution (by, at as written, note), the signer and the reviewer-trail record.
    func resolutionCanonicalText(convoy: String, by: String, atText: String, note: String, act: SignedAct) -> [UInt8] {
        var text = CanonicalText(version: "gastown-resolution-v1")
        text.field("convoy", convoy)
        text.field("molecule", molecule)
        text.field("finding", id)
        text.field("severity", finding.severity.rawValue)
        text.field("title", finding.title)
        text.field("by", by)
        text.field("at", atText)
        text.field("note", note)
        text.field("signer", act.signer)
        text.field("reviewers_head", act.reviewersHead)
        return text.bytes
    }

    /// The resolution as a claim for `ConvoyAuthority`, nil when the finding is not resolved.
    func resolutionClaim(convoy: String) -> ConvoyAuthority.Claim? {
        guard let resolution = finding.resolution else { return nil }
        let atText = resolutionAtText ?? Timestamp.text(resolution.at)
        let canonical = resolutionCanonicalText(
            convoy: convoy, by: resolution.by, atText: atText, note: resolution.note, act: resolutionAct)
        return resolutionAct.claim(by: resolution.by, canonical: canonical, date: resolution.at, atText: atText)
    }
}

extension GateEvidence {
    /// What an external gate's resolution signature covers.
    func resolutionCanonicalText(convoy: String, molecule: String) -> [UInt8] {
        var text = CanonicalText(version: "gastown-gate-resolution-v1")
        text.field("convoy", convoy)
        text.field("molecule", molecule)
        text.field("gate", gateID)
        text.field("step", step)
        text.field("attempt", String(attempt))
        text.field("passed", passed ? "true" : "false")
        text.field("by", resolvedBy ?? "")
        text.field("at", checkedText ?? Timestamp.text(checkedAt))
        text.field("note", note ?? "")
        text.field("signer", act.signer)
        text.field("reviewers_head", act.reviewersHead)
        return text.bytes
    }

    func resolutionClaim(convoy: String, molecule: String) -> ConvoyAuthority.Claim {
        act.claim(
            by: resolvedBy ?? "", canonical: resolutionCanonicalText(convoy: convoy, molecule: molecule),
            date: checkedAt, atText: checkedText ?? Timestamp.text(checkedAt))
    }
}

extension ManualConfirmation {
    /// What a manual check's confirmation signature covers.
    func canonicalText(convoy: String, molecule: String) -> [UInt8] {
        var text = CanonicalText(version: "gastown-manual-check-v1")
        text.field("convoy", convoy)
        text.field("molecule", molecule)
        text.field("check", check)
        text.field("by", by)
        text.field("at", atText ?? Timestamp.text(at))
        text.field("note", note ?? "")
        text.field("signer", act.signer)
        text.field("reviewers_head", act.reviewersHead)
        return text.bytes
    }

    func claim(convoy: String, molecule: String) -> ConvoyAuthority.Claim {
        act.claim(
            by: by, canonical: canonicalText(convoy: convoy, molecule: molecule), date: at,
            atText: atText ?? Timestamp.text(at))
    }
}
