import Dashboard
import Foundation
import Store
import TestSupport
import Testing

@testable import DashboardRuntime

/// A change to who may decide a convoy (its reviewer trail or convoy.toml rewritten) reloads as a full load would:
/// whether each decision counts follows the convoy's reviewers, so the History shows the new marks at once.
@Suite struct ReviewerChangeReloadTests {
    static let t0 = ReviewWorkspace.t0

    /// The review workspace with tester's approval of m1, and a source that loaded it.
    struct Approved {
        let workspace: ReviewWorkspace
        let source: StoreSource
        let before: WorkspaceSnapshot

        init() throws {
            workspace = try ReviewWorkspace()
            _ = try workspace.store.decide(
                molecule: "m1", checkpoint: "work-review", decision: .approved, reviewer: "tester", reason: nil,
                returnTo: nil, isAgent: false, signer: TestKeys.signer("tester"), now: t0 + 120)
            source = Self.source(workspace)
            before = source.load(now: t0 + 200)
        }

        static func source(_ workspace: ReviewWorkspace) -> StoreSource {
            StoreSource(store: workspace.store, reviewer: "tester", environment: [:], signer: TestKeys.signer("tester"))
        }

        /// The reload of `changed`, expected to equal a full load by a new source (convoys, molecules, marks, errors).
        func expectReloadLikeAFullLoad(_ changed: Set<String>) -> (reloaded: [String], full: [String]) {
            let reloaded = source.reload(changed: changed, now: t0 + 500)
            let full = Self.source(workspace).load(now: t0 + 500)
            #expect(marks(before) == ["tester signed"])
            #expect(marks(reloaded) == marks(full))
            #expect(reloaded.convoys == full.convoys)
            #expect(reloaded.errors.map(\.message).sorted() == full.errors.map(\.message).sorted())
            return (marks(reloaded), marks(full))
        }

        func marks(_ snapshot: WorkspaceSnapshot) -> [String] {
            snapshot.convoys.flatMap(\.molecules).flatMap { $0.trail.map { "\($0.reviewer) \($0.mark)" } }
        }

        func trailFiles() throws -> [String] {
            let folder = workspace.layout.convoyDirectory("c1") + "/reviewers"
            return try FileManager.default.contentsOfDirectory(atPath: folder).sorted().map { folder + "/" + $0 }
        }
    }

    @Test func aReviewerRemovedReloadsTheConvoyAsAFullLoadWould() throws {
        let approved = try Approved()
        defer { approved.workspace.remove() }
        let store = approved.workspace.store
        try store.editReviewers(
            convoy: "c1", [.add("other", TestKeys.publicKey("other"))], by: "tester", isAgent: false,
            signer: TestKeys.signer("tester"), now: Self.t0 + 300)
        try store.editReviewers(
            convoy: "c1", [.remove("tester")], by: "other", isAgent: false, signer: TestKeys.signer("other"),
            now: Self.t0 + 400)
        let changed = try approved.trailFiles() + [approved.workspace.layout.convoyFile("c1")]
        _ = approved.expectReloadLikeAFullLoad(Set(changed))
    }

    @Test func aTamperedReviewerTrailReloadsAsAFullLoadWould() throws {
        let approved = try Approved()
        defer { approved.workspace.remove() }
        // An agent rewrites the genesis: tester replaced by itself.
        let genesis = try approved.trailFiles()[0]
        let text = try String(contentsOfFile: genesis, encoding: .utf8)
        try text.replacingOccurrences(of: "tester", with: "agent7").write(
            toFile: genesis, atomically: true, encoding: .utf8)
        let (reloaded, _) = approved.expectReloadLikeAFullLoad([genesis])
        #expect(reloaded.allSatisfy { $0.contains("does not count") }, "the tampered trail counts nothing")
    }

    @Test func aHandEditedReviewerListReloadsAsAFullLoadWould() throws {
        let approved = try Approved()
        defer { approved.workspace.remove() }
        // An agent rewrites convoy.toml naming itself the only reviewer (the trail says otherwise: a problem of the
        // convoy, which each of its molecules repeats).
        let edited = ConvoyFile(
            name: "c1", title: "Convoy one", teams: ["team-a"], reviewers: ["agent7"], created: Self.t0)
        try AtomicFile.write(edited.tomlText, to: approved.workspace.layout.convoyFile("c1"))
        _ = approved.expectReloadLikeAFullLoad([approved.workspace.layout.convoyFile("c1")])
    }
}
