import Dashboard
import Foundation
import Store
import TestSupport
import Testing

@testable import DashboardRuntime

/// Report texts are read when a report is shown, not when a snapshot is built: the snapshot holds each report's
/// path, the reader shows the file as it is now, and only the few texts shown lately are kept.
@Suite struct ReportTextTests {
    static let reportName = "compliance-triage-report-v2-r1-0123456789ab.md"

    func writeReport(_ text: String, convoy: String, molecule: String, in workspace: ReviewWorkspace) throws {
        let folder = workspace.layout.reportsDirectory(convoy, molecule)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try AtomicFile.write(Array(text.utf8), to: folder + "/" + Self.reportName)
    }

    func report(_ snapshot: WorkspaceSnapshot, convoy: String, molecule: String) throws -> ReportSnapshot {
        try #require(
            snapshot.convoys.first { $0.id == convoy }?.molecules.first { $0.id == molecule }?.reports.first)
    }

    /// The reader shows what the screen would for the report: its lines under the title bar.
    func reader(_ snapshot: WorkspaceSnapshot, convoy: String, molecule: String) -> [String] {
        var state = DashboardState(snapshot: snapshot, loadedAt: ReviewWorkspace.t0)
        state.route = .reader(.report(convoy: convoy, molecule: molecule, name: Self.reportName))
        return Dashboard.render(state, width: 80, height: 24, now: ReviewWorkspace.t0).lines
    }

    @Test func aReportsTextIsReadWhenOpenedAndReflectsAChangedFile() throws {
        let workspace = try ReviewWorkspace()
        defer { workspace.remove() }
        try workspace.store.createConvoy(
            ConvoyFile(name: "c2", title: "Convoy two", reviewers: ["tester"], created: ReviewWorkspace.t0),
            reviewerKeys: TestKeys.keys(["tester"]))
        try workspace.store.createMolecule(
            name: "n1", convoy: "c2", formula: "review", variables: [], inputs: [], now: ReviewWorkspace.t0)
        try writeReport("# First of m1", convoy: "c1", molecule: "m1", in: workspace)
        try writeReport("# Only of n1", convoy: "c2", molecule: "n1", in: workspace)
        let source = StoreSource(
            store: workspace.store, reviewer: "tester", environment: [:], signer: TestKeys.signer("tester"))

        let loaded = source.load(now: ReviewWorkspace.t0)
        // The snapshot holds the path, not the text, and nothing was read to build it.
        #expect(try report(loaded, convoy: "c1", molecule: "m1").text == nil)
        #expect(source.reportTexts.keptPaths.isEmpty)
        #expect(reader(loaded, convoy: "c1", molecule: "m1").contains(" # First of m1"))
        #expect(try loaded.text(of: report(loaded, convoy: "c2", molecule: "n1")) == "# Only of n1")

        // Changed on disk: the report shows the new text, before any reload and after one.
        try writeReport("# Second of m1", convoy: "c1", molecule: "m1", in: workspace)
        #expect(reader(loaded, convoy: "c1", molecule: "m1").contains(" # Second of m1"))
        let path = workspace.layout.reportsDirectory("c1", "m1") + "/" + Self.reportName
        let reloaded = source.reload(changed: [path], now: ReviewWorkspace.t0)
        #expect(reader(reloaded, convoy: "c1", molecule: "m1").contains(" # Second of m1"))
        #expect(try reloaded.text(of: report(reloaded, convoy: "c2", molecule: "n1")) == "# Only of n1")

        // Gone: the reader says so instead of showing what it read before.
        try FileManager.default.removeItem(atPath: path)
        #expect(reader(reloaded, convoy: "c1", molecule: "m1").contains { $0.contains("(could not read") })
    }

    @Test func onlyTheTextsShownLatelyAreKept() throws {
        let directory = try TemporaryDirectory(prefix: "gastown-report-texts")
        defer { directory.remove() }
        let paths = (1...3).map { directory.path + "/r\($0).md" }
        for (number, path) in paths.enumerated() { try AtomicFile.write(Array("report \(number)".utf8), to: path) }
        let texts = ReportTexts(limit: 2)
        #expect(paths.map(texts.text(at:)) == ["report 0", "report 1", "report 2"])
        #expect(texts.keptPaths == [paths[1], paths[2]])
        // Asking again for a kept one makes it the most recent; the oldest goes when another is read.
        #expect(texts.text(at: paths[1]) == "report 1")
        #expect(texts.text(at: paths[0]) == "report 0")
        #expect(texts.keptPaths == [paths[1], paths[0]])
    }
}
