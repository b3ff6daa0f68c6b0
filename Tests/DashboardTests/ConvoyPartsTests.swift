import Foundation
import Testing

@testable import Dashboard

/// The Board and History keep what they compute per convoy from snapshot to snapshot: after any change — a
/// molecule written, a decision that stops counting, a convoy removed, added or moved — they equal what a plain
/// computation over the new snapshot gives (same entries, same order, same filter results), and the parts of the
/// convoys that did not change are reused.
@Suite struct ConvoyPartsTests {
    /// A small deterministic generator: the same workspaces every run.
    struct Generator {
        var seed: UInt64
        mutating func next(_ bound: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(bound))
        }
    }

    static let teams = ["Gateway", "", "AI Analysis", "Ops"]
    static let reviewers = ["ann", "Bob", "Örjan", "cat"]

    /// Molecule ids, checkpoints and times repeat across convoys, so the order's ties are exercised.
    static func molecule(_ id: String, convoy: String, _ random: inout Generator) -> MoleculeSnapshot {
        let states: [StepState] = [.done, .awaitingApproval, .blocked, .pending, .active]
        let steps = (0..<3).map { number in
            StepSnapshot(
                id: ["plan", "build", "ship"][number], state: states[random.next(states.count)],
                kind: number == 1 && random.next(2) == 0 ? nil : ["analysis", "do", "check"][number])
        }
        var molecule = MoleculeSnapshot(
            id: id, convoyID: convoy, formula: "f", team: teams[random.next(teams.count)], steps: steps)
        molecule.trail = (0..<random.next(4)).map { _ in decision(&random) }
        return molecule
    }

    static func decision(_ random: inout Generator) -> DecisionSnapshot {
        let marks: [DecisionMark] = [.signed, .unsigned, .problem("not a reviewer of this convoy")]
        return DecisionSnapshot(
            checkpointID: ["qa", "legal"][random.next(2)], stepID: "build", approved: random.next(2) == 0,
            reviewer: reviewers[random.next(reviewers.count)], reason: random.next(3) == 0 ? "Missing evidence" : nil,
            at: Fixture.now - Double(random.next(5)) * 60, mark: marks[random.next(marks.count)])
    }

    static func convoy(_ id: String, molecules count: Int, _ random: inout Generator) -> ConvoySnapshot {
        ConvoySnapshot(
            id: id, title: id.uppercased(), teams: [],
            molecules: (0..<count).map { molecule("m\($0)", convoy: id, &random) })
    }

    static func workspace(_ random: inout Generator) -> WorkspaceSnapshot {
        WorkspaceSnapshot(
            root: "/w", convoys: (0..<8).map { convoy("c\($0)", molecules: $0 == 3 ? 0 : 1 + random.next(6), &random) })
    }

    // MARK: what a plain computation over the whole snapshot gives

    /// Every decision, newest first, ties by molecule and checkpoint (descending), then in snapshot order.
    static func expectedHistory(_ snapshot: WorkspaceSnapshot) -> [HistoryEntry] {
        let entries = snapshot.convoys.flatMap(\.molecules).flatMap { molecule in
            molecule.trail.map { HistoryEntry(convoyID: molecule.convoyID, moleculeID: molecule.id, decision: $0) }
        }
        return entries.indices.sorted { a, b in
            let (x, y) = (entries[a], entries[b])
            if x.decision.at != y.decision.at { return x.decision.at > y.decision.at }
            if (x.moleculeID, x.decision.checkpointID) != (y.moleculeID, y.decision.checkpointID) {
                return (x.moleculeID, x.decision.checkpointID) > (y.moleculeID, y.decision.checkpointID)
            }
            return a < b
        }.map { entries[$0] }
    }

    static func matches(_ entry: HistoryEntry, _ needle: String) -> Bool {
        let d = entry.decision
        let fields = [
            d.reviewer, d.checkpointID, d.stepID, entry.moleculeID, entry.convoyID, d.reason ?? "", d.returnedTo ?? "",
            d.mark.label, d.approved ? "approved" : "rejected",
        ]
        return needle.isEmpty || fields.contains { $0.lowercased().contains(needle.lowercased()) }
    }

    /// Each board cell's count and molecules (convoy/name, by convoy and name), by team and phase.
    static func expectedCells(_ convoys: [ConvoySnapshot]) -> [String: (count: Int, molecules: [String])] {
        var cells: [String: [MoleculeSnapshot]] = [:]
        for molecule in convoys.flatMap(\.molecules) {
            cells[BoardModel.team(molecule) + "/" + BoardModel.phase(molecule), default: []].append(molecule)
        }
        return cells.mapValues { molecules in
            let sorted = molecules.enumerated().sorted { a, b in
                let (x, y) = (a.element, b.element)
                return (x.convoyID, x.id, a.offset) < (y.convoyID, y.id, b.offset)
            }
            return (molecules.count, sorted.map { $0.element.convoyID + "/" + $0.element.id })
        }
    }

    static let needles = ["", "m1", "c2", "problem", "bob", "örj", "missing ev", "legal", "nothing"]

    /// The History (every scope, every filter) and the Board (every convoy and each one) of `state` are what a plain
    /// computation over its snapshot gives.
    static func expectFresh(_ state: DashboardState, _ comment: String) {
        var state = state
        let snapshot = state.snapshot
        let all = expectedHistory(snapshot)
        #expect(state.history(.all) == all, "\(comment): History of every decision")
        for needle in needles {
            state.filters[Route.history(.all).memoryKey] = needle
            #expect(
                Array(state.visibleHistory(.all)) == all.filter { matches($0, needle) },
                "\(comment): filter \(needle)")
        }
        for convoy in snapshot.convoys {
            let alone = WorkspaceSnapshot(root: "/w", convoys: [convoy])
            #expect(state.history(.convoy(convoy.id)) == expectedHistory(alone), "\(comment): History of \(convoy.id)")
            expectBoard(BoardModel(state, convoy: convoy.id), [convoy], "\(comment): Board of \(convoy.id)")
        }
        expectBoard(BoardModel(state, convoy: nil), snapshot.convoys, "\(comment): Board of every convoy")
    }

    static func expectBoard(_ board: BoardModel, _ convoys: [ConvoySnapshot], _ comment: String) {
        let expected = expectedCells(convoys)
        var seen: [String: (count: Int, molecules: [String])] = [:]
        for team in board.teams {
            for phase in board.phases where board.cell(team: team, phase: phase).count > 0 {
                seen[team + "/" + phase] = (
                    board.cell(team: team, phase: phase).count,
                    board.molecules(team: team, phase: phase).map { $0.convoyID + "/" + $0.id }
                )
            }
        }
        #expect(seen.keys.sorted() == expected.keys.sorted(), "\(comment): cells")
        for (key, cell) in expected {
            #expect(seen[key]?.count == cell.count && seen[key]?.molecules == cell.molecules, "\(comment): \(key)")
        }
        let teams = Set(convoys.flatMap(\.molecules).map(BoardModel.team))
        let named = teams.subtracting([BoardModel.noTeam]).sorted()
        #expect(
            board.teams == named + (teams.contains(BoardModel.noTeam) ? [BoardModel.noTeam] : []), "\(comment): teams")
    }

    /// Builds every view once, so that what follows runs against kept parts.
    static func warmed(_ state: DashboardState) -> DashboardState {
        expectFresh(state, "before the change")
        return state
    }

    static func loaded(_ state: DashboardState, _ snapshot: WorkspaceSnapshot) -> DashboardState {
        Dashboard.update(state, .loaded(snapshot, at: Fixture.now)).0
    }

    @Test func aWriteToOneMoleculeRebuildsOnlyItsConvoy() {
        var random = Generator(seed: 7)
        let state = Self.warmed(Fixture.state(Self.workspace(&random)))
        let untouched = state.historyIndex(.convoy("c1"))
        let before = state.historyIndex(.all)
        var snapshot = state.snapshot
        // An agent's write: a decision added and a step moved on in one molecule of c2.
        snapshot.convoys[2].molecules[0].trail.append(Self.decision(&random))
        snapshot.convoys[2].molecules[0].steps[0].state = .done
        let changed = Self.loaded(state, snapshot)
        Self.expectFresh(changed, "after a write to c2")
        #expect(changed.history(.all).count == state.history(.all).count + 1)
        #expect(changed.historyIndex(.convoy("c1")) === untouched, "c1's parts are kept")
        #expect(changed.historyIndex(.all) !== before, "the History of every decision is combined again")
    }

    @Test func aDecisionThatStopsCountingShowsAtOnce() {
        var random = Generator(seed: 11)
        var state = Self.warmed(Fixture.state(Self.workspace(&random)))
        // The convoy's reviewers changed: its decisions by ann no longer count, and the viewer may not decide there.
        var snapshot = state.snapshot
        let convoy = snapshot.convoys.firstIndex { $0.molecules.contains { !$0.trail.isEmpty } }!
        for m in snapshot.convoys[convoy].molecules.indices {
            for d in snapshot.convoys[convoy].molecules[m].trail.indices {
                snapshot.convoys[convoy].molecules[m].trail[d].mark = .problem("ann is not a reviewer of this convoy")
            }
        }
        snapshot.convoys[convoy].right = .mayNot("not a reviewer")
        state = Self.loaded(state, snapshot)
        Self.expectFresh(state, "after the reviewers changed")
        let id = snapshot.convoys[convoy].id
        state.filters[Route.history(.all).memoryKey] = "problem"
        #expect(
            state.visibleHistory(.all).filter { $0.convoyID == id }.count
                == state.history(.all).filter { $0.convoyID == id }.count,
            "every decision of the convoy is found as a problem")
        #expect(state.history(.convoy(id)).allSatisfy { $0.decision.mark.label == "✗ problem" })
    }

    @Test func aRemovedConvoyDisappears() {
        var random = Generator(seed: 3)
        let state = Self.warmed(Fixture.state(Self.workspace(&random)))
        var snapshot = state.snapshot
        let removed = snapshot.convoys.remove(at: 4)
        let changed = Self.loaded(state, snapshot)
        Self.expectFresh(changed, "after c4 went")
        #expect(!changed.history(.all).contains { $0.convoyID == removed.id })
        #expect(changed.history(.convoy(removed.id)).isEmpty)
        let board = BoardModel(changed, convoy: nil)
        #expect(
            !board.teams.contains { team in
                board.phases.contains { board.molecules(team: team, phase: $0).contains { $0.convoyID == removed.id } }
            })
    }

    /// A new snapshot keeps the parts of its unchanged convoys only: after a reload that changed every convoy,
    /// nothing of the older snapshot's molecules is held for the Board or History.
    @Test func aNewSnapshotKeepsOnlyThePartsOfItsUnchangedConvoys() {
        var random = Generator(seed: 5)
        let state = Self.warmed(Fixture.state(Self.workspace(&random)))
        let ids = Set(state.snapshot.convoys.map(\.id))
        #expect(state.snapshot.cache.parts.kept == (ids, true))
        var snapshot = state.snapshot
        snapshot.convoys[1].title = "Renamed"
        let oneChanged = Self.loaded(state, snapshot)
        #expect(oneChanged.snapshot.cache.parts.kept == (ids.subtracting(["c1"]), false))
        Self.expectFresh(oneChanged, "after c1 was renamed")
        for c in snapshot.convoys.indices { snapshot.convoys[c].title += " again" }
        let allChanged = Self.loaded(oneChanged, snapshot)
        #expect(allChanged.snapshot.cache.parts.kept == ([], false))
        Self.expectFresh(allChanged, "after every convoy changed")
    }

    /// Many rounds of changes of every kind, each against a plain computation, with filters typed a character at a
    /// time in between (a narrowed filter must not keep matches of an earlier snapshot).
    @Test func everyKindOfChangeInTurnEqualsAPlainComputation() {
        var random = Generator(seed: 2026)
        var state = Fixture.state(Self.workspace(&random))
        for round in 0..<40 {
            var convoys = state.snapshot.convoys
            switch random.next(6) {
            case 0 where !convoys.isEmpty:
                let c = random.next(convoys.count)
                if !convoys[c].molecules.isEmpty {
                    let m = random.next(convoys[c].molecules.count)
                    convoys[c].molecules[m] = Self.molecule(convoys[c].molecules[m].id, convoy: convoys[c].id, &random)
                }
            case 1 where !convoys.isEmpty: convoys.remove(at: random.next(convoys.count))
            case 2: convoys.insert(Self.convoy("n\(round)", molecules: random.next(5), &random), at: 0)
            case 3 where convoys.count > 1: convoys.swapAt(0, convoys.count - 1)
            case 4 where !convoys.isEmpty: convoys[random.next(convoys.count)].title = "Renamed \(round)"
            default: break
            }
            if round % 2 == 0 {
                state = Self.loaded(state, WorkspaceSnapshot(root: "/w", convoys: convoys))
            } else {
                state.snapshot.convoys = convoys
            }
            for needle in ["m", "m2", "b", "bo", "bob"] {
                state.filters[Route.history(.all).memoryKey] = needle
                _ = state.visibleHistory(.all).count
            }
            Self.expectFresh(state, "round \(round)")
        }
    }

    @Test func mergingManyConvoysKeepsTheOrderOfOneSort() {
        var random = Generator(seed: 99)
        let convoys = (0..<37).map { Self.convoy("c\($0)", molecules: random.next(9), &random) }
        let snapshot = WorkspaceSnapshot(root: "/w", convoys: convoys)
        let merged = DecisionTrails.merged(convoys.map(DecisionTrails.init))
        let trails = convoys.map(DecisionTrails.init)
        let flat = trails.flatMap { trail in (0..<trail.count).map { trail[$0] } }
        #expect(merged.map { flat[Int($0)] } == Self.expectedHistory(snapshot))
    }
}
