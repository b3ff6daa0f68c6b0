import ArgumentParser
import Dashboard
import Foundation

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Build a sample workspace in a temporary folder and open the dashboard on it.",
        discussion: "The soc2-audit-trail convoy (teams AI Analysis, HolmesAPI, Data Storage, Gateway) on Day 3, with molecules of integration-test-full-validation in every state, a second convoy, and handoff documents. See docs/dashboard.md.")

    @OptionGroup var display: DashboardOptions

    func run() throws {
        let source = InMemorySource(snapshot: SampleWorkspace.snapshot(now: Date(), root: "demo"))
        try DashboardRunner.start(source: source, colors: display.colors)
    }
}
