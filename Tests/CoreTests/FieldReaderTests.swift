import Core
import TOML
import Testing

/// The one typed field reader: every problem at once, each naming file:line:column, the field by its full
/// path and what was expected.
@Suite struct FieldReaderTests {
    func reader(_ text: String) throws -> FieldReader {
        FieldReader(try TOMLParser.parse(text, file: "x.toml"), file: "x.toml")
    }

    @Test func wrongTypesNameTheFieldAndWhatWasExpected() throws {
        let r = try reader("title = 3\ndone = \"no\"\nsize = 1.5\ntags = [\"a\", 2]\nwhen = 2026-01-01\n")
        #expect(r.string("title") == nil)
        #expect(r.bool("done") == nil)
        #expect(r.integer("size") == nil)
        #expect(r.strings("tags")?.map(\.0) == ["a"])
        #expect(r.offsetDateTime("when") == nil)
        #expect(
            r.diagnostics.map(\.description) == [
                "x.toml:1:9: error: title: expected a string, found integer",
                "x.toml:2:8: error: done: expected true or false, found string",
                "x.toml:3:8: error: size: expected an integer, found float",
                "x.toml:4:14: error: tags[1]: expected a string, found integer",
                "x.toml:5:8: error: when: expected an offset date-time such as 2026-11-21T15:40:00Z, found date-local",
            ])
    }

    @Test func valuesOutsideTheirRangeOrChoicesAreRefused() throws {
        let r = try reader("attempt = 0\nday = 9999999999\nstatus = \"urgent\\u001b[2J\"\n")
        #expect(r.integer("attempt", minimum: 1) == nil)
        #expect(r.integer("day") == nil)
        #expect(r.oneOf("status", ["open", "closed"]) == nil)
        #expect(
            r.diagnostics.map(\.description) == [
                "x.toml:1:11: error: attempt: expected an integer ≥ 1, found 0",
                "x.toml:2:7: error: day: expected an integer ≥ 0, found 9999999999",
                #"x.toml:3:10: error: status: expected one of open, closed, found "urgent␛[2J""#,
            ])
    }

    @Test func missingKeysNameTheirFullPath() throws {
        let r = try reader("[steps.build]\nattempt = 2\n")
        #expect(r.string("title", required: true) == nil)
        let steps = r.subtables("steps")
        #expect(steps.map(\.key) == ["build"])
        let build = try #require(steps.first?.reader)
        #expect(build.oneOf("status", ["pending", "active"], required: true) == nil)
        #expect(build.integer("attempt", minimum: 1) == 2)
        #expect(
            r.diagnostics.map(\.description) == [
                #"x.toml:1:1: error: missing required key "title" (a string)"#,
                #"x.toml:1:1: error: missing required key "steps.build.status" (one of pending, active)"#,
            ])
    }

    @Test func tablesInsideATableAreReadWithTheirPaths() throws {
        let r = try reader("[steps]\nbad = 3\n[steps.ok]\nattempt = \"x\"\n[vars]\na = \"1\"\nb = true\n")
        let steps = r.subtables("steps")
        #expect(steps.map(\.key) == ["ok"])
        #expect(steps[0].reader.integer("attempt") == nil)
        #expect(r.subvalues("vars", expected: "a string", \.stringValue).map(\.key) == ["a"])
        #expect(
            r.diagnostics.map(\.description) == [
                "x.toml:2:7: error: steps.bad: expected a table, found integer",
                "x.toml:4:11: error: steps.ok.attempt: expected an integer, found string",
                "x.toml:7:5: error: vars.b: expected a string, found bool",
            ])
    }

    @Test func unknownKeysAreKeptAndReportedAsWarnings() throws {
        let r = try reader("known = \"a\"\nloop = { max = 3 }\n")
        _ = r.string("known")
        let unknown = r.unknownKeys()
        #expect(unknown.map(\.path) == ["loop"])
        #expect(
            r.diagnostics.map(\.description) == [
                #"x.toml:2:1: warning: unknown key "loop": not supported by gastown; kept as is"#
            ])
        #expect(!r.hasErrors)
    }
}
