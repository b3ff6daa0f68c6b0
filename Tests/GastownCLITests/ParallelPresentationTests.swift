import Core
import Foundation
import Store
import TestSupport
import Testing

@testable import GastownCLI

/// `convoy show` / `molecule list` name every step a molecule is at when several run at once.
@Suite struct ParallelPresentationTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    static let legs = ["interface", "storage", "threats", "budget", "naming"]
    static let formula = Formula(
        name: "review", type: .convoy,
        steps: legs.map { FormulaStep(id: $0, role: .leg, parallel: true) } + [
            FormulaStep(
                id: "synthesis", needs: legs,
                checkpoint: Checkpoint(id: "merge-ok", prompt: "Merge?", onReject: "synthesis"), role: .synthesis)
        ])

    @Test func everyCurrentStepIsNamedGroupedByStatus() throws {
        let directory = try TemporaryDirectory(prefix: "gastown-parallel")
        defer { directory.remove() }
        try StoreInitializer.initialize(workspace: directory.path)
        let store = BeadsStore(layout: StoreLayout(workspace: directory.path), formulas: FixedFormulas([Self.formula]))
        try store.createConvoy(ConvoyFile(name: "c1", title: "C", reviewers: ["tester"], created: Self.t0))
        try store.createMolecule(name: "m1", convoy: "c1", formula: "review", variables: [], inputs: [], now: Self.t0)
        func current() throws -> String { StorePresentation.currentStep(try store.loadMolecule("m1")) }
        #expect(try current() == "interface, storage, threats +2 (5 ready)")
        try store.start(molecule: "m1", step: "storage", now: Self.t0)
        try store.start(molecule: "m1", step: "threats", now: Self.t0)
        #expect(try current() == "storage, threats (active)")
        for leg in Self.legs where leg != "storage" && leg != "threats" {
            try store.start(molecule: "m1", step: leg, now: Self.t0)
        }
        #expect(try current() == "interface, storage, threats +2 (active)")
        for leg in Self.legs { try store.complete(molecule: "m1", step: leg, now: Self.t0 + 1) }
        #expect(try current() == "synthesis (ready)")
        try store.start(molecule: "m1", step: nil, now: Self.t0 + 2)
        try store.complete(molecule: "m1", step: nil, now: Self.t0 + 3)
        #expect(try current() == "synthesis (awaiting-approval)")
    }
}
