import Foundation
import Screen
import Testing

@testable import Dashboard

/// Snapshots carry report paths; the text is asked of the snapshot's `ReportTextSource` only where a report is
/// shown: the reader, `$PAGER`, and the box beside a compliance decision.
@Suite struct ReportTextSourceTests {
    /// Texts by path, counting what was asked.
    final class Files: ReportTextSource, @unchecked Sendable {
        private let lock = NSLock()
        private var texts: [String: String]
        private(set) var asked: [String] = []
        init(_ texts: [String: String]) { self.texts = texts }
        func text(at path: String) -> String {
            lock.withLock {
                asked.append(path)
                return texts[path] ?? "(could not read \(path))"
            }
        }
        func write(_ text: String, at path: String) { lock.withLock { texts[path] = text } }
    }

    static let name = "compliance-r3-0123456789ab.md"

    /// Beta awaits its compliance checkpoint; its report is on "disk" only.
    func state(_ files: Files) -> DashboardState {
        var beta = Fixture.beta
        beta.steps[1].checkpoint = CheckpointInfo(id: "compliance-checkpoint", prompt: "Sign off?", onReject: "a")
        beta.reports = [ReportSnapshot(name: Self.name, path: "/r/" + Self.name)]
        var snapshot = WorkspaceSnapshot(
            root: "/w", convoys: [ConvoySnapshot(id: "soc2", title: "SOC2", teams: [], molecules: [beta])])
        snapshot.reportTexts = files
        var state = Fixture.state(snapshot)
        state = Dashboard.update(state, .resized(width: 80, height: 24)).0
        return state
    }

    @Test func listsAndTheMoleculeViewReadNoReport() {
        let files = Files(["/r/" + Self.name: "# Report\n\nbody"])
        var state = state(files)
        _ = Fixture.lines(state)
        (state, _) = Fixture.press([.enter, .enter], state)
        #expect(state.route == .molecule(convoy: "soc2", molecule: "beta"))
        let lines = Fixture.lines(state, 120, 40)
        #expect(lines.contains { $0.contains(Self.name) })
        (state, _) = Fixture.press([.tab], state)
        _ = Fixture.lines(state)
        #expect(files.asked.isEmpty)
    }

    @Test func theReaderReadsTheReportAsItIsNow() {
        let files = Files(["/r/" + Self.name: "# Report\n\nfirst body"])
        var state = state(files)
        state.route = .molecule(convoy: "soc2", molecule: "beta")
        (state, _) = Fixture.press([.character("v")], state)
        #expect(state.route == .reader(.report(convoy: "soc2", molecule: "beta", name: Self.name)))
        #expect(Fixture.lines(state).contains(" first body"))
        #expect(Set(files.asked) == ["/r/" + Self.name])
        files.write("# Report\n\nsecond body", at: "/r/" + Self.name)
        #expect(Fixture.lines(state).contains(" second body"))
        let (_, effects) = Fixture.press([.character("o")], state)
        #expect(effects == [.page(title: Self.name, lines: ["# Report", "", "second body"])])
    }

    @Test func theBoxBesideAComplianceDecisionReadsTheReport() {
        let files = Files(["/r/" + Self.name: "# Report\n\n## 1. Executive Summary\n\n- **Status**: IN PROGRESS\n"])
        var state = state(files)
        state.route = .approvals
        state.tab = .approvals
        (state, _) = Fixture.press([.character("a")], state)
        let text = Fixture.lines(state).joined(separator: "\n")
        #expect(text.contains("latest report: " + Self.name), "\(text)")
        #expect(text.contains("Status: IN PROGRESS"), "\(text)")
        #expect(Set(files.asked) == ["/r/" + Self.name])
    }
}
