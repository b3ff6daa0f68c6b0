import Foundation
import TOML
import Testing

@testable import Store

/// Every rewrite of a store file edits it in place; a new file is written in the canonical style.
@Suite struct RewriteTests {
    // MARK: - The writer

    @Test func aNewFileIsTheHeaderThenTheCanonicalText() {
        let table: TOMLTable = ["title": "T", "day": 2, "t": ["k": "v"]]
        let bytes = TOMLFileWriter.bytes(for: table, header: "# head\n", replacing: nil)
        #expect(String(decoding: bytes, as: UTF8.self) == "# head\ntitle = \"T\"\nday = 2\n\n[t]\nk = \"v\"\n")
    }

    @Test func aRewriteEditsOnlyTheChanges() {
        let text = "# mine\ntitle = 'T'   # kept\nextra = 1 # unknown\nday = 2\n"
        let previous = TOMLFileWriter.Previous(bytes: Array(text.utf8), values: ["title": "T", "day": 2])
        let bytes = TOMLFileWriter.bytes(for: ["title": "T", "day": 3], header: "# head\n", replacing: previous)
        #expect(
            String(decoding: bytes, as: UTF8.self) == "# mine\ntitle = 'T'   # kept\nextra = 1 # unknown\nday = 3\n")
    }

    @Test func aPreviousFileThatDoesNotParseIsReplacedByTheCanonicalText() {
        let previous = TOMLFileWriter.Previous(bytes: Array("day = [".utf8), values: ["day": 2])
        let bytes = TOMLFileWriter.bytes(for: ["day": 3], header: "# head\n", replacing: previous)
        #expect(String(decoding: bytes, as: UTF8.self) == "# head\nday = 3\n")
    }

    @Test func onlyChangedKeysAreCheckedAfterARewrite() throws {
        // The file writes `at` in another offset than the model: unchanged, so not compared.
        let written = try TOMLParser.parse("at = 2026-11-21T17:40:00+02:00\nday = 3\nkept = 1\n")
        let at = TOMLValue.offsetDateTime(
            OffsetDateTime(
                date: LocalDate(year: 2026, month: 11, day: 21), time: LocalTime(hour: 15, minute: 40), offsetMinutes: 0
            ))
        #expect(TOMLFileWriter.holdsChanges(written, from: ["at": at, "day": 2], to: ["at": at, "day": 3]))
        #expect(!TOMLFileWriter.holdsChanges(written, from: ["at": at, "day": 2], to: ["at": at, "day": 4]))
        #expect(!TOMLFileWriter.holdsChanges(written, from: ["kept": 1], to: [:]))
    }

    // MARK: - Store files

    @Test func aMoleculeRewriteKeepsCommentsAndUnknownKeys() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        let store = try makeStore(ws)
        let relative = ".beads/convoys/c1/molecules/m1/molecule.toml"
        let created = try #require(ws.read(relative))
        #expect(created.hasPrefix("# gastown molecule (format: docs/store.md)"))
        try ws.write(
            relative,
            created.replacingOccurrences(of: "\nrevision = 1\n", with: "\n# by hand\nrevision = 1 # r\nnote = \"x\"\n"))
        _ = try store.apply(.start(step: "work"), molecule: "m1", now: t0.addingTimeInterval(60))
        let rewritten = try #require(ws.read(relative))
        #expect(rewritten.contains("\n# by hand\nrevision = 2 # r\nnote = \"x\"\n"))
        #expect(rewritten.contains("[steps.work]\nstatus = \"active\"\nattempt = 1\nstarted = "))
    }

    @Test func aCreatedMoleculeIsTheSameWhateverOrderItsVariablesCameIn() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        let store = try makeStore(ws)
        try store.createMolecule(
            name: "m2", convoy: "c1", formula: "sample", variables: [("tier", "silver"), ("service", "api")],
            inputs: [], now: t0)
        try store.createMolecule(
            name: "m3", convoy: "c1", formula: "sample", variables: [("service", "api"), ("tier", "silver")],
            inputs: [], now: t0)
        let m2 = try #require(ws.read(".beads/convoys/c1/molecules/m2/molecule.toml"))
        let m3 = try #require(ws.read(".beads/convoys/c1/molecules/m3/molecule.toml"))
        #expect(m2.replacingOccurrences(of: "\"m2\"", with: "\"m3\"") == m3)
        #expect(m2.contains("[variables]\nservice = \"api\"\ntier = \"silver\"\n"))
    }

    @Test func readMarksAppendToTheArrayAndKeepTheRest() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        let marks = MailReadMarks(layout: ws.layout)
        let relative = ".beads/mail/.read/alice.toml"
        try ws.write(
            relative, "# alice's marks\nreader = \"alice\"\nread = [\n  \"b\", # the b one\n]\nseen_on = \"laptop\"\n")
        try marks.markRead(["c", "a", "b"], reader: "alice")
        #expect(
            ws.read(relative)
                == "# alice's marks\nreader = \"alice\"\nread = [\n  \"b\", # the b one\n  \"a\",\n  \"c\",\n]\nseen_on = \"laptop\"\n"
        )
        #expect(try marks.readIDs(reader: "alice") == ["a", "b", "c"])
    }

    @Test func newReadMarksAreCanonical() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        try MailReadMarks(layout: ws.layout).markRead(["b", "a"], reader: "bob")
        #expect(
            ws.read(".beads/mail/.read/bob.toml")
                == "# Messages this reader has read (written by `gastown mail read`).\nreader = \"bob\"\nread = [\"a\", \"b\"]\n"
        )
    }

    @Test func theWorkspaceConfigKeepsWhatWasWrittenByHand() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        try ws.write(".beads/config.toml", "# ours\nsigning = \"required\"   # decided in the kickoff\nteam = \"x\"\n")
        var (config, problems) = WorkspaceConfig.load(ws.layout)
        #expect(problems.isEmpty)
        config.signing = .unsigned
        try config.write(ws.layout)
        #expect(
            ws.read(".beads/config.toml") == "# ours\nsigning = \"unsigned\"   # decided in the kickoff\nteam = \"x\"\n"
        )
    }

    @Test func theTrustStoreKeepsCommentsWhenAPinIsAdded() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        let trust = TrustStore(directory: ws.path + "/trust")
        try trust.update(ws.layout) { $0.signing = .required }
        let file = try String(contentsOfFile: trust.file, encoding: .utf8)
        try (file + "# checked with the lead\n").write(toFile: trust.file, atomically: true, encoding: .utf8)
        try trust.update(ws.layout) { $0.genesis["c1"] = "abc" }
        let after = try String(contentsOfFile: trust.file, encoding: .utf8)
        #expect(after.hasPrefix(file))
        #expect(after.contains("# checked with the lead\n"))
        #expect(try trust.pins(for: ws.layout).genesis == ["c1": "abc"])
    }
}
