import Core
import DisplayText
import Foundation
import TOML

#if canImport(Glibc)
    import Glibc
#endif

/// A record of an append-only, hash-chained directory: checkpoint decisions (`M/checkpoints/`) and reviewer
/// changes (`C/reviewers/`). Each names, by hash and file name, the records it follows (all heads when it
/// was written), so the records form a DAG like git commits and two clones merge without conflict.
protocol ChainedRecord: Sendable {
    /// The stored hash (what the file claims).
    var hash: String { get }
    /// The text the record's hash (and signature) covers.
    var canonicalText: [UInt8] { get }
    var parents: [String] { get }
    var parentFiles: [String] { get }
    var date: Date { get }
    /// The time as written.
    var atText: String { get }
    /// Who wrote it: gastown names a record `TIME-AUTHOR-RANDOM.toml`.
    var author: String { get }
    /// Reads a record from a parsed file; nil with problems when a field is missing or mistyped.
    static func from(_ table: TOMLTable, file: String) -> (Self?, [StoreProblem])
}

/// The verified records of one chained directory, in chain order (predecessors first, then by time, then
/// file name), with every problem: records edited, removed, renamed, inserted out of order or duplicated.
struct HashChain<Record: ChainedRecord>: Sendable {
    struct Entry: Sendable {
        var file: String
        var record: Record
        /// False once a check failed: the record does not count.
        var verified: Bool
        /// The record's canonical text, built once to check its hash and kept for its signature check (the
        /// chain lives only while its directory is read).
        var canonicalText: [UInt8] = []
    }

    private(set) var entries: [Entry] = []
    private(set) var problems: [StoreProblem] = []
    /// Records no other record follows (more than one after a merge of clones).
    private(set) var heads: [(hash: String, file: String)] = []

    /// Reads every `*.toml` of `directory` and checks the links between them.
    init(directory: String, layout: StoreLayout) {
        self.init(
            named: FilePath.lastComponent(of: directory), in: StoreFolder(byPath: FilePath.directory(of: directory)),
            layout: layout)
    }

    /// Reads every `*.toml` of the sub-folder `name` of `parent` and checks the links between them.
    init(named name: String, in parent: StoreFolder, layout: StoreLayout) {
        let directory = parent.path + "/" + name
        var loaded: [Entry] = []
        var (folder, names): (Int32, [String]) = (-1, [])
        do throws(StoreError) {
            // The molecule's (or convoy's) folder may itself be a symlink out: never read records through it (an
            // open parent was opened only if it is not).
            if !parent.isOpen { try Confinement.checkFolder(parent.path) }
            (folder, names) = try parent.openAndList(name)
        } catch {
            // Never "0 records": a folder that cannot be read fails verification, naming it.
            problems.append(
                StoreProblem(.audit, file: layout.relative(directory), message: layout.relativeMessage(error.message)))
        }
        defer { if folder >= 0 { close(folder) } }
        for name in names where name.hasSuffix(".toml") {
            let path = directory + "/" + name
            let relative = layout.relative(path)
            let bytes: [UInt8]
            do throws(StoreError) {
                guard let read = try AtomicFile.read(name, in: folder, path: path) else { continue }
                bytes = read
            } catch {
                problems.append(
                    StoreProblem(
                        .audit, file: relative, message: "cannot read record: \(layout.relativeMessage(error.message))")
                )
                continue
            }
            switch TOMLFile.parse(bytes, file: relative) {
            case .failure(var problem):
                problem.category = .audit
                problem.message = "record was edited: it no longer parses (\(problem.message))"
                problems.append(problem)
            case .success(let table):
                let (record, fieldProblems) = Record.from(table, file: relative)
                if let record {
                    loaded.append(Entry(file: name, record: record, verified: true))
                } else {
                    problems += fieldProblems.map {
                        var p = $0
                        p.category = .audit
                        p.message = "record was edited: \(p.message)"
                        return p
                    }
                }
            }
        }
        verify(loaded) { layout.relative(directory + "/" + $0) }
    }

    private mutating func verify(_ loaded: [Entry], relative: (String) -> String) {
        var entries = loaded
        var byHash: [String: Int] = [:]
        for index in entries.indices {
            let record = entries[index].record
            let file = entries[index].file
            func flag(_ message: String) {
                problems.append(StoreProblem(.audit, file: relative(file), message: message))
                entries[index].verified = false
            }
            entries[index].canonicalText = record.canonicalText
            let actual = Hashing.sha256Hex(entries[index].canonicalText)
            if actual != record.hash {
                flag(
                    "record was edited: its content hashes to \(actual.prefix(12))…, but it records \(record.hash.prefix(12))…"
                )
            }
            if let expected = Self.expectedPrefix(for: record), !file.hasPrefix(expected) {
                flag(
                    "record was renamed or inserted out of order: its name should start with \(expected) (its time and author)"
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
                                "record was inserted out of order: dated \(record.atText), before its predecessor \(entries[parentIndex].file) (\(entries[parentIndex].record.atText))"
                        ))
                    entries[index].verified = false
                }
            }
        }
        self.entries = Self.chainOrder(entries)
        heads = self.entries.filter { !followed.contains($0.record.hash) }.map { ($0.record.hash, $0.file) }
    }

    /// `20261121T154000123Z-alice-`: the name a record written by gastown starts with.
    static func expectedPrefix(for record: Record) -> String? {
        guard NameValidation.problem(with: record.author) == nil else { return nil }
        return Timestamp.compact(record.date) + "-" + record.author + "-"
    }

    /// Marks a record as not counting (a check beyond the chain failed).
    mutating func reject(_ index: Int, problem: StoreProblem) {
        entries[index].verified = false
        problems.append(problem)
    }

    mutating func append(problem: StoreProblem) { problems.append(problem) }

    /// For each entry (by index in `entries`), the indices of every record it follows, directly or not.
    func ancestors() -> [Set<Int>] {
        var indexByHash: [String: Int] = [:]
        for (i, e) in entries.enumerated() where indexByHash[e.record.hash] == nil { indexByHash[e.record.hash] = i }
        var result = [Set<Int>](repeating: [], count: entries.count)
        // Chain order puts predecessors first, so each parent's set is complete when a child needs it.
        for (i, entry) in entries.enumerated() {
            for parent in entry.record.parents {
                guard let p = indexByHash[parent], p != i, p < i else { continue }
                result[i].insert(p)
                result[i].formUnion(result[p])
            }
        }
        return result
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

    /// Creates `record` (whose text is `text`) as `TIME-AUTHOR-RANDOM.toml` in `directory` with `link(2)`, so
    /// nothing is overwritten. Returns the file name.
    static func create(_ text: String, for record: Record, in directory: String, layout: StoreLayout)
        throws(StoreError) -> String
    {
        try StoreInitializer.makeDirectories(directory)
        for _ in 0..<8 {
            let suffix = String(UInt32.random(in: 0...UInt32.max), radix: 16)
            let name =
                Timestamp.compact(record.date) + "-" + record.author + "-"
                + String(repeating: "0", count: 8 - suffix.count) + suffix + ".toml"
            if try AtomicFile.create(Array(text.utf8), at: directory + "/" + name) { return name }
        }
        throw StoreError(.io, "could not find a free file name for a record in \(layout.relative(directory))")
    }
}
