import Foundation
import Testing

@testable import Store

@Suite struct AuditTrailTests {
    /// Writes `count` decisions on m1 by alternately rejecting/approving... simply: records appended directly.
    func appendRecords(_ store: BeadsStore, count: Int) throws -> [String] {
        var files: [String] = []
        for i in 0..<count {
            let reviewer = i % 2 == 0 ? "alice" : "bob"
            let written = try append(
                store, attempt: i + 1, decision: .rejected, reviewer: reviewer, reason: "round \(i)",
                returnedTo: "work", now: t0.addingTimeInterval(Double(i * 60)))
            files.append(written.file)
        }
        return files
    }

    /// Appends one decision record to m1 following every head (the hash chain only: unsigned).
    func append(
        _ store: BeadsStore, attempt: Int, decision: AuditRecord.Decision, reviewer: String, reason: String?,
        returnedTo: String?, now: Date
    ) throws -> (file: String, record: AuditRecord) {
        try AuditTrail.append(
            layout: store.layout,
            { parents, at in
                AuditRecord(
                    molecule: "m1", convoy: "c1", checkpoint: "work-review", step: "work", attempt: attempt,
                    decision: decision, reviewer: reviewer, reason: reason, returnedTo: returnedTo, at: at,
                    parents: parents)
            }, now: now, sign: nil)
    }

    func trail(_ store: BeadsStore) -> AuditTrail { AuditTrail(layout: store.layout, convoy: "c1", molecule: "m1") }
    func path(_ store: BeadsStore, _ file: String) -> String {
        store.layout.checkpointsDirectory("c1", "m1") + "/" + file
    }

    @Test func appendedRecordsFormAChainThatVerifies() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        let store = try makeStore(ws)
        let files = try appendRecords(store, count: 3)
        let t = trail(store)
        #expect(t.isVerified)
        #expect(t.entries.map(\.file) == files)
        #expect(t.entries[1].record.parents == [t.entries[0].record.hash])
        #expect(t.heads.map(\.file) == [files[2]])
    }

    @Test func anEditedRecordIsNamed() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        let store = try makeStore(ws)
        let files = try appendRecords(store, count: 3)
        let p = path(store, files[1])
        let text = try String(contentsOfFile: p, encoding: .utf8).replacingOccurrences(of: "round 1", with: "round one")
        try text.write(toFile: p, atomically: true, encoding: .utf8)
        let t = trail(store)
        #expect(!t.isVerified)
        #expect(t.problems.count == 1)
        #expect(t.problems[0].file.hasSuffix(files[1]) && t.problems[0].message.contains("edited"))
        #expect(t.entries.first { $0.file == files[1] }?.verified == false)
    }

    @Test func aRemovedRecordIsNamedByItsSuccessor() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        let store = try makeStore(ws)
        let files = try appendRecords(store, count: 3)
        try FileManager.default.removeItem(atPath: path(store, files[1]))
        let t = trail(store)
        #expect(t.problems.count == 1)
        #expect(t.problems[0].file.hasSuffix(files[1]))
        #expect(t.problems[0].message.contains("was removed") && t.problems[0].message.contains(files[2]))
    }

    @Test func aRecordInsertedOutOfOrderIsNamed() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        let store = try makeStore(ws)
        let files = try appendRecords(store, count: 2)
        // A forged record that follows the latest one but claims an earlier time (so it would sort first).
        let head = trail(store).entries.last!
        let forged = AuditRecord(
            molecule: "m1", convoy: "c1", checkpoint: "work-review", step: "work", attempt: 3,
            decision: .approved, reviewer: "alice", reason: nil, returnedTo: nil,
            at: t0.addingTimeInterval(-3600), parents: [(head.record.hash, head.file)])
        let name = Timestamp.compact(forged.date) + "-alice-deadbeef.toml"
        try forged.tomlText.write(toFile: path(store, name), atomically: true, encoding: .utf8)
        let t = trail(store)
        #expect(t.problems.count == 1)
        #expect(t.problems[0].file.hasSuffix(name) && t.problems[0].message.contains("out of order"))
        #expect(t.entries.first { $0.file == name }?.verified == false)
        _ = files
    }

    @Test func aRenamedRecordIsNamed() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        let store = try makeStore(ws)
        let files = try appendRecords(store, count: 1)
        try FileManager.default.moveItem(
            atPath: path(store, files[0]), toPath: path(store, "00000000T000000000Z-alice-00000000.toml"))
        let t = trail(store)
        #expect(
            t.problems.contains {
                $0.file.hasSuffix("00000000T000000000Z-alice-00000000.toml") && $0.message.contains("renamed")
            })
    }

    @Test func aRecordCopiedFromAnotherMoleculeIsNamed() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        let store = try makeStore(ws)
        try store.createMolecule(
            name: "m2", convoy: "c1", formula: "sample", variables: [("service", "x")], inputs: [], now: t0)
        let files = try appendRecords(store, count: 1)
        let target = store.layout.checkpointsDirectory("c1", "m2") + "/" + files[0]
        try FileManager.default.copyItem(atPath: path(store, files[0]), toPath: target)
        let t = AuditTrail(layout: store.layout, convoy: "c1", molecule: "m2")
        #expect(t.problems.contains { $0.message.contains("copied or moved") })
    }

    @Test func concurrentBranchesVerifyAndTheNextRecordJoinsThem() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        let store = try makeStore(ws)
        let files = try appendRecords(store, count: 1)
        let base = trail(store).entries[0]
        // Two clones each appended a record after `base` (what a git merge produces).
        for (reviewer, offset) in [("alice", 60.0), ("bob", 61.0)] {
            let r = AuditRecord(
                molecule: "m1", convoy: "c1", checkpoint: "work-review", step: "work", attempt: 2,
                decision: .rejected, reviewer: reviewer, reason: "branch", returnedTo: "work",
                at: t0.addingTimeInterval(offset), parents: [(base.record.hash, base.file)])
            let name = Timestamp.compact(r.date) + "-\(reviewer)-0000000\(reviewer == "alice" ? 1 : 2).toml"
            try r.tomlText.write(toFile: path(store, name), atomically: true, encoding: .utf8)
        }
        var t = trail(store)
        #expect(t.isVerified)
        #expect(t.heads.count == 2)
        let joined = try append(
            store, attempt: 3, decision: .approved, reviewer: "alice", reason: nil, returnedTo: nil,
            now: t0.addingTimeInterval(120))
        t = trail(store)
        #expect(t.isVerified)
        #expect(joined.record.parents.count == 2)
        #expect(t.heads.map(\.file) == [joined.file])
        #expect(t.entries.first?.file == files[0])
    }
}
