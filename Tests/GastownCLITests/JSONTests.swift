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

    @Test func everyScalarATerminalWouldObeyIsEscapedWhereverItStands() {
        // C1 controls (U+0085, U+009B), DEL, bidi overrides and isolates, between and beside plain text.
        #expect(JSON.quote("\u{85}a\u{9B}b\u{7F}") == #""\u0085a\u009bb\u007f""#)
        #expect(JSON.quote("x\u{202E}y\u{2066}z\u{2069}") == #""x\u202ey\u2066z\u2069""#)
        #expect(JSON.quote("é\u{8}🙂\u{202A}") == "\"é\\u0008🙂\\u202a\"")
        #expect(JSON.quote("") == "\"\"")
        // Shown as they are: other invisible characters are for the terminal's sanitizer, not JSON.
        #expect(JSON.quote("a\u{200B}b\u{A0}c") == "\"a\u{200B}b\u{A0}c\"")
    }

    /// A long array is rendered in runs on every core: the text is the same as one written item by item.
    @Test(arguments: [1, JSON.parallelItems - 1, JSON.parallelItems, 1000])
    func aLongArrayRendersAsItsItemsInOrder(_ count: Int) {
        let text = "a\"b\u{1B}é"
        let value = JSON.object([
            ("items", .array((0..<count).map { .object([("n", .integer($0)), ("s", .string(text))]) }))
        ])
        let items = (0..<count).map { "    {\n      \"n\": \($0),\n      \"s\": \"a\\\"b\\u001bé\"\n    }" }
        let expected = "{\n  \"items\": [\n" + items.joined(separator: ",\n") + "\n  ]\n}"
        #expect(value.rendered() == expected)
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
