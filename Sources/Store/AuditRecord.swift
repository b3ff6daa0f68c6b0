import Core
import Foundation
import TOML

/// One checkpoint decision: an append-only file under `.../M/checkpoints/`.
///
/// `hash` is the SHA-256 of the record's canonical content, which includes the hashes of
/// the records it follows (`parents`). The records of a molecule form a DAG like git commits:
/// each new record follows every current head, and concurrent records from two clones are
/// two heads until the next record joins them. See docs/store.md, "The audit trail".
public struct AuditRecord: Sendable, Hashable {
    public enum Decision: String, Sendable, Hashable, CaseIterable { case approved, rejected }

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
    /// Exactly as written, in UTC (kept as the TOML value so the hash round-trips).
    public private(set) var at: OffsetDateTime
    /// `at` as a date (computed once: trails sort by it).
    public private(set) var date: Date
    /// Hashes of the records this one follows, sorted.
    public var parents: [String]
    /// File names of those records, in the same order (so a removed one can be named).
    public var parentFiles: [String]
    /// The stored hash (what the file claims).
    public var hash: String

    public init(
        molecule: String, convoy: String, checkpoint: String, step: String, attempt: Int,
        decision: Decision, reviewer: String, reason: String?, returnedTo: String?, at: Date,
        parents: [(hash: String, file: String)]
    ) {
        let sorted = parents.sorted { $0.hash < $1.hash }
        self.init(
            molecule: molecule, convoy: convoy, checkpoint: checkpoint, step: step, attempt: attempt,
            decision: decision, reviewer: reviewer, reason: reason, returnedTo: returnedTo,
            at: Timestamp.toml(at), parents: sorted.map(\.hash), parentFiles: sorted.map(\.file), hash: "")
        hash = computedHash
    }

    /// A record exactly as read from a file (the stored hash is kept, not recomputed).
    init(
        molecule: String, convoy: String, checkpoint: String, step: String, attempt: Int, decision: Decision,
        reviewer: String, reason: String?, returnedTo: String?, at: OffsetDateTime, parents: [String],
        parentFiles: [String], hash: String
    ) {
        self.molecule = molecule
        self.convoy = convoy
        self.checkpoint = checkpoint
        self.step = step
        self.attempt = attempt
        self.decision = decision
        self.reviewer = reviewer
        self.reason = reason
        self.returnedTo = returnedTo
        self.at = at
        self.date = Timestamp.date(at)
        self.parents = parents
        self.parentFiles = parentFiles
        self.hash = hash
    }

    /// The bytes the hash covers: a versioned, length-prefixed list of every field, so no two different
    /// records share a canonical form and TOML formatting does not matter. Built without intermediate
    /// strings (hashed once per record on every load of the store).
    var canonicalBytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(512)
        out.append(contentsOf: "gastown-decision-v1\n".utf8)
        func field(_ name: StaticString, _ value: String) {
            out.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
            out.append(UInt8(ascii: ":"))
            var value = value
            value.withUTF8 { bytes in
                out.append(contentsOf: String(bytes.count).utf8)
                out.append(UInt8(ascii: ":"))
                out.append(contentsOf: bytes)
            }
            out.append(UInt8(ascii: "\n"))
        }
        field("molecule", molecule)
        field("convoy", convoy)
        field("checkpoint", checkpoint)
        field("step", step)
        field("attempt", String(attempt))
        field("decision", decision.rawValue)
        field("reviewer", reviewer)
        field("reason", reason ?? "")
        field("returned_to", returnedTo ?? "")
        field("at", at.description)
        for (index, parent) in parents.enumerated() {
            field("parent", parent)
            field("parent_file", index < parentFiles.count ? parentFiles[index] : "")
        }
        return out
    }

    public var computedHash: String { SHA256.hex(canonicalBytes) }

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
        table["at"] = .offsetDateTime(at)
        table["parents"] = .array(TOMLArray(parents.map { .string($0) }))
        table["parent_files"] = .array(TOMLArray(parentFiles.map { .string($0) }))
        table["hash"] = .string(hash)
        return table
    }

    public var tomlText: String {
        "# gastown checkpoint decision: append-only, hash-chained. Editing it breaks `gastown audit verify`.\n"
            + TOMLSerializer.serialize(tomlTable)
    }

    /// Reads a record from a parsed file; nil with problems if a field is missing or mistyped.
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
        let at = reader.offsetDateTime("at", required: true)
        let parents = reader.stringList("parents")
        let parentFiles = reader.stringList("parent_files")
        let hash = reader.string("hash", required: true)
        guard let molecule, let convoy, let checkpoint, let step, let attempt, let decision,
            let kind = Decision(rawValue: decision), let reviewer, let at, let hash, !reader.hasErrors
        else { return (nil, reader.problems) }
        return (
            AuditRecord(
                molecule: molecule, convoy: convoy, checkpoint: checkpoint, step: step, attempt: attempt,
                decision: kind, reviewer: reviewer, reason: reason, returnedTo: returnedTo, at: at,
                parents: parents, parentFiles: parentFiles, hash: hash), []
        )
    }
}
