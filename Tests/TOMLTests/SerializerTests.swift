import Testing

@testable import TOML

/// The serializer's text for hand-picked tricky values. Expected output is written by hand.
@Suite struct SerializerTests {
    @Test func keysAreBareOnlyWhenTOMLAllowsIt() {
        let table: TOMLTable = [
            "bare_key-1": 1, "": 2, "with space": 3, "dotted.key": 4, "quote\"d": 5, "caf\u{E9}": 6, "tab\there": 7,
        ]
        #expect(
            TOMLSerializer.serialize(table) == """
                bare_key-1 = 1
                "" = 2
                "with space" = 3
                "dotted.key" = 4
                "quote\\"d" = 5
                "caf\u{E9}" = 6
                "tab\\there" = 7

                """)
    }

    @Test func stringsEscapeControlCharactersAndKeepUnicode() {
        let table: TOMLTable = ["s": .string("a\"b\\c\u{8}\u{C}\r\t\u{1}\u{1B}\u{7F}\u{1F600}\u{E9}")]
        #expect(TOMLSerializer.serialize(table) == #"s = "a\"b\\c\b\f\r\t\u0001\u001B\u007F😀é""# + "\n")
    }

    @Test func stringsWithNewlinesUseExactMultiLineForm() {
        let table: TOMLTable = ["text": "line 1\nline \"2\"\r\n\"\"\"end\"", "lead": "\nstarts with newline"]
        #expect(
            TOMLSerializer.serialize(table) == """
                text = \"\"\"
                line 1
                line "2"\\r
                ""\\"end\\"\"\"\"
                lead = \"\"\"

                starts with newline\"\"\"

                """)
    }

    @Test func floatsAreShortestAndAlwaysTOMLFloats() {
        let cases: [(Double, String)] = [
            (1, "1.0"), (-0.0, "-0.0"), (0.1, "0.1"), (1e300, "1e+300"), (1e-5, "1e-05"),
            (.infinity, "inf"), (-.infinity, "-inf"), (.nan, "nan"), (.leastNonzeroMagnitude, "5e-324"),
            (1.7976931348623157e308, "1.7976931348623157e+308"), (123456789012345680, "1.2345678901234568e+17"),
        ]
        for (number, text) in cases {
            #expect(TOMLSerializer.serializeInline(.float(number)) == text)
        }
    }

    @Test func dateTimesUseRFC3339() {
        let date = LocalDate(year: 1979, month: 5, day: 27)
        let time = LocalTime(hour: 7, minute: 32, second: 0, nanosecond: 999_000_000)
        let table: TOMLTable = [
            "odt": .offsetDateTime(OffsetDateTime(date: date, time: time, offsetMinutes: -420)),
            "utc": .offsetDateTime(OffsetDateTime(date: date, time: LocalTime(hour: 0, minute: 0), offsetMinutes: 0)),
            "ldt": .localDateTime(LocalDateTime(date: date, time: time)),
            "ld": .localDate(date),
            "lt": .localTime(LocalTime(hour: 23, minute: 59, second: 60)),
        ]
        #expect(
            TOMLSerializer.serialize(table) == """
                odt = 1979-05-27T07:32:00.999-07:00
                utc = 1979-05-27T00:00:00Z
                ldt = 1979-05-27T07:32:00.999
                ld = 1979-05-27
                lt = 23:59:60

                """)
    }

    @Test func scalarsComeFirstThenSectionsInInsertionOrder() {
        var table = TOMLTable()
        table["sub"] = ["x": 1]
        table["name"] = "n"
        table["list"] = [["id": 1], ["id": 2, "deep": ["y": true]]]
        table["count"] = 2
        #expect(
            TOMLSerializer.serialize(table) == """
                name = "n"
                count = 2

                [sub]
                x = 1

                [[list]]
                id = 1

                [[list]]
                id = 2

                [list.deep]
                y = true

                """)
    }

    @Test func emptyTablesGetHeadersAndParentsOfOnlySectionsDoNot() {
        let table: TOMLTable = ["a": ["b": ["c": [:]]], "empty": [:], "inArray": [[:], [:]]]
        #expect(
            TOMLSerializer.serialize(table) == """
                [a.b.c]

                [empty]

                [[inArray]]

                [[inArray]]

                """)
    }

    @Test func headersQuoteKeysAlongDottedPaths() {
        let table: TOMLTable = ["a.b": ["c d": ["k": 1]], "x": ["y": [["z": 1]]]]
        #expect(
            TOMLSerializer.serialize(table) == """
                ["a.b"."c d"]
                k = 1

                [[x.y]]
                z = 1

                """)
    }

    @Test func tablesInsideOtherArraysAreInline() {
        let table: TOMLTable = [
            "mixed": [1, ["a": 1]],
            "nested": [[["a": 1]]],
            "empty": [],
            "emptyTables": [[:]],
            "inline": [["k": ["inner": [1, 2]], "e": [:]], 3],
        ]
        #expect(
            TOMLSerializer.serialize(table) == """
                mixed = [1, { a = 1 }]
                nested = [[{ a = 1 }]]
                empty = []
                inline = [{ k = { inner = [1, 2] }, e = {} }, 3]

                [[emptyTables]]

                """)
    }

    @Test func longArraysGoOneElementPerLine() {
        let words = (0..<12).map { TOMLValue.string("element-\($0)") }
        let text = TOMLSerializer.serialize(["list": .array(TOMLArray(words))])
        #expect(text.hasPrefix("list = [\n    \"element-0\",\n    \"element-1\",\n"))
        #expect(text.hasSuffix("    \"element-11\",\n]\n"))
    }

    @Test func emptyDocumentIsEmptyText() {
        #expect(TOMLSerializer.serialize(TOMLTable()) == "")
    }

    @Test func outputIsDeterministicAcrossCopies() {
        var table = TOMLTable()
        for i in (0..<50).reversed() { table["k\(i)"] = .integer(Int64(i)) }
        let copy = table
        #expect(TOMLSerializer.serialize(table) == TOMLSerializer.serialize(copy))
        #expect(TOMLSerializer.serialize(table).hasPrefix("k49 = 49\nk48 = 48\n"))
    }
}

/// The serializer writes dates digit by digit; it must agree with the types' RFC 3339 descriptions.
@Suite struct SerializerDateTimeTests {
    @Test(arguments: [0, 1, 10, 100_000_000, 123_456_789, 999_999_999, 500, 1_000])
    func fractionsMatchTheDescription(nanosecond: Int) {
        let time = LocalTime(hour: 9, minute: 5, second: 7, nanosecond: nanosecond)
        let date = LocalDate(year: 1, month: 2, day: 3)
        for offset in [0, -1, 754, -720, 5] {
            let moment = OffsetDateTime(date: date, time: time, offsetMinutes: offset)
            #expect(TOMLSerializer.serializeInline(.offsetDateTime(moment)) == moment.description)
        }
        #expect(TOMLSerializer.serializeInline(.localTime(time)) == time.description)
        #expect(
            TOMLSerializer.serializeInline(.localDateTime(LocalDateTime(date: date, time: time)))
                == "0001-02-03T" + time.description)
    }

    @Test func integersAtTheExtremes() {
        #expect(TOMLSerializer.serializeInline(.integer(.min)) == "-9223372036854775808")
        #expect(TOMLSerializer.serializeInline(.integer(.max)) == "9223372036854775807")
        #expect(TOMLSerializer.serializeInline(.integer(0)) == "0")
        #expect(TOMLSerializer.serializeInline(.integer(-7)) == "-7")
    }
}
