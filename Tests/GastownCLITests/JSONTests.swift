import Testing

@testable import GastownCLI

/// `--json` output: stable key order and indentation for scripts, and nothing a terminal would obey.
@Suite struct JSONTests {
    @Test func objectsKeepTheirKeyOrderAndNestWithTwoSpaces() {
        let value = JSON.object([
            ("zeta", .integer(1)), ("alpha", .array([.bool(true), .null])), ("mid", .object([("k", .string("v"))])),
        ])
        #expect(
            value.rendered() == """
                {
                  "zeta": 1,
                  "alpha": [
                    true,
                    null
                  ],
                  "mid": {
                    "k": "v"
                  }
                }
                """)
    }

    @Test func emptyContainersStayOnOneLine() {
        #expect(JSON.object([("a", .array([])), ("o", .object([]))]).rendered() == "{\n  \"a\": [],\n  \"o\": {}\n}")
    }

    @Test func stringsEscapeQuotesControlCharactersAndTerminalEscapes() {
        #expect(JSON.quote("say \"hi\"\\\n\t") == #""say \"hi\"\\\n\t""#)
        #expect(JSON.quote("\u{1B}[31mred") == #""\u001b[31mred""#)
        #expect(JSON.quote("日本 🙂") == "\"日本 🙂\"")
    }

    @Test func numbersThatJSONCannotHoldBecomeNull() {
        #expect(JSON.number(.infinity).rendered() == "null")
        #expect(JSON.number(.nan).rendered() == "null")
        #expect(JSON.number(2.5).rendered() == "2.5")
    }

    @Test func missingValuesAreNull() {
        #expect(JSON.optional(nil).rendered() == "null")
        #expect(JSON.date(nil).rendered() == "null")
    }
}
