import Core
import Foundation
import Signing
import TOML
import TestSupport
import Testing

@testable import Store

/// `gastown convoy edit`: plain edits of convoy.toml, and status and day changes as signed reviewer acts.
@Suite struct ConvoyEditTests {
    func changes(_ edit: (inout ConvoyChanges) -> Void) -> ConvoyChanges {
        var changes = ConvoyChanges()
        edit(&changes)
        return changes
    }

    func edit(
        _ store: BeadsStore, by: String? = "alice", signer: String = "alice", isAgent: Bool = false,
        _ edit: (inout ConvoyChanges) -> Void
    ) throws(StoreError) -> ConvoyEditOutcome {
        try store.editConvoy(
            "c1", changes(edit), by: by, isAgent: isAgent, signer: TestKeys.signer(signer), now: t0 + 60)
    }

    @Test func titleDescriptionTeamsAndAliasesAreEditedInPlace() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        let store = try makeStore(ws)
        let path = store.layout.convoyFile("c1")
        try (String(contentsOfFile: path, encoding: .utf8) + "# our note\nowner = \"platform\"\n").write(
            toFile: path, atomically: true, encoding: .utf8)
        let outcome = try edit(store, by: nil) {
            $0.title = "SOC2 Audit Trail"
            $0.description = "Day 3 scope"
            $0.addTeams = ["AI Analysis", "Gateway"]
            $0.addAliases = [TeamAlias(team: "gateway", alias: "Gateway (GW) Team")]
            $0.removeTeams = ["TEAM A"]
        }
        #expect(outcome.rewritten && outcome.settingRecords.isEmpty)
        let file = try store.requireConvoy("c1")
        #expect(file.title == "SOC2 Audit Trail" && file.description == "Day 3 scope")
        #expect(file.teams == ["ai-analysis", "gateway"])
        #expect(file.teamNames == ["ai-analysis": "AI Analysis", "gateway": "Gateway"])
        #expect(file.teamAliases == ["gateway": ["Gateway (GW) Team"]])
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("# our note\nowner = \"platform\"\n"))
        #expect(text.contains("[team_aliases]\ngateway = [\"Gateway (GW) Team\"]\n"))
        // No status or day change: nothing is signed or recorded.
        #expect(ReviewerTrail(layout: store.layout, convoy: "c1", cache: nil).entries.count == 1)
    }

    @Test func badTeamEditsAreRefusedWithTheKnownTeamsAndNothingIsWritten() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        let store = try makeStore(ws)
        let before = try String(contentsOfFile: store.layout.convoyFile("c1"), encoding: .utf8)
        for change in [
            changes { $0.addTeams = ["Team-A"] }, changes { $0.removeTeams = ["Nobody"] },
            changes { $0.addAliases = [TeamAlias(team: "nobody", alias: "N")] },
            changes { $0.addTeams = ["ok", "\u{1B}[2J"] }, changes { $0.title = "  " },
        ] {
            #expect(throws: StoreError.self) {
                try store.editConvoy("c1", change, by: nil, isAgent: false, signer: TestKeys.signer("alice"), now: t0)
            }
        }
        do {
            _ = try edit(store, by: nil) { $0.removeTeams = ["Nobody"] }
        } catch {
            #expect(error.message == "team \"Nobody\" is not a team of convoy c1 (known teams: team-a)")
        }
        #expect(try String(contentsOfFile: store.layout.convoyFile("c1"), encoding: .utf8) == before)
    }

    @Test func statusAndDayAreSignedRecordsOfTheConvoysTrail() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        let store = try makeStore(ws)
        let outcome = try edit(store) {
            $0.status = .paused
            $0.day = 3
            $0.forceReason = "adopted on day 3"
        }
        #expect(outcome.convoy.status == .paused && outcome.convoy.day == 3)
        #expect(outcome.settingRecords.map(\.reason) == ["", "adopted on day 3"])
        #expect(outcome.settingRecords.map(\.kind) == [.status, .day])
        #expect(outcome.settingRecords.map(\.value) == ["paused", "3"])
        #expect(outcome.settingRecords.allSatisfy { $0.signer == TestKeys.publicKey("alice").fingerprint })
        let authority = try store.authority(ofConvoy: "c1")
        #expect(authority.problems.isEmpty, "\(authority.problems)")
        #expect(authority.settingChanges.map(\.value) == ["paused", "3"])
        #expect(authority.settingChanges.allSatisfy { $0.by == "alice" && $0.signed })
        // A setting change leaves who may decide as it was.
        #expect(authority.trail.current.map(\.name) == ["alice", "bob"])
        let report = store.verifyAudit()
        #expect(report.problems.isEmpty, "\(report.problems)")
        #expect(report.reviewerChanges == 3)
    }

    @Test func theCanonicalTextOfOtherReviewerChangesIsUnchanged() {
        let change = ReviewerChange(
            convoy: "c", kind: .remove, reviewer: "bob", by: "alice", at: t0, parents: [], signer: "SHA256:x")
        let text = String(decoding: change.canonicalText, as: UTF8.self)
        #expect(
            text
                == "gastown-reviewers-v1\nconvoy:1:c\nchange:6:remove\nreviewer:3:bob\nkey:0:\nby:5:alice\nat:20:2027-01-15T08:00:00Z\nsigner:8:SHA256:x\n"
        )
        let day = ReviewerChange(
            convoy: "c", kind: .day, by: "alice", at: t0, parents: [], signer: "", setting: ("1", "3", "late start"))
        #expect(
            String(decoding: day.canonicalText, as: UTF8.self).contains(
                "previous:1:1\nvalue:1:3\nreason:10:late start\nby:5:alice\n"))
    }

    @Test func theDayMovesOnlyForwardAndNotPastAnIncompleteDayUnlessForced() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        let store = try makeStore(ws)
        // m1 belongs to day 1 and is not complete: the convoy may not go past day 1...
        do {
            _ = try edit(store) { $0.day = 3 }
            Issue.record("a day past an incomplete one was accepted")
        } catch {
            #expect(error.kind == .refused)
            #expect(error.message.contains("cannot move past day 1"))
            #expect(error.message.contains("m1: steps not done"))
        }
        #expect(try store.requireConvoy("c1").day == 1)
        // ...unless a reviewer says why.
        let forced = try edit(store) {
            $0.day = 3
            $0.forceReason = "day 1 and 2 were done outside gastown"
        }
        #expect(forced.settingRecords.first?.reason == "day 1 and 2 were done outside gastown")
        #expect(
            try store.authority(ofConvoy: "c1").settingChanges.last?.reason == "day 1 and 2 were done outside gastown")
        do {
            _ = try edit(store) { $0.day = 2 }
            Issue.record("the day moved back")
        } catch {
            #expect(error.kind == .refused)
            #expect(error.message.contains("a day only moves forward"))
        }
        // Days without molecules are complete: the convoy may move over them.
        _ = try edit(store) { $0.day = 5 }
        #expect(try store.requireConvoy("c1").day == 5)
        #expect(throws: StoreError.self) { _ = try self.edit(store) { $0.forceReason = "no day given" } }
    }

    @Test func onlyAReviewerWithTheirKeyMayChangeStatusOrDayAndNeverAnAgent() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        let store = try makeStore(ws)
        let refusals: [(by: String, signer: String, isAgent: Bool, message: String)] = [
            ("eve", "eve", false, "eve is not a reviewer of convoy c1"),
            ("alice", "bob", false, "is not alice's key in convoy c1"),
            ("alice", "alice", true, "agents may never change a convoy's status or day"),
        ]
        for refusal in refusals {
            do {
                _ = try edit(store, by: refusal.by, signer: refusal.signer, isAgent: refusal.isAgent) {
                    $0.status = .done
                }
                Issue.record("\(refusal.by) changed the status")
            } catch {
                #expect(error.kind == .refused)
                #expect(error.message.contains(refusal.message), "\(error.message)")
                #expect(error.concernsIdentity == !refusal.isAgent)
            }
        }
        #expect(try store.requireConvoy("c1").status == .active)
        #expect(ReviewerTrail(layout: store.layout, convoy: "c1", cache: nil).entries.count == 1)
    }

    @Test func aDayOrStatusEditedByHandAgainstTheTrailIsAProblem() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        let store = try makeStore(ws)
        _ = try edit(store) {
            $0.status = .paused
            $0.day = 1
        }
        _ = try edit(store) { $0.status = .active }
        let path = store.layout.convoyFile("c1")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: "status = \"active\"", with: "status = \"done\"").write(
            toFile: path, atomically: true, encoding: .utf8)
        let problems = try store.authority(ofConvoy: "c1").problems
        #expect(
            problems.contains {
                $0.category == .trust && $0.message.contains("convoy.toml says status \"done\"")
                    && $0.message.contains("signed trail says \"active\"")
            })
        #expect(!store.verifyAudit().problems.isEmpty)
    }

    @Test func anUnsignedSettingChangeWrittenByHandDoesNotCountInASignedWorkspace() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        let store = try makeStore(ws)
        let trail = ReviewerTrail(layout: store.layout, convoy: "c1", cache: nil)
        let change = ReviewerChange(
            convoy: "c1", kind: .day, by: "alice", at: t0 + 30, parents: trail.heads, signer: "",
            setting: ("1", "9", ""))
        let name = Timestamp.compact(change.date) + "-alice-\(change.hash.prefix(8)).toml"
        try change.tomlText.write(
            toFile: ReviewerTrail.directory(store.layout, convoy: "c1") + "/" + name, atomically: true,
            encoding: .utf8)
        let authority = try store.authority(ofConvoy: "c1")
        #expect(authority.settingChanges.isEmpty)
        #expect(authority.problems.contains { $0.category == .signature && $0.message.contains("it is not signed") })
    }

    @Test func inAnUnsignedWorkspaceAListedReviewerChangesTheDayWithoutAKey() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        try WorkspaceConfig(signing: .unsigned).write(ws.layout)
        let store = try makeStore(ws)
        let unsignable: SignerProvider = { () throws(StoreError) -> any RecordSigner in
            throw StoreError(.refused, "no key here")
        }
        let outcome = try store.editConvoy(
            "c1", changes { $0.status = .planning }, by: "bob", isAgent: false, signer: unsignable, now: t0)
        #expect(outcome.settingRecords.first?.signer == "")
        let authority = try store.authority(ofConvoy: "c1")
        #expect(authority.settingChanges.map(\.signed) == [false])
        #expect(authority.problems.isEmpty, "\(authority.problems)")
    }

    @Test func aMoleculeTakesItsTeamInAnySpellingAndTheConvoysDay() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        let store = try makeStore(ws)
        _ = try edit(store) {
            $0.addTeams = ["Data Storage"]
            $0.addAliases = [TeamAlias(team: "Data Storage", alias: "DS")]
            $0.day = 2
            $0.forceReason = "m1 is yesterday's"
        }
        let created = try store.createMolecule(
            name: "m2", convoy: "c1", formula: "sample", variables: [("service", "db")], inputs: [], team: "ds",
            now: t0)
        #expect(created.team == "data-storage" && created.day == 2)
        let state = try store.loadMolecule("m2")
        #expect(state.team?.displayName == "Data Storage")
        // The assignee's team when no team is given and the assignee names one; none otherwise.
        let assigned = try store.createMolecule(
            name: "m3", convoy: "c1", formula: "sample", variables: [("service", "db")], inputs: [],
            assignee: "team-a", day: 4, now: t0)
        #expect(assigned.team == "team-a" && assigned.day == 4)
        let agent = try store.createMolecule(
            name: "m4", convoy: "c1", formula: "sample", variables: [("service", "db")], inputs: [],
            assignee: "polecat-7", now: t0)
        #expect(agent.team == nil)
        for (team, day) in [("Storage", nil), (nil, 1)] as [(String?, Int?)] {
            #expect(throws: StoreError.self) {
                try store.createMolecule(
                    name: "m5", convoy: "c1", formula: "sample", variables: [("service", "db")], inputs: [],
                    team: team, day: day, now: t0)
            }
        }
    }
}
