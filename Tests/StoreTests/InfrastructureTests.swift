import Core
import Foundation
import Testing

@testable import Store

@Suite struct AtomicFileTests {
    @Test func writeReplacesTheWholeFileAndLeavesNoTemporaries() throws {
        let ws = try TempWorkspace(initialize: false)
        defer { ws.cleanup() }
        let path = ws.path + "/f.toml"
        try AtomicFile.write("first", to: path)
        try AtomicFile.write("second, longer", to: path)
        #expect(ws.read("f.toml") == "second, longer")
        #expect(try FileManager.default.contentsOfDirectory(atPath: ws.path) == ["f.toml"])
    }

    @Test func createNeverOverwrites() throws {
        let ws = try TempWorkspace(initialize: false)
        defer { ws.cleanup() }
        let path = ws.path + "/once"
        #expect(try AtomicFile.create(Array("a".utf8), at: path))
        #expect(try AtomicFile.create(Array("b".utf8), at: path) == false)
        #expect(ws.read("once") == "a")
        #expect(try FileManager.default.contentsOfDirectory(atPath: ws.path) == ["once"])
    }

    @Test func readingAMissingFileIsNil() throws {
        #expect(try AtomicFile.read("/nonexistent/dir/file") == nil)
    }

    @Test func writingIntoAMissingDirectoryFailsWithThePath() throws {
        #expect {
            try AtomicFile.write("x", to: "/nonexistent-gastown-dir/file")
        } throws: { ($0 as? StoreError)?.message.contains("/nonexistent-gastown-dir") == true }
    }
}

@Suite struct FileLockTests {
    @Test func aHeldLockTimesOutWithAClearError() throws {
        let ws = try TempWorkspace(initialize: false)
        defer { ws.cleanup() }
        let lock = ws.path + "/.lock"
        _ = try FileLock.withLock(lock) { () throws(StoreError) in
            // flock is per open file: a second open in this process contends like another process.
            #expect {
                try FileLock.withLock(lock, timeout: 0.05) { () throws(StoreError) in }
            } throws: { ($0 as? StoreError)?.kind == .lockTimeout }
        }
    }

    @Test func theLockIsReleasedWhenTheBodyThrows() throws {
        let ws = try TempWorkspace(initialize: false)
        defer { ws.cleanup() }
        let lock = ws.path + "/.lock"
        #expect(throws: StoreError.self) {
            try FileLock.withLock(lock) { () throws(StoreError) in throw StoreError(.io, "boom") }
        }
        let value = try FileLock.withLock(lock, timeout: 0.05) { () throws(StoreError) in 42 }
        #expect(value == 42)
    }
}

@Suite struct NameValidationTests {
    @Test(arguments: [
        "", "..", "a/b", "../etc", ".hidden", "-flag", "a..b", "tab\there", "nul\u{0}", "esc\u{1b}[31m",
        String(repeating: "x", count: 65), "back\\slash", "sp ace", "semi;colon",
    ])
    func badNamesAreRejectedNamingTheField(name: String) {
        #expect {
            try NameValidation.validate(name, field: "convoy name")
        } throws: { error in
            guard let error = error as? StoreError else { return false }
            return error.kind == .invalidInput && error.message.hasPrefix("invalid convoy name")
                && !error.message.contains("\u{1b}") && (!name.contains("\u{1b}") || error.message.contains("␛"))
        }
    }

    @Test(arguments: ["soc2-audit-trail", "day3_soc2.v2", "a", String(repeating: "x", count: 64), "équipe"])
    func goodNamesPass(name: String) throws {
        try NameValidation.validate(name, field: "molecule name")
    }
}

@Suite struct DiscoveryTests {
    @Test func walksUpToTheNearestBeadsDirectory() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        try FileManager.default.createDirectory(atPath: ws.path + "/src/deep", withIntermediateDirectories: true)
        let layout = try StoreDiscovery.locate(
            explicitRoot: nil, environment: [:], currentDirectory: ws.path + "/src/deep")
        #expect(layout.workspace == ws.path)
    }

    @Test func rootOptionBeatsEnvironmentWhichBeatsTheWorkingDirectory() throws {
        let a = try TempWorkspace()
        let b = try TempWorkspace()
        defer {
            a.cleanup()
            b.cleanup()
        }
        let viaEnv = try StoreDiscovery.locate(
            explicitRoot: nil, environment: ["GASTOWN_ROOT": b.path], currentDirectory: a.path)
        #expect(viaEnv.workspace == b.path)
        let viaFlag = try StoreDiscovery.locate(
            explicitRoot: a.path + "/.beads", environment: ["GASTOWN_ROOT": b.path], currentDirectory: b.path)
        #expect(viaFlag.workspace == a.path)
    }

    @Test func outsideAnyWorkspaceIsAClearError() throws {
        let ws = try TempWorkspace(initialize: false)
        defer { ws.cleanup() }
        #expect {
            _ = try StoreDiscovery.locate(explicitRoot: nil, environment: [:], currentDirectory: ws.path)
        } throws: { ($0 as? StoreError)?.message.contains("gastown init") == true }
    }

    @Test func initCreatesTheSeedTreeAndIsIdempotent() throws {
        let ws = try TempWorkspace(initialize: false)
        defer { ws.cleanup() }
        let created = try StoreInitializer.initialize(workspace: ws.path)
        #expect(created.count == 5)
        for dir in ["formulas", "templates", "convoys", "mail"] {
            #expect(StoreDiscovery.isDirectory(ws.path + "/.beads/" + dir))
        }
        #expect(try StoreInitializer.initialize(workspace: ws.path).isEmpty)
    }
}

@Suite struct InputPathTests {
    @Test func insidePathsAreStoredRelative() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        try ws.write("docs/a.md", "x")
        let stored = try InputPaths.contain(
            "../docs/a.md", layout: ws.layout, currentDirectory: ws.path + "/.beads", allowOutside: false)
        #expect(stored == "docs/a.md")
    }

    @Test func escapingPathsAreRejectedUnlessAllowed() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        #expect {
            _ = try InputPaths.contain(
                "../../etc/passwd", layout: ws.layout, currentDirectory: ws.path, allowOutside: false)
        } throws: { ($0 as? StoreError)?.message.contains("outside the workspace") == true }
        let allowed = try InputPaths.contain(
            "/etc/passwd", layout: ws.layout, currentDirectory: ws.path, allowOutside: true)
        #expect(allowed == "/etc/passwd")
    }

    @Test func aSymlinkPointingOutCountsAsOutside() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        try FileManager.default.createSymbolicLink(atPath: ws.path + "/link", withDestinationPath: "/etc")
        #expect(throws: StoreError.self) {
            _ = try InputPaths.contain("link/passwd", layout: ws.layout, currentDirectory: ws.path, allowOutside: false)
        }
    }
}

@Suite struct IdentityTests {
    @Test func precedenceIsFlagEnvironmentGitLogin() throws {
        let git = { () -> String? in "Alice  Smith" }
        let login = { () -> String? in "root" }
        #expect(
            try ReviewerIdentity.resolve(
                explicit: "bob", environment: ["GASTOWN_REVIEWER": "carol"], gitUserName: git, loginName: login
            ).name == "bob")
        #expect(
            try ReviewerIdentity.resolve(
                explicit: nil, environment: ["GASTOWN_REVIEWER": "carol"], gitUserName: git, loginName: login
            ).name == "carol")
        #expect(
            try ReviewerIdentity.resolve(explicit: nil, environment: [:], gitUserName: git, loginName: login).name
                == "alice-smith")
        #expect(
            try ReviewerIdentity.resolve(explicit: nil, environment: [:], gitUserName: { nil }, loginName: login).source
                == "login name")
    }

    @Test func aBadExplicitReviewerIsRejected() {
        #expect(throws: StoreError.self) {
            _ = try ReviewerIdentity.resolve(
                explicit: "../x", environment: [:], gitUserName: { nil }, loginName: { nil })
        }
    }

    @Test func agentsAreRecognized() {
        #expect(ReviewerIdentity.isAgent(environment: ["GASTOWN_AGENT": "polecat-3"]))
        #expect(!ReviewerIdentity.isAgent(environment: [:]))
    }
}

@Suite struct TimestampTests {
    @Test func roundTripsToTheMillisecond() {
        let date = Date(timeIntervalSince1970: 1_763_739_600.123)
        #expect(Timestamp.text(date) == "2025-11-21T15:40:00.123Z")
        #expect(abs(Timestamp.date(Timestamp.toml(date)).timeIntervalSince(date)) < 0.001)
        #expect(Timestamp.compact(date) == "20251121T154000123Z")
    }

    @Test func compactNamesPadEveryFieldAndMatchTheTextForm() {
        // Year 989 (padded to four digits), single-digit fields, the last millisecond of a century, the epoch.
        let early = Date(timeIntervalSince1970: -30_957_195_355 + 0.006)
        #expect(Timestamp.text(early) == "0989-01-02T03:04:05.006Z")
        #expect(Timestamp.compact(early) == "09890102T030405006Z")
        let late = Date(timeIntervalSince1970: 4_102_444_799.999)
        #expect(Timestamp.compact(late) == "20991231T235959999Z")
        #expect(Timestamp.compact(Date(timeIntervalSince1970: 0)) == "19700101T000000000Z")
    }
}

@Suite struct JUnitTests {
    @Test func countsPassedFailedErroredAndSkippedCasesAndNamesThoseThatDidNotPass() throws {
        let xml = """
            <?xml version="1.0"?>
            <testsuites><testsuite name="s">
              <testcase name="a"/><testcase classname="pkg.T" name="b"><failure message="x"/></testcase>
              <testcase name="c"><error>boom
            twice</error></testcase><testcase name="d"><skipped message="later"/></testcase>
              <testcase name="e"></testcase><testcase name="f"><skipped/><failure message="y"/></testcase>
            </testsuite></testsuites>
            """
        let parsed = try JUnitReport.parse(Data(xml.utf8), file: "r.xml")
        #expect(parsed.counts == TestCounts(passed: 2, failed: 3, skipped: 1))
        #expect(parsed.failures.map(\.name) == ["pkg.T.b", "c", "f"])
        #expect(parsed.failures.map(\.message) == ["x", "boom␤twice", "y"])
        #expect(parsed.skipped == [GateEvidence.TestCase(name: "d", file: "r.xml", message: "later")])
    }

    @Test func listsAtMostTheCapButCountsEveryCase() throws {
        let cases = (0..<150).map { "<testcase name=\"t\($0)\"><failure/></testcase>" }.joined()
        let parsed = try JUnitReport.parse(Data("<testsuite>\(cases)</testsuite>".utf8), file: "r.xml")
        #expect(parsed.counts.failed == 150)
        #expect(parsed.failures.count == JUnitReport.maximumListedCases)
        #expect(parsed.failures.last?.name == "t99")
    }

    @Test func malformedXMLIsAPositionedError() {
        #expect {
            _ = try JUnitReport.parse(Data("<testsuite><testcase>".utf8), file: "bad.xml")
        } throws: { ($0 as? StoreError)?.message.hasPrefix("bad.xml:1:") == true }
        #expect {
            _ = try JUnitReport.parse(Data("<html><body/></html>".utf8), file: "page.xml")
        } throws: {
            ($0 as? StoreError)?.message == "page.xml: not a JUnit XML report: no <testsuite> or <testcase> element"
        }
    }

    @Test func onlyARegularFileWithinTheSizeLimitIsRead() throws {
        let ws = try TempWorkspace(initialize: false)
        defer { ws.cleanup() }
        func message(_ path: String) -> String? {
            do throws(StoreError) {
                _ = try JUnitReport.read(path: ws.path + "/" + path, displayName: path)
                return nil
            } catch {
                return error.message
            }
        }
        #expect(message("missing.xml") == "cannot read JUnit report missing.xml: No such file or directory")
        try FileManager.default.createDirectory(atPath: ws.path + "/dir.xml", withIntermediateDirectories: false)
        #expect(message("dir.xml") == "JUnit report dir.xml is not a regular file")
        #expect(mkfifo(ws.path + "/fifo.xml", 0o600) == 0)
        #expect(message("fifo.xml") == "JUnit report fifo.xml is not a regular file")  // And it did not block.
        let big = ws.path + "/big.xml"
        #expect(FileManager.default.createFile(atPath: big, contents: nil))
        #expect(truncate(big, off_t(JUnitReport.maximumFileBytes + 1)) == 0)  // Sparse: no disk used.
        #expect(message("big.xml") == "JUnit report big.xml is 67108865 bytes, more than the 64 MiB limit")
        try "<testsuite><testcase name=\"a\"/></testsuite>".write(
            toFile: ws.path + "/ok.xml", atomically: true, encoding: .utf8)
        #expect(try JUnitReport.read(path: ws.path + "/ok.xml", displayName: "ok.xml").counts.passed == 1)
    }
}
