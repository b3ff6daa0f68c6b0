import Core
import Foundation
import TOML

/// One checkpoint decision: an append-only file under `.../M/checkpoints/`.
///
/// `hash` is the SHA-256 of the record's canonical text, which includes the hashes of the records it follows
/// (`parents`). The records of a molecule form a DAG like git commits: each new record follows every current
/// head, and concurrent records from two clones are two heads until the next record joins them. A v2 record
/// also names its signer's key fingerprint and the convoy's reviewer-trail record it was made under, and
/// carries an SSHSIG signature over the canonical text (docs/store.md, "Decision records").
public struct AuditRecord: ChainedRecord, Hashable {
    public enum Decision: String, Sendable, Hashable, CaseIterable { case approved, rejected }

    /// 1: hash-chained only (before signing); 2: signer, reviewer-trail head, `override_report`, signature.
    public private(set) var version: Int
    public var molecule: String
    public var convoy: String
    public var checkpoint: String
    /// The step the checkpoint belongs to.
    public var step: String
    /// The attempt of that step the decision is about (1 + the number of earlier rejections).
    public var attempt: Int
    public var decision: Decision
    public var reviewer: String
    public var reason: String?
    /// For a rejection: the step work returns to.
    public var returnedTo: String?
    /// `at` exactly as written (it is hashed as written).
    public private(set) var atText: String
    /// `at` as a date (computed once: trails sort by it).
    public private(set) var date: Date
    /// Reserved for a report override's reason (issue 13); "" when absent.
    public var overrideReport: String
    /// The signer's key fingerprint (`SHA256:…`), "" when unsigned.
    public var signer: String
    /// The reviewer-trail record (hash) the decision was made under, "" when unsigned.
    public var reviewersHead: String
    /// Hashes of the records this one follows, sorted.
    public var parents: [String]
    /// File names of those records, in the same order (so a removed one can be named).
    public var parentFiles: [String]
    /// The stored hash (what the file claims).
    public var hash: String
    /// The armored SSHSIG over the canonical text (not part of it).
    public var signature: String?

    public var author: String { reviewer }

    /// A new (v2) record; sign it by setting `signature` over `canonicalText`.
    public init(
        molecule: String, convoy: String, checkpoint: String, step: String, attempt: Int,
        decision: Decision, reviewer: String, reason: String?, returnedTo: String?, at: Date,
        parents: [(hash: String, file: String)], signer: String = "", reviewersHead: String = "",
        overrideReport: String = ""
    ) {
        let sorted = parents.sorted { $0.hash < $1.hash }
        let time = Timestamp.toml(at)
        self.init(
            version: 2, molecule: molecule, convoy: convoy, checkpoint: checkpoint, step: step, attempt: attempt,
            decision: decision, reviewer: reviewer, reason: reason, returnedTo: returnedTo, date: Timestamp.date(time),
            atText: time.description, overrideReport: overrideReport, signer: signer, reviewersHead: reviewersHead,
            parents: sorted.map(\.hash), parentFiles: sorted.map(\.file), hash: "", signature: nil)
        hash = computedHash
    }

    /// A record as a file states it, every field as written (its hash is checked by the chain, not here).
    private init(
        version: Int, molecule: String, convoy: String, checkpoint: String, step: String, attempt: Int,
        decision: Decision, reviewer: String, reason: String?, returnedTo: String?, date: Date, atText: String,
        overrideReport: String, signer: String, reviewersHead: String, parents: [String], parentFiles: [String],
        hash: String, signature: String?
    ) {
        self.version = version
        self.molecule = molecule
        self.convoy = convoy
        self.checkpoint = checkpoint
        self.step = step
        self.attempt = attempt
        self.decision = decision
        self.reviewer = reviewer
        self.reason = reason
        self.returnedTo = returnedTo
        self.atText = atText
        self.date = date
        self.overrideReport = overrideReport
        self.signer = signer
        self.reviewersHead = reviewersHead
        self.parents = parents
        self.parentFiles = parentFiles
        self.hash = hash
        self.signature = signature
    }

    /// The text the hash and the signature cover: a versioned, length-prefixed list of every field, so no two
    /// different records share it and TOML formatting does not matter (docs/store.md).
    public var canonicalText: [UInt8] {
        var text = CanonicalText(version: version == 1 ? "gastown-decision-v1" : "gastown-decision-v2")
        text.field("molecule", molecule)
        text.field("convoy", convoy)
        text.field("checkpoint", checkpoint)
        text.field("step", step)
        text.field("attempt", String(attempt))
        text.field("decision", decision.rawValue)
        text.field("reviewer", reviewer)
        text.field("reason", reason ?? "")
        text.field("returned_to", returnedTo ?? "")
        text.field("at", atText)
        if version >= 2 {
            text.field("override_report", overrideReport)
            text.field("signer", signer)
            text.field("reviewers_head", reviewersHead)
        }
        text.parents(parents, files: parentFiles)
        return text.bytes
    }

    public var computedHash: String { Hashing.sha256Hex(canonicalText) }

    /// The TOML document for this record.
    public var tomlTable: TOMLTable {
        var table = TOMLTable()
        table["molecule"] = .string(molecule)
        table["convoy"] = .string(convoy)
        table["checkpoint"] = .string(checkpoint)
        table["step"] = .string(step)
        table["attempt"] = .integer(Int64(attempt))
        table["decision"] = .string(decision.rawValue)
        table["reviewer"] = .string(reviewer)
        if let reason { table["reason"] = .string(reason) }
        if let returnedTo { table["returned_to"] = .string(returnedTo) }
        table["at"] = .offsetDateTime(Timestamp.toml(date))
        if version >= 2 {
            table["override_report"] = .string(overrideReport)
            table["signer"] = .string(signer)
            table["reviewers_head"] = .string(reviewersHead)
        }
        table["parents"] = .array(TOMLArray(parents.map { .string($0) }))
        table["parent_files"] = .array(TOMLArray(parentFiles.map { .string($0) }))
        table["hash"] = .string(hash)
        if let signature { table["signature"] = .string(signature) }
        return table
    }

    public var tomlText: String {
        TOMLFileWriter.canonicalText(
            header:
                "# gastown checkpoint decision: append-only, hash-chained, signed. Editing it breaks `gastown audit verify`.\n",
            tomlTable)
    }

    /// Reads a record from a parsed file; nil with problems if a field is missing or mistyped. A record with a
    /// `signer` key is v2.
    static func from(_ table: TOMLTable, file: String) -> (AuditRecord?, [StoreProblem]) {
        let reader = FieldReader(table, file: file, remembersKeys: false)
        let molecule = reader.string("molecule", required: true)
        let convoy = reader.string("convoy", required: true)
        let checkpoint = reader.string("checkpoint", required: true)
        let step = reader.string("step", required: true)
        let attempt = reader.integer("attempt", minimum: 1, required: true)
        let decision = reader.oneOf("decision", Decision.allCases.map(\.rawValue), required: true)
        let reviewer = reader.string("reviewer", required: true)
        let reason = reader.string("reason")
        let returnedTo = reader.string("returned_to")
        let at = RecordTime.read(reader)
        let version = table.entry("signer") == nil ? 1 : 2
        let overrideReport = reader.string("override_report") ?? ""
        let signer = reader.string("signer") ?? ""
        let reviewersHead = reader.string("reviewers_head") ?? ""
        let signature = reader.string("signature")
        let parents = reader.stringList("parents")
        let parentFiles = reader.stringList("parent_files")
        let hash = reader.string("hash", required: true)
        guard let molecule, let convoy, let checkpoint, let step, let attempt, let decision,
            let kind = Decision(rawValue: decision), let reviewer, let at, let hash, !reader.hasErrors
        else { return (nil, reader.problems) }
        let record = AuditRecord(
            version: version, molecule: molecule, convoy: convoy, checkpoint: checkpoint, step: step,
            attempt: attempt, decision: kind, reviewer: reviewer, reason: reason, returnedTo: returnedTo,
            date: at.date, atText: at.text, overrideReport: overrideReport, signer: signer,
            reviewersHead: reviewersHead, parents: parents, parentFiles: parentFiles, hash: hash,
            signature: signature)
        return (record, [])
    }

    /// The signed act this record claims, for `ConvoyAuthority` (v1 records are unsigned).
    var claim: ConvoyAuthority.Claim { claim(canonicalText: canonicalText) }

    /// The claim, with the canonical text already built (by the hash chain's check).
    func claim(canonicalText: @autoclosure @escaping @Sendable () -> [UInt8]) -> ConvoyAuthority.Claim {
        ConvoyAuthority.Claim(
            reviewer: reviewer, signer: version >= 2 ? signer : "", reviewersHead: reviewersHead,
            signature: version >= 2 ? signature : nil, canonicalText: canonicalText(), hash: hash, date: date,
            atText: atText)
    }
}
