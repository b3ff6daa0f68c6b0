import Core
import DisplayText
import Foundation
import TOML

/// The decisions of one molecule, read from its `checkpoints/` directory and verified: the hash chain (no
/// record edited, removed, renamed or inserted out of order) and, through the convoy's `ConvoyAuthority`, each
/// record's signature against the reviewers of that point of the convoy's reviewer trail.
public struct AuditTrail: Sendable {
    public struct Entry: Sendable, Hashable {
        /// The file name inside `checkpoints/`.
        public var file: String
        public var record: AuditRecord
        /// True when the record passed every check (its decision counts).
        public var verified: Bool

        public init(file: String, record: AuditRecord, verified: Bool) {
            self.file = file
            self.record = record
            self.verified = verified
        }
    }

    public let convoy: String
    public let molecule: String
    /// Every record that parsed, in chain order (predecessors first, then by time).
    public private(set) var entries: [Entry] = []
    /// Everything wrong with the trail: edits, removals, out-of-order insertions, signatures that do not count.
    public private(set) var problems: [StoreProblem] = []
    /// Hashes of the records no other record follows (more than one after a merge of clones).
    public private(set) var heads: [(hash: String, file: String)] = []
    /// The decision that decides each checkpoint attempt (see `deciding`), in chain order.
    public private(set) var decidingRecords: [AuditRecord] = []

    public var isVerified: Bool { problems.isEmpty }
    /// The decisions that count, in chain order.
    public var verifiedRecords: [AuditRecord] { entries.filter(\.verified).map(\.record) }

    /// Reads and verifies the trail of a molecule. Without an authority only the hash chain is checked (to find
    /// the heads a new record follows).
    public init(
        layout: StoreLayout, convoy: String, molecule: String, authority: ConvoyAuthority? = nil, now: Date = Date()
    ) {
        self.init(
            layout: layout, convoy: convoy, molecule: molecule, authority: authority, now: now,
            folder: StoreFolder(byPath: layout.moleculeDirectory(convoy, molecule)))
    }

    /// The trail of the molecule whose folder is `folder` (opened once by a load).
    init(
        layout: StoreLayout, convoy: String, molecule: String, authority: ConvoyAuthority?, now: Date,
        folder: StoreFolder
    ) {
        self.convoy = convoy
        self.molecule = molecule
        let directory = folder.path + "/checkpoints"
        var chain = HashChain<AuditRecord>(named: "checkpoints", in: folder, layout: layout)
        for index in chain.entries.indices where chain.entries[index].verified {
            let entry = chain.entries[index]
            let record = entry.record
            // Built only for a problem: 30,000 records load without one.
            var file: String { layout.relative(directory + "/" + entry.file) }
            if record.molecule != molecule || record.convoy != convoy {
                chain.reject(
                    index,
                    problem: StoreProblem(
                        .audit, file: file,
                        message:
                            "record belongs to molecule \(TerminalText.sanitizeLine(record.convoy))/\(TerminalText.sanitizeLine(record.molecule)), not \(convoy)/\(molecule): it was copied or moved here"
                    ))
                continue
            }
            let canonicalText = entry.canonicalText
            if let authority,
                let problem = authority.problem(with: record.claim(canonicalText: canonicalText), now: now)
            {
                let what =
                    "\(record.decision.rawValue) of \(record.checkpoint) by \(TerminalText.sanitizeLine(record.reviewer))"
                chain.reject(
                    index, problem: StoreProblem(.signature, file: file, message: "\(what) does not count: \(problem)"))
            }
        }
        problems = chain.problems
        heads = chain.heads
        entries = chain.entries.map { Entry(file: $0.file, record: $0.record, verified: $0.verified) }
        decidingRecords = Self.deciding(chain)
    }

    /// Per checkpoint attempt, the decision that counts: the first one — a decision that follows another on the
    /// same attempt was made after it was decided — and among concurrent first ones (neither follows the other,
    /// as after a merge of clones) a rejection before an approval, then the lower hash. Dates never decide.
    static func deciding(_ chain: HashChain<AuditRecord>) -> [AuditRecord] {
        let ancestors = chain.ancestors()
        var groups: [String: [Int]] = [:]
        for (index, entry) in chain.entries.enumerated() where entry.verified {
            groups["\(entry.record.checkpoint)#\(entry.record.attempt)", default: []].append(index)
        }
        var winners: [Int] = []
        for members in groups.values {
            let first = members.filter { candidate in !members.contains { ancestors[candidate].contains($0) } }
            let best = first.min { a, b in
                let (x, y) = (chain.entries[a].record, chain.entries[b].record)
                if x.decision != y.decision { return x.decision == .rejected }
                return x.hash < y.hash
            }
            if let best { winners.append(best) }
        }
        return winners.sorted().map { chain.entries[$0].record }
    }

    /// Appends a decision following every current head. Call with the molecule lock held. `sign` signs the
    /// record's canonical text (nil in an unsigned workspace). Returns the new record's file name.
    @discardableResult
    public static func append(
        layout: StoreLayout, _ record: (_ parents: [(hash: String, file: String)], _ at: Date) -> AuditRecord,
        now: Date, sign: ((AuditRecord) throws(StoreError) -> String)?
    ) throws(StoreError) -> (file: String, record: AuditRecord) {
        let first = record([], now)
        let trail = AuditTrail(layout: layout, convoy: first.convoy, molecule: first.molecule, authority: nil)
        // A record's time never precedes its predecessors', even if this clock lags.
        let latest = trail.entries.map(\.record.date).max() ?? now
        var made = record(trail.heads, max(now, latest))
        made.signature = try sign?(made)
        let directory = layout.checkpointsDirectory(made.convoy, made.molecule)
        let file = try HashChain<AuditRecord>.create(made.tomlText, for: made, in: directory, layout: layout)
        return (file, made)
    }
}
