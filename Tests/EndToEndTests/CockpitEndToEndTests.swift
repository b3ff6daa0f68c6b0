import Foundation
import TestSupport
import Testing

/// The cockpit on the real binary in tmux: `$PAGER` and `$EDITOR` lent the terminal and back, search, back and
/// forward, the reject form keeping its text, OSC 52 into tmux's buffer, a raw SGR mouse report, Ctrl-Z and `fg`.
/// In the dashboard suite: one demo template for both, removed when the suite is over.
extension DashboardEndToEndTests {
    /// The dashboard on the demo at 120×40 as reviewer tester, once its queue shows.
    static func dashboard(_ demo: DemoDirectory, environment: [String: String] = [:]) throws -> TmuxSession {
        let session = try TmuxSession(
            "\(binary) dash --root \(demo.path)", width: 120, height: 40,
            environment: ["GASTOWN_REVIEWER": "tester"].merging(environment) { $1 })
        try session.waitFor(text: "Approvals (3)")
        return session
    }

    /// A fake program: records its arguments in `log`, runs `body`, exits 0.
    static func fakeProgram(_ name: String, in demo: DemoDirectory, body: String) throws -> (path: String, log: String)
    {
        let path = demo.path + "/" + name + ".sh"
        let log = demo.path + "/" + name + ".log"
        try ("#!/bin/sh\necho \"$@\" >> '" + log + "'\n" + body + "\nexit 0\n").write(
            toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o755)
        return (path, log)
    }

    @Test func thePagerGetsTheReportAndTheDashboardComesBack() throws {
        let demo = try DemoDirectory()
        let copy = demo.path + "/paged.txt"
        let pager = try Self.fakeProgram("pager", in: demo, body: "cp \"$1\" '" + copy + "'")
        let session = try Self.dashboard(demo, environment: ["PAGER": pager.path])
        try session.press("Tab", "j", "Enter", "v")
        try session.waitFor(text: "compliance-triage-report-v2-r")
        try session.press("o")
        try session.waitFor("the pager ran") { _ in FileManager.default.fileExists(atPath: copy) }
        let screen = try session.waitFor(text: "lines")
        #expect(screen[0].contains("compliance-triage-report-v2-r"))
        let arguments = try String(contentsOfFile: pager.log, encoding: .utf8)
        #expect(arguments.hasSuffix(".md.txt\n"))
        let text = try String(contentsOfFile: copy, encoding: .utf8)
        #expect(text.contains("Recommendation"))
        #expect(!text.contains("\u{1B}"))
        try session.press("q")
    }

    @Test func theEditorsCopyIsWrittenBack() throws {
        let demo = try DemoDirectory()
        let editor = try Self.fakeProgram("editor", in: demo, body: "printf '# checked by hand\\n' >> \"$1\"")
        let session = try Self.dashboard(demo, environment: ["EDITOR": editor.path])
        try session.press("Tab", "Enter", "e")
        try session.waitFor(text: "day3-rr-reconstruction-validation written back (revision")
        let file =
            "\(demo.path)/.beads/convoys/soc2-audit-trail/molecules/day3-rr-reconstruction-validation/molecule.toml"
        #expect(try String(contentsOfFile: file, encoding: .utf8).hasSuffix("# checked by hand\n"))
        #expect(try String(contentsOfFile: editor.log, encoding: .utf8).hasSuffix("/molecule.toml\n"))
        try session.press("q")
    }

    @Test func searchInTheReaderAndBackAndForward() throws {
        let demo = try DemoDirectory()
        let session = try Self.dashboard(demo)
        try session.press("Tab", "j", "Enter", "v")
        try session.waitFor(text: "compliance-triage-report-v2-r")
        try session.press("/")
        try session.type("finding")
        try session.press("Enter")
        try session.waitFor(text: "/finding: match 1 of")
        try session.press("n")
        try session.waitFor(text: "/finding: match 2 of")
        // Back to the molecule, back to the queue, forward to the molecule again.
        try session.press("[")
        try session.waitFor("the molecule") { $0[0].contains("› day3-audit-event-schema-compliance") }
        try session.press("C-o")
        try session.waitFor(text: "[Approvals (3)]")
        try session.press("]")
        try session.waitFor("the molecule again") { $0[0].contains("› day3-audit-event-schema-compliance") }
        try session.press("]")
        try session.waitFor("the report again") { $0[0].contains("compliance-triage-report-v2-r") }
        try session.press("q")
    }

    @Test func theRejectFormKeepsItsTextOnEscAndOnARefusal() throws {
        let demo = try DemoDirectory()
        let session = try Self.dashboard(demo)
        try session.press("Tab", "r")
        try session.waitFor(text: "Reject test-validation-checkpoint")
        try session.type("needs work")
        try session.press("Escape")
        try session.waitFor(text: "Discard the reason? y/n")
        try session.press("n")
        try session.waitFor(text: "Reason:    needs work")
        // Meanwhile the checkpoint is approved from the command line: sending the rejection is refused.
        let (status, output) = try runGastown(
            [
                "checkpoint", "approve", "day3-rr-reconstruction-validation", "test-validation-checkpoint", "--root",
                demo.path,
            ], environment: ["GASTOWN_REVIEWER": "tester"])
        #expect(status == 0, "\(output)")
        try session.waitFor(text: "Approvals (2)")
        try session.press("Enter")
        let refused = try session.waitFor(text: "✗ ")
        #expect(refused.contains { $0.contains("Reason:    needs work") })
        #expect(refused.contains { $0.contains("Reject test-validation-checkpoint") })
        try session.press("Escape", "y", "q")
    }

    @Test func yCopiesTheIDIntoTmuxsBufferWithOSC52() throws {
        let demo = try DemoDirectory()
        let session = try Self.dashboard(demo)
        try TmuxSession.tmux(["set-option", "-s", "set-clipboard", "on"])
        try session.press("y")
        try session.waitFor(text: "Copied dynamic-toolset")
        try session.waitFor("tmux's buffer") { _ in
            (try? TmuxSession.tmux(["show-buffer"])) == "dynamic-toolset"
        }
        try session.press("q")
    }

    @Test func aRawSGRMouseClickOnATabSwitchesToIt() throws {
        let demo = try DemoDirectory()
        let session = try Self.dashboard(demo)
        // ESC [ < 0 ; 26 ; 1 M: the left button pressed at column 26, row 1 (1-based): the Approvals tab.
        let report = Array("\u{1B}[<0;26;1M".utf8).map { String(format: "%02x", $0) }
        try TmuxSession.tmux(["send-keys", "-t", session.name, "-H"] + report)
        try session.waitFor(text: "[Approvals (3)]")
        try session.press("q")
    }

    @Test func controlZSuspendsToTheShellAndFgRestoresTheScreen() throws {
        let demo = try DemoDirectory()
        let session = try TmuxSession(
            "PS1='$ ' exec bash --norc --noprofile -i", environment: ["GASTOWN_REVIEWER": "tester"])
        try session.waitFor(text: "$")
        try session.type("\(Self.binary) dash --root \(demo.path)")
        try session.press("Enter")
        try session.waitFor(text: "SOC2 Audit Trail")
        try session.press("C-z")
        try session.waitFor(text: "Stopped")
        try session.type("fg")
        try session.press("Enter")
        try session.waitFor("the dashboard again") {
            $0.first?.contains("[Convoys]") == true && $0.contains { $0.contains("SOC2 Audit Trail") }
        }
        try session.press("q")
        try session.waitFor(text: "$")
    }
}
