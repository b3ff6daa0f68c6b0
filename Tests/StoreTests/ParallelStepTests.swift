import Core
import Foundation
import Testing

@testable import Store

/// Molecules whose steps run at once (a convoy's legs, a DAG's branches): start one or all, complete by
/// name, and the verbs that would have to guess refuse and list the candidates (issue 12).
@Suite struct ParallelStepTests {
    /// Three legs with tests gates on two of them, then a synthesis with a checkpoint.
    static let review = Formula(
        name: "review", type: .convoy,
        variables: [FormulaVariable(name: "pr", valueType: .number, requiredUnless: ["branch"])]
            + [FormulaVariable(name: "branch")],
        steps: [
            FormulaStep(
                id: "api", assignee: "api-bot",
                gate: Gate(
                    id: "api-tests", type: .tests(requiredPassRate: 100, allowSkipped: false, allowAntiPatterns: false)),
                role: .leg, parallel: true),
            FormulaStep(
                id: "ui",
                gate: Gate(
                    id: "ui-tests", type: .tests(requiredPassRate: 100, allowSkipped: false, allowAntiPatterns: false)),
                role: .leg, parallel: true),
            FormulaStep(id: "docs", role: .leg, parallel: true),
            FormulaStep(
                id: "synthesis", needs: ["api", "ui", "docs"],
                checkpoint: Checkpoint(id: "merge-ok", prompt: "Merge?", onReject: "synthesis"), role: .synthesis),
        ])

    static let expansion = Formula(
        name: "passes", type: .expansion, steps: [], templateSteps: [FormulaStep(id: "{target}.draft")])

    func makeReviewStore(_ ws: TempWorkspace) throws -> BeadsStore {
        let store = BeadsStore(layout: ws.layout, formulas: FixedFormulas([Self.review, Self.expansion]))
        try store.createConvoy(ConvoyFile(name: "c1", title: "C", reviewers: ["alice"], created: t0))
        try store.createMolecule(
            name: "m1", convoy: "c1", formula: "review", variables: [("pr", "12")], inputs: [], now: t0)
        return store
    }

    @Test func startTakesTheFirstReadyStepAndSaysWhichOthersAreReady() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        let store = try makeReviewStore(ws)
        let started = try store.start(molecule: "m1", step: nil, now: t0)
        #expect(started.step == "api")
        #expect(started.alsoReady == ["ui", "docs"])
        #expect(started.state.progress?.steps["api"]?.assignee == "api-bot", "a leg's agent is its assignee")
    }

    @Test func startAllStartsEveryReadyStepAtOnce() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        let store = try makeReviewStore(ws)
        let all = try store.startAll(molecule: "m1", now: t0)
        #expect(all.steps == ["api", "ui", "docs"])
        #expect(all.state.progress.map { StateMachine.workingSteps(in: $0, formula: Self.review) } == all.steps)
        let again = #expect(throws: StoreError.self) { try store.startAll(molecule: "m1", now: t0) }
        #expect(again?.kind == .refused)
        #expect(again?.message == "no step of m1 is ready to start")
    }

    @Test func completingOrRecordingTestsWithSeveralCandidatesNeedsAName() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        let store = try makeReviewStore(ws)
        try store.startAll(molecule: "m1", now: t0)
        let complete = #expect(throws: StoreError.self) { try store.complete(molecule: "m1", step: nil, now: t0) }
        #expect(complete?.kind == .invalidInput)
        #expect(
            complete?.message
                == "several steps of m1 are active (api, ui, docs): name the one to complete, e.g. `gastown molecule complete m1 api`"
        )
        let counts = TestCounts(passed: 3, failed: 0, skipped: 0)
        let tests = #expect(throws: StoreError.self) {
            try store.recordTests(molecule: "m1", step: nil, tests: .counts(counts), now: t0)
        }
        #expect(tests?.message == "several active steps of m1 have a tests gate (api, ui): name one with --step")
        #expect(try store.recordTests(molecule: "m1", step: "ui", tests: .counts(counts), now: t0).stepID == "ui")
        #expect(try store.complete(molecule: "m1", step: "docs", now: t0 + 1).step == "docs")
    }

    @Test func theSynthesisWaitsForEveryLeg() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        let store = try makeReviewStore(ws)
        try store.startAll(molecule: "m1", now: t0)
        let counts = TestCounts(passed: 1, failed: 0, skipped: 0)
        for leg in ["api", "ui"] { try store.recordTests(molecule: "m1", step: leg, tests: .counts(counts), now: t0) }
        for leg in ["api", "ui"] { try store.complete(molecule: "m1", step: leg, now: t0 + 1) }
        let early = #expect(throws: StoreError.self) { try store.start(molecule: "m1", step: "synthesis", now: t0 + 2) }
        #expect(early?.message == "cannot start step synthesis: it needs docs done first")
        try store.complete(molecule: "m1", step: "docs", now: t0 + 3)
        #expect(try store.start(molecule: "m1", step: nil, now: t0 + 4).step == "synthesis")
    }

    @Test func noMoleculeFollowsAnExpansion() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        let store = try makeReviewStore(ws)
        let refused = #expect(throws: StoreError.self) {
            try store.createMolecule(name: "m2", convoy: "c1", formula: "passes", variables: [], inputs: [], now: t0)
        }
        #expect(refused?.kind == .invalidInput)
        #expect(refused?.message.contains("formula passes is an expansion formula") == true)
        #expect(ws.read(ws.layout.relative(ws.layout.moleculeFile("c1", "m2"))) == nil, "nothing is written")
    }

    @Test func aConvoysInputsAreTheMoleculesVariables() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        let store = try makeReviewStore(ws)
        #expect(try store.loadMolecule("m1").file?.variables.map(\.key) == ["pr"])
        let missing = #expect(throws: StoreError.self) {
            try store.createMolecule(name: "m2", convoy: "c1", formula: "review", variables: [], inputs: [], now: t0)
        }
        #expect(missing?.message.contains("variable pr is required unless branch is given") == true)
        let notANumber = #expect(throws: StoreError.self) {
            try store.createMolecule(
                name: "m3", convoy: "c1", formula: "review", variables: [("pr", "twelve")], inputs: [], now: t0)
        }
        #expect(notANumber?.message.contains(#"variable pr: "twelve" is not a number"#) == true)
    }
}
