import Core
import Foundation
import TestSupport
import Testing

@testable import Store

@Suite struct StoreBehaviourTests {
    @Test func approvalMovesTheEffectiveStateWithoutRewritingTheMolecule() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        let store = try makeStore(ws)
        try store.finish("m1", "work", at: t0)
        let before = ws.read(".beads/convoys/c1/molecules/m1/molecule.toml")
        try store.decide(
            molecule: "m1", checkpoint: "work-review", decision: .approved, reviewer: "alice",
            reason: nil, returnTo: nil, isAgent: false, signer: TestKeys.signer("alice"), now: t0.addingTimeInterval(5))
        #expect(ws.read(".beads/convoys/c1/molecules/m1/molecule.toml") == before)
        let state = try store.loadMolecule("m1")
        #expect(state.progress?.steps["work"]?.status == .done)
        #expect(state.problems.isEmpty)
        #expect(state.summary == .active)
    }

    @Test func rejectionSendsWorkBackAndRaisesTheAttempt() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        let store = try makeStore(ws)
        try store.finish("m1", "work", at: t0)
        try store.decide(
            molecule: "m1", checkpoint: "work-review", decision: .rejected, reviewer: "bob",
            reason: "redo", returnTo: nil, isAgent: false, signer: TestKeys.signer("bob"), now: t0.addingTimeInterval(5)
        )
        var state = try store.loadMolecule("m1")
        #expect(state.progress?.steps["work"]?.status == .pending)
        #expect(state.progress?.steps["work"]?.attempt == 2)
        // The next attempt needs its own approval: the old rejection does not count for it.
        try store.finish("m1", "work", at: t0.addingTimeInterval(10))
        state = try store.loadMolecule("m1")
        #expect(state.progress?.steps["work"]?.status == .awaitingApproval)
        #expect(state.openCheckpoints.map(\.attempt) == [2])
    }

    @Test func onlyConvoyReviewersDecideAndAgentsNeverApprove() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        let store = try makeStore(ws)
        try store.finish("m1", "work", at: t0)
        #expect {
            try store.decide(
                molecule: "m1", checkpoint: "work-review", decision: .approved, reviewer: "mallory",
                reason: nil, returnTo: nil, isAgent: false, signer: TestKeys.signer("mallory"), now: t0)
        } throws: { ($0 as? StoreError)?.kind == .refused }
        #expect {
            try store.decide(
                molecule: "m1", checkpoint: "work-review", decision: .approved, reviewer: "alice",
                reason: nil, returnTo: nil, isAgent: true, signer: TestKeys.signer("alice"), now: t0)
        } throws: { ($0 as? StoreError)?.kind == .refused }
        #expect {
            try store.decide(
                molecule: "m1", checkpoint: "ship-review", decision: .approved, reviewer: "alice",
                reason: nil, returnTo: nil, isAgent: false, signer: TestKeys.signer("alice"), now: t0)
        } throws: { ($0 as? StoreError)?.kind == .refused }
        #expect(AuditTrail(layout: store.layout, convoy: "c1", molecule: "m1").entries.isEmpty)
    }

    @Test func claimedProgressPastAnUnapprovedCheckpointIsAViolation() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        let store = try makeStore(ws)
        // An agent writes the file itself, claiming work is done and test is active.
        let path = ".beads/convoys/c1/molecules/m1/molecule.toml"
        var text = ws.read(path)!
        text = text.replacingOccurrences(
            of: "[steps.work]\nstatus = \"pending\"", with: "[steps.work]\nstatus = \"done\"")
        text = text.replacingOccurrences(
            of: "[steps.test]\nstatus = \"pending\"", with: "[steps.test]\nstatus = \"active\"")
        try ws.write(path, text)
        let state = try store.loadMolecule("m1")
        #expect(state.progress?.steps["work"]?.status == .awaitingApproval)
        #expect(state.progress?.steps["test"]?.status == .pending)
        let violations = state.problems.filter { $0.category == .unapprovedProgress }
        #expect(violations.count == 2)
        #expect(violations.allSatisfy { $0.file == path })
    }

    @Test func aBrokenMoleculeFileIsReportedWithItsPositionAndOthersStillLoad() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        let store = try makeStore(ws)
        try store.createMolecule(
            name: "m2", convoy: "c1", formula: "sample", variables: [("service", "x")], inputs: [], now: t0)
        try store.createMolecule(
            name: "m3", convoy: "c1", formula: "sample", variables: [("service", "x")], inputs: [], now: t0)
        try ws.write(".beads/convoys/c1/molecules/m2/molecule.toml", "formula = \"sample\"\nrevision = = 3\n")
        try ws.write(
            ".beads/convoys/c1/molecules/m3/molecule.toml",
            "formula = \"sample\"\n[steps.work]\nstatus = \"finished\"\n")
        let snapshot = store.loadAll()
        #expect(snapshot.molecules.count == 3)
        let byName = Dictionary(uniqueKeysWithValues: snapshot.molecules.map { ($0.name, $0) })
        #expect(byName["m1"]?.summary == .pending)
        #expect(byName["m2"]?.summary == .invalid)
        let parse = byName["m2"]!.problems[0]
        #expect(parse.category == .parse && parse.position.line == 2 && parse.position.column > 1)
        let schema = byName["m3"]!.problems.first { $0.category == .schema }
        #expect(schema?.position.line == 3)
        #expect(schema?.message.contains("finished") == true)
    }

    @Test func anUnknownFormulaOrStepIsAFormulaProblem() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        let store = try makeStore(ws)
        try ws.write(
            ".beads/convoys/c1/molecules/m1/molecule.toml",
            "formula = \"sample\"\n[steps.nonsense]\nstatus = \"active\"\n")
        let state = try store.loadMolecule("m1")
        #expect(state.problems.contains { $0.category == .formula && $0.message.contains("nonsense") })
        try ws.write(".beads/convoys/c1/molecules/m1/molecule.toml", "formula = \"missing\"\n")
        #expect(try store.loadMolecule("m1").problems.contains { $0.category == .formula })
    }

    @Test func moleculeFilesRoundTrip() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        let store = try makeStore(ws)
        try store.finish("m1", "work", at: t0)
        try store.decide(
            molecule: "m1", checkpoint: "work-review", decision: .approved, reviewer: "alice",
            reason: nil, returnTo: nil, isAgent: false, signer: TestKeys.signer("alice"), now: t0.addingTimeInterval(1))
        _ = try store.apply(.start(step: "test"), molecule: "m1", now: t0.addingTimeInterval(2))
        let result = sampleFormula.step("test")!.gate!.evaluate(
            tests: TestCounts(passed: 3, failed: 1, skipped: 0), hits: [], at: t0)!
        _ = try store.apply(.recordGate(step: "test", result: result), molecule: "m1", now: t0.addingTimeInterval(3))
        let state = try store.loadMolecule("m1")
        #expect(state.progress?.steps["test"]?.status == .blocked)
        #expect(state.file?.gates.first?.result.tests == TestCounts(passed: 3, failed: 1, skipped: 0))
        let reparsed = MoleculeFile.parse(Array(state.file!.tomlText.utf8), name: "m1", convoy: "c1", file: "x")
        #expect(reparsed.1.isEmpty)
        #expect(reparsed.0?.tomlText == state.file?.tomlText)
        #expect(state.file?.revision == 5)
    }

    @Test func everyVariableProblemIsNamedInOneRefusal() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        let store = try makeStore(ws)
        do throws(StoreError) {
            try store.createMolecule(
                name: "m9", convoy: "c1", formula: "sample", variables: [("tier", "bronze"), ("colour", "red")],
                inputs: [], now: t0)
            Issue.record("bad variables were accepted")
        } catch {
            #expect(error.kind == .invalidInput)
            #expect(
                error.message == """
                    cannot create molecule m9 (set variables with --var NAME=VALUE):
                    variable tier: "bronze" is not one of gold, silver
                    formula sample has no variable "colour" (its variables: service, tier)
                    variable service is required
                    """)
        }
        #expect(ws.read(".beads/convoys/c1/molecules/m9/molecule.toml") == nil)
    }

    @Test func badInputChangesNothing() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        let store = try makeStore(ws)
        let before = try FileManager.default.subpathsOfDirectory(atPath: ws.path).sorted()
        #expect(throws: StoreError.self) {
            try store.createMolecule(
                name: "../evil", convoy: "c1", formula: "sample", variables: [("service", "x")], inputs: [], now: t0)
        }
        #expect(throws: StoreError.self) {
            try store.createMolecule(name: "m9", convoy: "c1", formula: "sample", variables: [], inputs: [], now: t0)
        }
        #expect(throws: StoreError.self) {
            try store.createMolecule(
                name: "m9", convoy: "c1", formula: "sample", variables: [("service", "x"), ("tier", "bronze")],
                inputs: [], now: t0)
        }
        #expect(throws: StoreError.self) {
            try store.createMolecule(
                name: "m1", convoy: "c1", formula: "sample", variables: [("service", "x")], inputs: [], now: t0)
        }
        #expect(throws: StoreError.self) {
            try store.createConvoy(ConvoyFile(name: "c2", title: "t", reviewers: ["bad name"]))
        }
        #expect(try FileManager.default.subpathsOfDirectory(atPath: ws.path).sorted() == before)
    }
}
