import Foundation
import TOML
import TestSupport
import Testing

@testable import Store

/// A `[conflicts]` entry a merge recorded: shown as a warning, settled by the next write to the field or by
/// `molecule resolve`.
@Suite struct MergeConflictSettlementTests {
    /// m1 with a merge's record: assignee carol kept, bob set aside; step work's assignee dan kept, eve set aside.
    func storeWithConflicts(_ workspace: TempWorkspace) throws -> BeadsStore {
        let store = try makeStore(workspace)
        try store.assign(molecule: "m1", step: nil, to: "carol", now: t0)
        try store.assign(molecule: "m1", step: "work", to: "dan", now: t0)
        try append(
            "\n[conflicts]\nassignee = [\"bob\"]\n\n[conflicts.steps.work]\nassignee = [\"eve\"]\n",
            to: workspace.layout.moleculeFile("c1", "m1"))
        return store
    }

    /// Adds a merge's record (`text`) at the end of the file at `path`, as the merge driver writes it.
    func append(_ text: String, to path: String) throws {
        let before = try String(contentsOfFile: path, encoding: .utf8)
        try (before + text).write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test func aRecordedConflictIsAWarningOfTheMolecule() throws {
        let workspace = try TempWorkspace()
        defer { workspace.cleanup() }
        let store = try storeWithConflicts(workspace)
        let state = try store.loadMolecule("m1")
        let warnings = state.problems.filter { $0.category == .mergeConflict }
        #expect(warnings.count == 2)
        #expect(warnings.allSatisfy { $0.severity == .warning })
        #expect(warnings.contains { $0.message.contains("steps.work.assignee") && $0.message.contains("\"eve\"") })
        #expect(state.file != nil)
    }

    @Test func theNextWriteToTheFieldSettlesIt() throws {
        let workspace = try TempWorkspace()
        defer { workspace.cleanup() }
        let store = try storeWithConflicts(workspace)
        try store.assign(molecule: "m1", step: nil, to: "frank", now: t0.addingTimeInterval(60))
        let values = try TOMLParser.parse(workspace.read(".beads/convoys/c1/molecules/m1/molecule.toml") ?? "")
        #expect(MergeConflicts.list(in: values).map(\.field) == ["steps.work.assignee"])
        // A write to another field leaves the record alone.
        try store.apply(.start(step: "work"), molecule: "m1", now: t0.addingTimeInterval(120))
        let after = try TOMLParser.parse(workspace.read(".beads/convoys/c1/molecules/m1/molecule.toml") ?? "")
        #expect(MergeConflicts.list(in: after).map(\.field) == ["steps.work.assignee"])
    }

    @Test func assigningTheKeptValueAgainSettlesItToo() throws {
        let workspace = try TempWorkspace()
        defer { workspace.cleanup() }
        let store = try storeWithConflicts(workspace)
        try store.assign(molecule: "m1", step: "work", to: "dan", now: t0.addingTimeInterval(60))
        let values = try TOMLParser.parse(workspace.read(".beads/convoys/c1/molecules/m1/molecule.toml") ?? "")
        #expect(MergeConflicts.list(in: values).map(\.field) == ["assignee"])
    }

    @Test func resolveKeepsOursOrPutsTheirsBack() throws {
        let workspace = try TempWorkspace()
        defer { workspace.cleanup() }
        let store = try storeWithConflicts(workspace)
        let before = try store.loadMolecule("m1").file?.revision ?? 0
        try store.resolveConflict(
            molecule: "m1", field: "steps.work.assignee", keep: .theirs, now: t0.addingTimeInterval(60))
        try store.resolveConflict(molecule: "m1", field: "assignee", keep: .ours, now: t0.addingTimeInterval(61))
        let state = try store.loadMolecule("m1")
        #expect(state.file?.assignee == "carol")
        #expect(state.file?.steps.first { $0.id == "work" }?.progress.assignee == "eve")
        #expect(state.file?.revision == before + 2)
        #expect(state.problems.allSatisfy { $0.category != .mergeConflict })
        #expect(workspace.read(".beads/convoys/c1/molecules/m1/molecule.toml")?.contains("conflicts") == false)
    }

    @Test func resolvingAFieldWithoutAConflictNamesTheOnesThereAre() throws {
        let workspace = try TempWorkspace()
        defer { workspace.cleanup() }
        let store = try storeWithConflicts(workspace)
        #expect {
            try store.resolveConflict(molecule: "m1", field: "team", keep: .ours, now: t0)
        } throws: { error in
            let message = (error as? StoreError)?.message ?? ""
            return message.contains("no merge conflict on \"team\"")
                && message.contains("assignee, steps.work.assignee")
        }
    }

    /// c1's convoy.toml with a merge's record: title "Convoy one" kept, "Convoy uno" set aside; description kept,
    /// "Old" set aside; status active kept, paused set aside.
    func storeWithConvoyConflicts(_ workspace: TempWorkspace) throws -> BeadsStore {
        let store = try makeStore(workspace)
        try append(
            "\n[conflicts]\ntitle = [\"Convoy uno\"]\ndescription = [\"Old\"]\nstatus = [\"paused\"]\n",
            to: workspace.layout.convoyFile("c1"))
        return store
    }

    @Test func aConvoysRecordedConflictIsAWarningNamingTheVerbThatSettlesIt() throws {
        let workspace = try TempWorkspace()
        defer { workspace.cleanup() }
        let store = try storeWithConvoyConflicts(workspace)
        let convoy = store.loadConvoy("c1")
        let warnings = convoy.problems.filter { $0.category == .mergeConflict }
        #expect(warnings.count == 3)
        #expect(warnings.allSatisfy { $0.severity == .warning && $0.file == ".beads/convoys/c1/convoy.toml" })
        #expect(
            warnings.contains {
                $0.message.contains("merge conflict on title: kept \"Convoy one\", set aside \"Convoy uno\"")
                    && $0.message.contains("gastown convoy resolve c1 title --keep ours|theirs")
            })
        #expect(convoy.file?.title == "Convoy one")
        #expect(convoy.file?.conflicts.map(\.field) == ["title", "description", "status"])
    }

    @Test func editingAConvoyFieldSettlesItsConflictOnly() throws {
        let workspace = try TempWorkspace()
        defer { workspace.cleanup() }
        let store = try storeWithConvoyConflicts(workspace)
        var changes = ConvoyChanges()
        changes.title = "Convoy one"  // even the value it holds
        try store.editConvoy("c1", changes, by: nil, isAgent: false, signer: TestKeys.signer("alice"), now: t0)
        #expect(store.loadConvoy("c1").file?.conflicts.map(\.field) == ["description", "status"])
    }

    @Test func resolvingAConvoyConflictKeepsOursOrPutsTheirsBack() throws {
        let workspace = try TempWorkspace()
        defer { workspace.cleanup() }
        let store = try storeWithConvoyConflicts(workspace)
        let theirs = try store.resolveConflict(convoy: "c1", field: "title", keep: .theirs)
        #expect(theirs.lost.first?.stringValue == "Convoy uno")
        try store.resolveConflict(convoy: "c1", field: "description", keep: .ours)
        let convoy = store.loadConvoy("c1")
        #expect(convoy.file?.title == "Convoy uno")
        #expect(convoy.file?.description == "")
        #expect(convoy.file?.conflicts.map(\.field) == ["status"])
        let text = workspace.read(".beads/convoys/c1/convoy.toml") ?? ""
        #expect(text.hasPrefix("# gastown convoy"))  // edited in place: the header comment stays
        #expect(!text.contains("Convoy one"))
    }

    @Test func aSignedConvoyFieldIsNeverPutBackUnsigned() throws {
        let workspace = try TempWorkspace()
        defer { workspace.cleanup() }
        let store = try storeWithConvoyConflicts(workspace)
        #expect {
            try store.resolveConflict(convoy: "c1", field: "status", keep: .theirs)
        } throws: { error in
            let failure = error as? StoreError
            return failure?.kind == .refused && failure?.message.contains("gastown convoy edit c1") == true
        }
        #expect(store.loadConvoy("c1").file?.status == .active)
        try store.resolveConflict(convoy: "c1", field: "status", keep: .ours)
        #expect(store.loadConvoy("c1").file?.conflicts.map(\.field) == ["title", "description"])
    }

    @Test func resolvingAConvoyFieldWithoutAConflictNamesTheOnesThereAre() throws {
        let workspace = try TempWorkspace()
        defer { workspace.cleanup() }
        let store = try storeWithConvoyConflicts(workspace)
        #expect {
            try store.resolveConflict(convoy: "c1", field: "teams", keep: .ours)
        } throws: { error in
            (error as? StoreError)?.message.contains(
                "convoy c1 records no merge conflict on \"teams\" (it records: title, description, status)") == true
        }
    }
}
