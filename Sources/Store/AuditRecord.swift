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
    /// Exactly as written, in UTC (kept as text-equivalent value so the hash round-trips).
    public var at: OffsetDateTime
    /// Hashes of the records this one follows, sorted.
    public var parents: [String]
    /// File names of those records, in the same order (so a removed one can be named).
    public var parentFiles: [String]
    /// The stored hash (what the file claims).
    public var hash: String

    public init(molecule: String, convoy: String, checkpoint: String, step: String, attempt: Int,
                decision: Decision, reviewer: String, reason: String?, returnedTo: String?, at: Date,
                parents: [(hash: String, file: String)]) {
        self.molecule = molecule
        self.convoy = convoy
        self.checkpoint = checkpoint
        self.step = step
        self.attempt = attempt
        self.decision = decision
        self.reviewer = reviewer
        self.reason = reason
        self.returnedTo = returnedTo
        self.at = Timestamp.toml(at)
        let sorted = parents.sorted { $0.hash < $1.hash }
        self.parents = sorted.map(\.hash)
        self.parentFiles = sorted.map(\.file)
        self.hash = ""
        self.hash = computedHash
    }

    public var date: Date { Timestamp.date(at) }

    /// The bytes the hash covers: a versioned, length-prefixed list of every field, so no
    /// two different records share a canonical form and TOML formatting does not matter.
    public var canonicalContent: String {
        var text = "gastown-decision-v1\n"
        func field(_ name: String, _ value: String) {
            text += "\(name):\(value.utf8.count):\(value)\n"
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
        return text
    }

    public var computedHash: String { SHA256.hex(canonicalContent) }

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
        var reader = FieldReader(file: file)
        let molecule = reader.requiredString(table, "molecule")
        let convoy = reader.requiredString(table, "convoy")
        let checkpoint = reader.requiredString(table, "checkpoint")
        let step = reader.requiredString(table, "step")
        let attempt = reader.integer(table, "attempt", minimum: 1)
        let decision = reader.oneOf(table, "decision", Decision.allCases.map(\.rawValue))
        let reviewer = reader.requiredString(table, "reviewer")
        let reason = reader.string(table, "reason")
        let returnedTo = reader.string(table, "returned_to")
        var at: OffsetDateTime?
        if let entry = table.entry("at") {
            at = entry.value.offsetDateTimeValue
            if at == nil { reader.fail("at must be an offset date-time, found \(entry.value.typeName)", at: entry.valuePosition) }
        } else {
            reader.fail("missing required key \"at\" (an offset date-time)", at: SourcePosition(line: 1, column: 1))
        }
        let parents = reader.strings(table, "parents")
        let parentFiles = reader.strings(table, "parent_files")
        let hash = reader.requiredString(table, "hash")
        if table.entry("attempt") == nil { reader.fail("missing required key \"attempt\" (an integer ≥ 1)", at: SourcePosition(line: 1, column: 1)) }
        if table.entry("decision") == nil { reader.fail("missing required key \"decision\" (approved or rejected)", at: SourcePosition(line: 1, column: 1)) }
        guard let molecule, let convoy, let checkpoint, let step, let attempt, let decision,
              let kind = Decision(rawValue: decision), let reviewer, let at, let hash, reader.problems.isEmpty
        else { return (nil, reader.problems) }
        var record = AuditRecord(molecule: molecule, convoy: convoy, checkpoint: checkpoint, step: step,
                                 attempt: attempt, decision: kind, reviewer: reviewer, reason: reason,
                                 returnedTo: returnedTo, at: Date(), parents: [])
        record.at = at
        record.parents = parents
        record.parentFiles = parentFiles
        record.hash = hash
        return (record, [])
    }
}
