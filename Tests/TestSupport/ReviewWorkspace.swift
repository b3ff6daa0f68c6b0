import Core
import Foundation
import Store

/// A store with convoy "c1" ("Convoy one", reviewer tester): molecule m1 awaits its work-review
/// checkpoint, m2 has not started. Small, so each test builds its own in a few file writes.
public struct ReviewWorkspace {
    public static let formula = Formula(
        name: "review", version: .integer(1),
        steps: [
            FormulaStep(
                id: "work", duration: .seconds(600),
                checkpoint: Checkpoint(id: "work-review", prompt: "Is the work right?", onReject: "work")),
            FormulaStep(id: "ship", duration: .seconds(60)),
        ])
    public static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    public let directory: TemporaryDirectory
    public private(set) var store: BeadsStore
    public var layout: StoreLayout { store.layout }

    public init() throws {
        directory = try TemporaryDirectory(prefix: "gastown-runtime-test")
        try StoreInitializer.initialize(workspace: directory.path)
        store = BeadsStore(layout: StoreLayout(workspace: directory.path), formulas: FixedFormulas([Self.formula]))
        store.clock = TestKeys.lateClock
        try store.createConvoy(
            ConvoyFile(name: "c1", title: "Convoy one", teams: ["team-a"], reviewers: ["tester"], created: Self.t0),
            reviewerKeys: TestKeys.keys(["tester"]))
        for name in ["m1", "m2"] {
            try store.createMolecule(
                name: name, convoy: "c1", formula: "review", variables: [], inputs: [], now: Self.t0)
        }
        _ = try store.apply(.start(step: "work"), molecule: "m1", now: Self.t0)
        _ = try store.apply(.complete(step: "work"), molecule: "m1", now: Self.t0 + 60)
    }

    public func remove() { directory.remove() }

    /// The decision records of a molecule, as text.
    public func decisions(_ molecule: String) -> [String] {
        let folder = layout.checkpointsDirectory("c1", molecule)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.sorted().compactMap { try? String(contentsOfFile: folder + "/" + $0, encoding: .utf8) }
    }
}
