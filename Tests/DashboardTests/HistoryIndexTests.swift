import Foundation
import Testing

@testable import Dashboard

/// The History filter's index answers as a plain case-insensitive substring search over each decision's fields
/// would, whatever order filters are typed, erased and typed again in.
@Suite struct HistoryIndexTests {
    static let reviewers = ["MChen", "alice", "Örjan", "bob-smith", "ZOE"]

    static let entries: [HistoryEntry] = (0..<60).map { number in
        HistoryEntry(
            convoyID: "convoy-\(number % 4)", moleculeID: "Mol-\(number)",
            decision: DecisionSnapshot(
                checkpointID: number % 3 == 0 ? "Legal-Review" : "qa", stepID: "step-\(number % 5)",
                approved: number % 2 == 0, reviewer: reviewers[number % reviewers.count],
                reason: number % 7 == 0 ? "Missing ÉVIDENCE for control \(number)" : nil,
                returnedTo: number % 2 == 0 ? nil : "draft", at: Date(timeIntervalSince1970: Double(number)),
                mark: number % 11 == 0 ? .problem("bad signature") : .signed))
    }

    /// What the filter must return: every entry with the needle in one of its searchable fields, in order.
    static func expected(_ needle: String) -> [String] {
        guard !needle.isEmpty else { return entries.map(\.moleculeID) }
        return entries.filter { entry in
            let d = entry.decision
            let fields = [
                d.reviewer, d.checkpointID, d.stepID, entry.moleculeID, entry.convoyID, d.reason ?? "",
                d.returnedTo ?? "", d.mark.label, d.approved ? "approved" : "rejected",
            ]
            return fields.contains { $0.lowercased().contains(needle.lowercased()) }
        }.map(\.moleculeID)
    }

    @Test func typingErasingAndRetypingMatchesAPlainSearch() {
        let index = HistoryIndex(Self.entries)
        let typed = [
            "b", "bo", "bob", "bo", "b", "", "m", "mo", "mol-1", "mol-12", "mol-1", "b", "bob", "lEGAL", "legal-r",
            "Ö", "örj", "évidence", "✗", "✗ problem", "rejected", "draft", "nobody", "mc", "MChen",
        ]
        for needle in typed {
            let rows = index.filtered(needle)
            #expect(rows.map(\.moleculeID) == Self.expected(needle), "filter \(needle)")
            #expect(rows.count == Self.expected(needle).count, "count of \(needle)")
        }
    }

    @Test func withoutAFilterEveryEntryInOrder() {
        let rows = HistoryIndex(Self.entries).filtered("")
        #expect(rows.map(\.moleculeID) == Self.entries.map(\.moleculeID))
    }
}

/// The History of a snapshot is every decision of its molecules' trails, newest first, ties by molecule and
/// checkpoint (descending), whatever the scope; the index keeps positions, and the rows read the snapshot.
@Suite struct HistoryOfASnapshotTests {
    static func decision(_ checkpoint: String, _ reviewer: String, at minutes: Double) -> DecisionSnapshot {
        DecisionSnapshot(
            checkpointID: checkpoint, stepID: "s", approved: true, reviewer: reviewer,
            at: Fixture.now - minutes * 60)
    }

    static func molecule(_ id: String, convoy: String, _ trail: [DecisionSnapshot]) -> MoleculeSnapshot {
        var molecule = MoleculeSnapshot(id: id, convoyID: convoy, formula: "f", steps: [])
        molecule.trail = trail
        return molecule
    }

    static let snapshot = WorkspaceSnapshot(
        root: "/w",
        convoys: [
            ConvoySnapshot(
                id: "c1", title: "One", teams: [],
                molecules: [
                    molecule("a", convoy: "c1", [decision("x", "ann", at: 30), decision("y", "bob", at: 10)]),
                    molecule("b", convoy: "c1", [decision("x", "cat", at: 10), decision("z", "dan", at: 50)]),
                ]),
            ConvoySnapshot(id: "empty", title: "None", teams: [], molecules: []),
            ConvoySnapshot(
                id: "c2", title: "Two", teams: [],
                molecules: [molecule("c", convoy: "c2", [decision("x", "eve", at: 10), decision("w", "fay", at: 5)])]),
        ])

    /// The entries of the given molecules, sorted as the History promises.
    static func expected(_ molecules: [MoleculeSnapshot]) -> [HistoryEntry] {
        molecules.flatMap { molecule in
            molecule.trail.map { HistoryEntry(convoyID: molecule.convoyID, moleculeID: molecule.id, decision: $0) }
        }.sorted { a, b in
            if a.decision.at != b.decision.at { return a.decision.at > b.decision.at }
            return (a.moleculeID, a.decision.checkpointID) > (b.moleculeID, b.decision.checkpointID)
        }
    }

    @Test func everyScopeListsItsDecisionsNewestFirst() {
        let state = Fixture.state(Self.snapshot)
        let all = Self.snapshot.convoys.flatMap(\.molecules)
        #expect(state.history(.all) == Self.expected(all))
        #expect(state.history(.all).map(\.decision.reviewer) == ["fay", "eve", "cat", "bob", "ann", "dan"])
        #expect(state.history(.convoy("c1")) == Self.expected(Array(all.prefix(2))))
        #expect(state.history(.molecule(convoy: "c1", molecule: "b")) == Self.expected([all[1]]))
        #expect(state.history(.convoy("empty")).isEmpty && state.history(.convoy("gone")).isEmpty)
        let rows = state.visibleHistory(.all)
        #expect(rows.count == 6 && rows[2] == Self.expected(all)[2])
    }

    @Test func aFilterReadsTheRowsItMatched() {
        var state = Fixture.state(Self.snapshot)
        state.filters[Route.history(.all).memoryKey] = "c2"
        #expect(state.visibleHistory(.all).map(\.decision.reviewer) == ["fay", "eve"])
        state.filters[Route.history(.all).memoryKey] = "ann"
        #expect(
            Array(state.visibleHistory(.all))
                == Self.expected(Self.snapshot.convoys[0].molecules).filter {
                    $0.decision.reviewer == "ann"
                })
    }
}
