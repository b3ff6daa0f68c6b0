import Core
import Foundation
import Signing
import TOML
import TestSupport
import Testing

@testable import Store

/// What counts when agents can write every file: each forgery of issue 11 is written by hand, as an agent with
/// write access to `.beads/` would, and must not count, with the problem named.
@Suite struct SignedDecisionTests {
    /// m1 of `makeStore`, its work step finished: the work-review checkpoint awaits a decision.
    func awaitingReview() throws -> (TempWorkspace, BeadsStore) { try workspaceWithWorkDone() }

    /// A decision record written by hand: `reviewer` decides, signed by `signedBy`'s key (nil: unsigned), under
    /// the reviewer trail's current head, following the molecule's heads.
    @discardableResult
    func forge(
        _ store: BeadsStore, decision: AuditRecord.Decision = .approved, reviewer: String, signedBy: String?,
        at: Date = t0 + 60, parents: [(hash: String, file: String)]? = nil, edit: (inout AuditRecord) -> Void = { _ in }
    ) throws -> String {
        let trail = AuditTrail(layout: store.layout, convoy: "c1", molecule: "m1")
        let head = ReviewerTrail(layout: store.layout, convoy: "c1", cache: nil).heads.first?.hash ?? ""
        var record = AuditRecord(
            molecule: "m1", convoy: "c1", checkpoint: "work-review", step: "work", attempt: 1, decision: decision,
            reviewer: reviewer, reason: decision == .rejected ? "no" : nil,
            returnedTo: decision == .rejected ? "work" : nil, at: at, parents: parents ?? trail.heads,
            signer: signedBy.map { TestKeys.publicKey($0).fingerprint } ?? "", reviewersHead: head)
        edit(&record)
        record.hash = record.computedHash
        if let signedBy {
            record.signature = TestKeys.key(signedBy).sign(record.canonicalText, namespace: "gastown").armored
        }
        let name = Timestamp.compact(record.date) + "-\(reviewer)-\(String(record.hash.prefix(8))).toml"
        try record.tomlText.write(
            toFile: store.layout.checkpointsDirectory("c1", "m1") + "/" + name, atomically: true, encoding: .utf8)
        return name
    }

    func status(_ store: BeadsStore) throws -> StepStatus? {
        try store.loadMolecule("m1").progress?.steps["work"]?.status
    }

    func problems(_ store: BeadsStore) throws -> [StoreProblem] { try store.loadMolecule("m1").allProblems }

    @Test func aSignedApprovalByAReviewerCountsAndAuditVerifyPasses() throws {
        let (ws, store) = try awaitingReview()
        defer { ws.cleanup() }
        try store.decide(
            molecule: "m1", checkpoint: "work-review", decision: .approved, reviewer: "alice", reason: nil,
            returnTo: nil, isAgent: false, signer: TestKeys.signer("alice"), now: t0 + 60)
        #expect(try status(store) == .done)
        let report = store.verifyAudit()
        #expect(report.problems.isEmpty, "\(report.problems)")
        #expect(report.records == 1 && report.reviewerChanges == 1)
    }

    @Test func aStrangerNamingHimselfDoesNotCount() throws {
        let (ws, store) = try awaitingReview()
        defer { ws.cleanup() }
        try forge(store, reviewer: "eve", signedBy: "eve")
        #expect(try status(store) == .awaitingApproval)
        #expect(
            try problems(store).contains { $0.category == .signature && $0.message.contains("eve was not a reviewer") })
        #expect(!store.verifyAudit().problems.isEmpty)
    }

    @Test func aStrangerSigningAsAReviewerDoesNotCount() throws {
        let (ws, store) = try awaitingReview()
        defer { ws.cleanup() }
        try forge(store, reviewer: "alice", signedBy: "eve")
        #expect(try status(store) == .awaitingApproval)
        #expect(try problems(store).contains { $0.message.contains("not by alice's key") })
    }

    @Test func aSignatureCopiedFromAnotherRecordDoesNotCount() throws {
        let (ws, store) = try awaitingReview()
        defer { ws.cleanup() }
        let real = try forge(store, decision: .rejected, reviewer: "alice", signedBy: "alice")
        let signature = try #require(
            AuditTrail(layout: store.layout, convoy: "c1", molecule: "m1").entries.first { $0.file == real }?.record
                .signature)
        let path = store.layout.checkpointsDirectory("c1", "m1") + "/" + real
        try FileManager.default.removeItem(atPath: path)
        try forge(store, reviewer: "alice", signedBy: nil) {
            $0.signer = TestKeys.publicKey("alice").fingerprint
            $0.reviewersHead = ReviewerTrail(layout: store.layout, convoy: "c1", cache: nil).heads[0].hash
            $0.signature = signature
        }
        // forge() dropped the signature for signedBy nil: write it back as an agent would.
        let file = try #require(Directory.list(store.layout.checkpointsDirectory("c1", "m1")).first)
        var record = try #require(AuditTrail(layout: store.layout, convoy: "c1", molecule: "m1").entries.first?.record)
        record.signature = signature
        try record.tomlText.write(
            toFile: store.layout.checkpointsDirectory("c1", "m1") + "/" + file, atomically: true, encoding: .utf8)
        #expect(try status(store) == .awaitingApproval)
        #expect(try problems(store).contains { $0.message.contains("does not verify") })
    }

    @Test func anUnsignedRecordDoesNotCountInASignedWorkspace() throws {
        let (ws, store) = try awaitingReview()
        defer { ws.cleanup() }
        try forge(store, reviewer: "alice", signedBy: nil)
        #expect(try status(store) == .awaitingApproval)
        #expect(try problems(store).contains { $0.message.contains("it is not signed") })
    }

    @Test func aReviewerAddedByHandToConvoyTomlChangesNothingAndIsFlagged() throws {
        let (ws, store) = try awaitingReview()
        defer { ws.cleanup() }
        var convoy = try store.requireConvoy("c1")
        convoy.reviewers.append("eve")
        try AtomicFile.write(convoy.tomlText, to: store.layout.convoyFile("c1"))
        try forge(store, reviewer: "eve", signedBy: "eve")
        #expect(try status(store) == .awaitingApproval)
        let all = try problems(store)
        #expect(all.contains { $0.category == .trust && $0.message.contains("the trail decides") })
        #expect(store.verifyAudit().problems.contains { $0.category == .trust })
        // And gastown itself refuses eve.
        #expect {
            try store.decide(
                molecule: "m1", checkpoint: "work-review", decision: .approved, reviewer: "eve", reason: nil,
                returnTo: nil, isAgent: false, signer: TestKeys.signer("eve"), now: t0 + 90)
        } throws: { ($0 as? StoreError)?.kind == .refused }
    }

    @Test func aMiddleRecordEditedAndEveryLaterOneRehashedDoesNotCount() throws {
        let (ws, store) = try awaitingReview()
        defer { ws.cleanup() }
        // alice rejects (back to work), then bob's record follows: an agent edits alice's reason and re-hashes
        // both records so the chain is whole again.
        try store.decide(
            molecule: "m1", checkpoint: "work-review", decision: .rejected, reviewer: "alice", reason: "redo",
            returnTo: nil, isAgent: false, signer: TestKeys.signer("alice"), now: t0 + 60)
        try store.finish("m1", "work", at: t0 + 120)
        try store.decide(
            molecule: "m1", checkpoint: "work-review", decision: .rejected, reviewer: "bob", reason: "again",
            returnTo: nil, isAgent: false, signer: TestKeys.signer("bob"), now: t0 + 180)
        let directory = store.layout.checkpointsDirectory("c1", "m1")
        let entries = AuditTrail(layout: store.layout, convoy: "c1", molecule: "m1").entries
        var first = entries[0].record
        first.reason = "approved by mistake"
        first.hash = first.computedHash
        try first.tomlText.write(toFile: directory + "/" + entries[0].file, atomically: true, encoding: .utf8)
        var second = entries[1].record
        second.parents = [first.hash]
        second.hash = second.computedHash
        try second.tomlText.write(toFile: directory + "/" + entries[1].file, atomically: true, encoding: .utf8)
        let trail = try store.loadMolecule("m1").trail
        #expect(trail.verifiedRecords.isEmpty)
        #expect(trail.problems.filter { $0.message.contains("does not verify") }.count == 2)
        #expect(!store.verifyAudit().problems.isEmpty)
    }

    @Test func aFutureDatedApprovalBesideARejectionNeitherCountsNorWins() throws {
        let (ws, store) = try awaitingReview()
        defer { ws.cleanup() }
        let base = AuditTrail(layout: store.layout, convoy: "c1", molecule: "m1").heads
        try forge(store, decision: .rejected, reviewer: "alice", signedBy: "alice", at: t0 + 60, parents: base)
        try forge(
            store, decision: .approved, reviewer: "bob", signedBy: "bob",
            at: ISO8601DateFormatter().date(from: "2099-01-01T00:00:00Z")!, parents: base)
        let state = try store.loadMolecule("m1")
        #expect(state.progress?.steps["work"]?.attempt == 2)
        #expect(state.allProblems.contains { $0.message.contains("in the future") })
    }

    @Test(arguments: [false, true])
    func concurrentApproveAndRejectResolveToTheRejectionWhateverTheirDates(approvalLater: Bool) throws {
        let (ws, store) = try awaitingReview()
        defer { ws.cleanup() }
        let base = AuditTrail(layout: store.layout, convoy: "c1", molecule: "m1").heads
        try forge(
            store, decision: .approved, reviewer: "alice", signedBy: "alice", at: t0 + (approvalLater ? 90 : 60),
            parents: base)
        try forge(
            store, decision: .rejected, reviewer: "bob", signedBy: "bob", at: t0 + (approvalLater ? 60 : 90),
            parents: base)
        let state = try store.loadMolecule("m1")
        #expect(state.trail.verifiedRecords.count == 2)
        #expect(state.trail.decidingRecords.map(\.decision) == [.rejected])
        #expect(state.progress?.steps["work"]?.attempt == 2)
    }

    @Test func ofTwoConcurrentApprovalsTheLowerHashDecides() throws {
        let (ws, store) = try awaitingReview()
        defer { ws.cleanup() }
        let base = AuditTrail(layout: store.layout, convoy: "c1", molecule: "m1").heads
        try forge(store, reviewer: "alice", signedBy: "alice", at: t0 + 60, parents: base)
        try forge(store, reviewer: "bob", signedBy: "bob", at: t0 + 61, parents: base)
        let trail = try store.loadMolecule("m1").trail
        #expect(trail.decidingRecords.map(\.hash) == [trail.verifiedRecords.map(\.hash).min()!])
    }

    @Test func atIsHashedAsWritten() throws {
        let (ws, store) = try awaitingReview()
        defer { ws.cleanup() }
        // An outside writer's `at` with zero milliseconds written out.
        let name = try forge(store, reviewer: "alice", signedBy: nil)
        let path = store.layout.checkpointsDirectory("c1", "m1") + "/" + name
        var record = try #require(AuditTrail(layout: store.layout, convoy: "c1", molecule: "m1").entries.first?.record)
        let written = Timestamp.toml(t0 + 60).description.replacingOccurrences(of: "Z", with: ".000Z")
        let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(
            of: "at = \(Timestamp.toml(t0 + 60).description)", with: "at = \(written)")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        record = try #require(AuditTrail(layout: store.layout, convoy: "c1", molecule: "m1").entries.first?.record)
        #expect(record.atText == written)
        var resigned = record
        resigned.signer = TestKeys.publicKey("alice").fingerprint
        resigned.reviewersHead = ReviewerTrail(layout: store.layout, convoy: "c1", cache: nil).heads[0].hash
        resigned.hash = resigned.computedHash
        resigned.signature = TestKeys.key("alice").sign(resigned.canonicalText, namespace: "gastown").armored
        let rewritten = resigned.tomlText.replacingOccurrences(
            of: "at = \(Timestamp.toml(t0 + 60).description)", with: "at = \(written)")
        try rewritten.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try status(store) == .done)
        #expect(store.verifyAudit().problems.isEmpty)
    }
}
