import Core
import Foundation
import TestSupport

@testable import Store

/// A fresh temporary workspace with an initialized store, removed by `cleanup`.
struct TempWorkspace {
    let path: String
    var layout: StoreLayout { StoreLayout(workspace: path) }

    init(initialize: Bool = true) throws {
        let base = FileManager.default.temporaryDirectory.path
        path = PathResolution.resolved(base) + "/gastown-store-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        if initialize { try StoreInitializer.initialize(workspace: path) }
    }

    func cleanup() { try? FileManager.default.removeItem(atPath: path) }

    func write(_ relative: String, _ text: String) throws {
        try FixtureFile.write(text, to: path + "/" + relative)
    }

    func read(_ relative: String) -> String? {
        try? String(contentsOfFile: path + "/" + relative, encoding: .utf8)
    }
}

/// A three-step formula: work (checkpoint "work-review", rejects back to itself), test (tests gate), ship.
let sampleFormula = Formula(
    name: "sample", version: .text("1.0"),
    variables: [
        FormulaVariable(name: "service", required: true),
        FormulaVariable(name: "tier", defaultValue: "gold", allowedValues: ["gold", "silver"]),
    ],
    steps: [
        FormulaStep(
            id: "work", duration: .seconds(600),
            checkpoint: Checkpoint(id: "work-review", prompt: "Is the work right?", onReject: "work")),
        FormulaStep(
            id: "test", duration: .seconds(300),
            gate: Gate(
                id: "tests-pass", type: .tests(requiredPassRate: 100, allowSkipped: false, allowAntiPatterns: false))),
        FormulaStep(
            id: "ship", duration: .seconds(60),
            checkpoint: Checkpoint(id: "ship-review", prompt: "Ship it?", onReject: "work")),
    ])

let t0 = Date(timeIntervalSince1970: 1_800_000_000)

/// A store with convoy "c1" (reviewers alice, bob) and molecule "m1" from the sample formula.
func makeStore(_ workspace: TempWorkspace) throws -> BeadsStore {
    var store = BeadsStore(layout: workspace.layout, formulas: FixedFormulas([sampleFormula]))
    store.clock = TestKeys.lateClock
    try store.createConvoy(
        ConvoyFile(name: "c1", title: "Convoy one", teams: ["team-a"], reviewers: ["alice", "bob"], created: t0),
        reviewerKeys: TestKeys.keys(["alice", "bob"]))
    try store.createMolecule(
        name: "m1", convoy: "c1", formula: "sample", variables: [("service", "api")], inputs: [], now: t0)
    return store
}

/// `makeStore`'s workspace with m1's work step finished: its work-review awaits a decision, or is approved by
/// `approver` (signed with the reviewer's test key) when one is given.
func workspaceWithWorkDone(approvedBy approver: String? = nil) throws -> (TempWorkspace, BeadsStore) {
    let ws = try TempWorkspace()
    let store = try makeStore(ws)
    try store.finish("m1", "work", at: t0)
    if let approver { try store.approveWork("m1", by: approver) }
    return (ws, store)
}

extension BeadsStore {
    /// start + complete a step through the state machine, as the CLI does.
    func finish(_ molecule: String, _ step: String, at now: Date) throws {
        _ = try apply(.start(step: step), molecule: molecule, now: now)
        _ = try apply(.complete(step: step), molecule: molecule, now: now)
    }

    /// Another molecule of convoy c1 on the sample formula, beside `makeStore`'s m1.
    func addSampleMolecule(_ name: String) throws {
        try createMolecule(
            name: name, convoy: "c1", formula: "sample", variables: [("service", "api")], inputs: [], now: t0)
    }

    /// `reviewer` approves `molecule`'s work-review (its work step finished), signed with the reviewer's test key.
    func approveWork(_ molecule: String, by reviewer: String, at now: Date = t0 + 60) throws {
        try decide(
            molecule: molecule, checkpoint: "work-review", decision: .approved, reviewer: reviewer, reason: nil,
            returnTo: nil, isAgent: false, signer: TestKeys.signer(reviewer), now: now)
    }
}
