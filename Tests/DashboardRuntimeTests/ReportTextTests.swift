import Dashboard
import Foundation
import Store
import TestSupport
import Testing

@testable import DashboardRuntime

/// Report texts are read when a convoy's row is built: a reload after one molecule changed shows its new
/// report text and keeps every other convoy's texts as they were shown.
@Suite struct ReportTextTests {
    static let reportName = "compliance-triage-report-v2-r1-0123456789ab.md"

    func writeReport(_ text: String, convoy: String, molecule: String, in workspace: ReviewWorkspace) throws {
        let folder = workspace.layout.reportsDirectory(convoy, molecule)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try AtomicFile.write(Array(text.utf8), to: folder + "/" + Self.reportName)
    }

    func reportText(_ snapshot: WorkspaceSnapshot, convoy: String, molecule: String) -> String? {
        snapshot.convoys.first { $0.id == convoy }?.molecules.first { $0.id == molecule }?.reports.first?.text
    }

    @Test func aReloadReadsTheChangedMoleculesReportAndKeepsTheOthers() throws {
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
        #expect(reportText(loaded, convoy: "c1", molecule: "m1") == "# First of m1")
        #expect(reportText(loaded, convoy: "c2", molecule: "n1") == "# Only of n1")

        try writeReport("# Second of m1", convoy: "c1", molecule: "m1", in: workspace)
        // Not among the changed paths: convoy c2's row is kept as built, its report not read again (the watcher
        // names every changed file, and only c1's rows are rebuilt).
        try writeReport("# Unannounced", convoy: "c2", molecule: "n1", in: workspace)
        let path = workspace.layout.reportsDirectory("c1", "m1") + "/" + Self.reportName
        let reloaded = source.reload(changed: [path], now: ReviewWorkspace.t0)
        #expect(reportText(reloaded, convoy: "c1", molecule: "m1") == "# Second of m1")
        #expect(reportText(reloaded, convoy: "c2", molecule: "n1") == "# Only of n1")
    }
}
