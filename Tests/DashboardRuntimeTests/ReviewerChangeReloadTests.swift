import Dashboard
import Foundation
import Store
import TestSupport
import Testing

@testable import DashboardRuntime

/// A change to who may decide a convoy (its reviewer trail and convoy.toml rewritten) reloads as a full load would:
/// whether each decision counts follows the convoy's reviewers, so the History shows the new marks at once.
@Suite struct ReviewerChangeReloadTests {
    @Test func aReviewerRemovedReloadsTheConvoyAsAFullLoadWould() throws {
        let workspace = try ReviewWorkspace()
        defer { workspace.remove() }
        let store = workspace.store
        let t0 = ReviewWorkspace.t0
        _ = try store.decide(
            molecule: "m1", checkpoint: "work-review", decision: .approved, reviewer: "tester", reason: nil,
            returnTo: nil, isAgent: false, signer: TestKeys.signer("tester"), now: t0 + 120)
        let source = StoreSource(
            store: store, reviewer: "tester", environment: [:], signer: TestKeys.signer("tester"))
        let before = source.load(now: t0 + 200)
        try store.editReviewers(
            convoy: "c1", [.add("other", TestKeys.publicKey("other"))], by: "tester", isAgent: false,
            signer: TestKeys.signer("tester"), now: t0 + 300)
        try store.editReviewers(
            convoy: "c1", [.remove("tester")], by: "other", isAgent: false, signer: TestKeys.signer("other"),
            now: t0 + 400)
        let convoyFolder = workspace.layout.convoyDirectory("c1")
        let trail = (try FileManager.default.contentsOfDirectory(atPath: convoyFolder + "/reviewers"))
            .map { convoyFolder + "/reviewers/" + $0 }
        let reloaded = source.reload(changed: Set(trail + [workspace.layout.convoyFile("c1")]), now: t0 + 500)
        let full = StoreSource(store: store, reviewer: "tester", environment: [:], signer: TestKeys.signer("tester"))
            .load(now: t0 + 500)
        let marks = { (snapshot: WorkspaceSnapshot) in
            snapshot.convoys.flatMap(\.molecules).flatMap { $0.trail.map { "\($0.reviewer) \($0.mark)" } }
        }
        #expect(marks(before) == ["tester signed"])
        #expect(marks(reloaded) == marks(full))
        #expect(reloaded.convoys == full.convoys)
    }

    @Test func aTamperedReviewerTrailReloadsAsAFullLoadWould() throws {
        let workspace = try ReviewWorkspace()
        defer { workspace.remove() }
        let store = workspace.store
        let t0 = ReviewWorkspace.t0
        _ = try store.decide(
            molecule: "m1", checkpoint: "work-review", decision: .approved, reviewer: "tester", reason: nil,
            returnTo: nil, isAgent: false, signer: TestKeys.signer("tester"), now: t0 + 120)
        let source = StoreSource(
            store: store, reviewer: "tester", environment: [:], signer: TestKeys.signer("tester"))
        let before = source.load(now: t0 + 200)
        let folder = workspace.layout.convoyDirectory("c1") + "/reviewers"
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).sorted().map { folder + "/" + $0 }
        // An agent rewrites the genesis: tester's key replaced by its own.
        let text = try String(contentsOfFile: files[0], encoding: .utf8)
        try text.replacingOccurrences(of: "tester", with: "agent7").write(
            toFile: files[0], atomically: true, encoding: .utf8)
        let reloaded = source.reload(changed: [files[0]], now: t0 + 500)
        let full = StoreSource(store: store, reviewer: "tester", environment: [:], signer: TestKeys.signer("tester"))
            .load(now: t0 + 500)
        let marks = { (snapshot: WorkspaceSnapshot) in
            snapshot.convoys.flatMap(\.molecules).flatMap { $0.trail.map { "\($0.reviewer) \($0.mark)" } }
        }
        #expect(marks(before) == ["tester signed"])
        #expect(marks(full).allSatisfy { $0.contains("does not count") }, "the tampered trail counts nothing")
        #expect(reloaded.errors.map(\.message).sorted() == full.errors.map(\.message).sorted())
        #expect(marks(reloaded) == marks(full))
        #expect(reloaded.convoys == full.convoys)
    }

    @Test func aHandEditedReviewerListReloadsAsAFullLoadWould() throws {
        let workspace = try ReviewWorkspace()
        defer { workspace.remove() }
        let store = workspace.store
        let t0 = ReviewWorkspace.t0
        _ = try store.decide(
            molecule: "m1", checkpoint: "work-review", decision: .approved, reviewer: "tester", reason: nil,
            returnTo: nil, isAgent: false, signer: TestKeys.signer("tester"), now: t0 + 120)
        let source = StoreSource(
            store: store, reviewer: "tester", environment: [:], signer: TestKeys.signer("tester"))
        _ = source.load(now: t0 + 200)
        // An agent rewrites convoy.toml naming itself the only reviewer (the trail says otherwise).
        let edited = ConvoyFile(name: "c1", title: "Convoy one", teams: ["team-a"], reviewers: ["agent7"], created: t0)
        try AtomicFile.write(edited.tomlText, to: workspace.layout.convoyFile("c1"))
        let reloaded = source.reload(changed: [workspace.layout.convoyFile("c1")], now: t0 + 500)
        let full = StoreSource(store: store, reviewer: "tester", environment: [:], signer: TestKeys.signer("tester"))
            .load(now: t0 + 500)
        let marks = { (snapshot: WorkspaceSnapshot) in
            snapshot.convoys.flatMap(\.molecules).flatMap { $0.trail.map { "\($0.reviewer) \($0.mark)" } }
        }
        #expect(marks(reloaded) == marks(full))
        #expect(reloaded.convoys == full.convoys)
        #expect(reloaded.errors.map(\.message).sorted() == full.errors.map(\.message).sorted())
    }
}
