import Core
import DisplayText
import Foundation
import TOML

/// The decisions of one molecule, read from its `checkpoints/` directory and verified.
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
    /// Everything wrong with the trail: edits, removals, out-of-order insertions.
    public private(set) var problems: [StoreProblem] = []
    /// Hashes of the records no other record follows (more than one after a merge of clones).
    public private(set) var heads: [(hash: String, file: String)] = []

    public var isVerified: Bool { problems.isEmpty }
    /// The decisions that count, in chain order.
    public var verifiedRecords: [AuditRecord] { entries.filter(\.verified).map(\.record) }

    /// Reads and verifies the trail of a molecule.
    public init(layout: StoreLayout, convoy: String, molecule: String) {
        self.convoy = convoy
        self.molecule = molecule
        let directory = layout.checkpointsDirectory(convoy, molecule)
        var loaded: [Entry] = []
        for name in Directory.list(directory) where name.hasSuffix(".toml") {
            let path = directory + "/" + name
            let relative = layout.relative(path)
            let bytes: [UInt8]
            do throws(StoreError) {
                guard let read = try AtomicFile.read(path) else { continue }
                bytes = read
            } catch {
                problems.append(StoreProblem(.audit, file: relative, message: "cannot read record: \(error.message)"))
                continue
            }
            switch TOMLFile.parse(bytes, file: relative) {
            case .failure(var problem):
                problem.category = .audit
                problem.message = "record was edited: it no longer parses (\(problem.message))"
                problems.append(problem)
            case .success(let table):
                let (record, fieldProblems) = AuditRecord.from(table, file: relative)
                if let record {
                    loaded.append(Entry(file: name, record: record, verified: true))
                } else {
                    problems.append(
                        contentsOf: fieldProblems.map {
                            var p = $0
                            p.category = .audit
                            p.message = "record was edited: \(p.message)"
                            return p
                        })
                }
            }
        }
        verify(loaded, layout: layout, directory: directory)
    }

    private mutating func verify(_ loaded: [Entry], layout: StoreLayout, directory: String) {
        var entries = loaded
        let relative = { (file: String) in layout.relative(directory + "/" + file) }
        var byHash: [String: Int] = [:]
        for index in entries.indices {
            let record = entries[index].record
            let file = entries[index].file
            func flag(_ message: String) {
                problems.append(StoreProblem(.audit, file: relative(file), message: message))
                entries[index].verified = false
            }
            let actual = record.computedHash
            if actual != record.hash {
                flag(
                    "record was edited: its content hashes to \(actual.prefix(12))…, but it records \(record.hash.prefix(12))…"
                )
            }
            if record.molecule != molecule || record.convoy != convoy {
                flag(
                    "record belongs to molecule \(TerminalText.sanitizeLine(record.convoy))/\(TerminalText.sanitizeLine(record.molecule)), not \(convoy)/\(molecule): it was copied or moved here"
                )
            }
            if let expected = Self.expectedPrefix(for: record), !file.hasPrefix(expected) {
                flag(
                    "record was renamed or inserted out of order: its name should start with \(expected) (its time and reviewer)"
                )
            }
            if record.parents.count != record.parentFiles.count {
                flag("record was edited: parents and parent_files differ in length")
            }
            if let other = byHash[record.hash] {
                flag("record duplicates \(entries[other].file) (same hash)")
            } else {
                byHash[record.hash] = index
            }
        }
        // Links: every predecessor must exist and be older.
        var followed = Set<String>()
        for index in entries.indices {
            let record = entries[index].record
            for (position, parent) in record.parents.enumerated() {
                followed.insert(parent)
                let parentFile = position < record.parentFiles.count ? record.parentFiles[position] : "?"
                guard let parentIndex = byHash[parent] else {
                    let present = entries.contains { $0.file == parentFile }
                    let what = present ? "was edited (its hash changed)" : "was removed"
                    problems.append(
                        StoreProblem(
                            .audit, file: relative(parentFile),
                            message: "record \(what): \(entries[index].file) follows it (hash \(parent.prefix(12))…)"))
                    continue
                }
                if entries[parentIndex].record.date > record.date {
                    problems.append(
                        StoreProblem(
                            .audit, file: relative(entries[index].file),
                            message:
                                "record was inserted out of order: dated \(record.at), before its predecessor \(entries[parentIndex].file) (\(entries[parentIndex].record.at))"
                        ))
                    entries[index].verified = false
                }
            }
        }
        self.entries = Self.chainOrder(entries)
        heads = self.entries.filter { !followed.contains($0.record.hash) }
            .map { ($0.record.hash, $0.file) }
    }

    /// `20261121T154000123Z-alice-`: the name a record written by gastown starts with.
    static func expectedPrefix(for record: AuditRecord) -> String? {
        guard NameValidation.problem(with: record.reviewer) == nil else { return nil }
        return Timestamp.compact(record.date) + "-" + record.reviewer + "-"
    }

    /// Predecessors first; among records ready at the same time, older first (then by name).
    static func chainOrder(_ entries: [Entry]) -> [Entry] {
        var indexByHash: [String: Int] = [:]
        for (i, e) in entries.enumerated() where indexByHash[e.record.hash] == nil { indexByHash[e.record.hash] = i }
        var waiting = [Int](repeating: 0, count: entries.count)
        var children = [[Int]](repeating: [], count: entries.count)
        for (i, e) in entries.enumerated() {
            for parent in Set(e.record.parents) {
                if let p = indexByHash[parent], p != i {
                    waiting[i] += 1
                    children[p].append(i)
                }
            }
        }
        let before = { (a: Int, b: Int) -> Bool in
            let (x, y) = (entries[a], entries[b])
            return x.record.date != y.record.date ? x.record.date < y.record.date : x.file < y.file
        }
        var ready = entries.indices.filter { waiting[$0] == 0 }
        var order: [Entry] = []
        while !ready.isEmpty {
            ready.sort { before($1, $0) }
            let next = ready.removeLast()
            order.append(entries[next])
            for child in children[next] {
                waiting[child] -= 1
                if waiting[child] == 0 { ready.append(child) }
            }
        }
        // A cycle can only come from forged hashes; keep those records, last.
        if order.count < entries.count {
            let placed = Set(order.map(\.file))
            order += entries.filter { !placed.contains($0.file) }.map {
                var e = $0
                e.verified = false
                return e
            }
        }
        return order
    }

    /// Appends a decision following every current head. Call with the molecule lock held.
    /// Returns the new record's file name.
    @discardableResult
    public static func append(
        layout: StoreLayout, convoy: String, molecule: String, checkpoint: String, step: String,
        attempt: Int, decision: AuditRecord.Decision, reviewer: String, reason: String?,
        returnedTo: String?, now: Date
    ) throws(StoreError) -> (file: String, record: AuditRecord) {
        let trail = AuditTrail(layout: layout, convoy: convoy, molecule: molecule)
        let directory = layout.checkpointsDirectory(convoy, molecule)
        try StoreInitializer.makeDirectories(directory)
        // A record's time never precedes its predecessors', even if this clock lags.
        let latest = trail.entries.map(\.record.date).max() ?? now
        let at = max(now, latest)
        let record = AuditRecord(
            molecule: molecule, convoy: convoy, checkpoint: checkpoint, step: step,
            attempt: attempt, decision: decision, reviewer: reviewer, reason: reason,
            returnedTo: returnedTo, at: at, parents: trail.heads)
        for _ in 0..<8 {
            let suffix = String(UInt32.random(in: 0...UInt32.max), radix: 16)
            let name =
                Timestamp.compact(record.date) + "-" + reviewer + "-"
                + String(repeating: "0", count: 8 - suffix.count) + suffix + ".toml"
            if try AtomicFile.create(Array(record.tomlText.utf8), at: directory + "/" + name) {
                return (name, record)
            }
        }
        throw StoreError(.io, "could not find a free file name for a decision in \(layout.relative(directory))")
    }
}
