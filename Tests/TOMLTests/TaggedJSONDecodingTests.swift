import Testing

@testable import TOML

@Suite struct TaggedJSONDecodingTests {
    @Test func decodesEveryScalarType() throws {
        let table = try TaggedJSON.decode(
            """
            {
              "s": {"type": "string", "value": "a\\"b\\u00e9\\ud83d\\ude00\\n"},
              "i": {"type": "integer", "value": "-9223372036854775808"},
              "f": {"type": "float", "value": "6.626e-34"},
              "inf": {"type": "float", "value": "-inf"},
              "nan": {"type": "float", "value": "nan"},
              "b": {"type": "bool", "value": "false"},
              "odt": {"type": "datetime", "value": "1987-07-05T17:45:56.123+08:00"},
              "odtz": {"type": "datetime", "value": "1979-05-27 07:32:00z"},
              "ldt": {"type": "datetime-local", "value": "1977-12-21T10:32:00.555"},
              "ld": {"type": "date-local", "value": "2000-02-29"},
              "lt": {"type": "time-local", "value": "07:32"}
            }
            """)
        let date = LocalDate(year: 1987, month: 7, day: 5)
        let expected: TOMLTable = [
            "s": "a\"b\u{E9}\u{1F600}\n",
            "i": .integer(.min),
            "f": 6.626e-34,
            "inf": .float(-.infinity),
            "nan": .float(.nan),
            "b": false,
            "odt": .offsetDateTime(
                OffsetDateTime(
                    date: date, time: LocalTime(hour: 17, minute: 45, second: 56, nanosecond: 123_000_000),
                    offsetMinutes: 480)),
            "odtz": .offsetDateTime(
                OffsetDateTime(
                    date: LocalDate(year: 1979, month: 5, day: 27), time: LocalTime(hour: 7, minute: 32),
                    offsetMinutes: 0)),
            "ldt": .localDateTime(
                LocalDateTime(
                    date: LocalDate(year: 1977, month: 12, day: 21),
                    time: LocalTime(hour: 10, minute: 32, second: 0, nanosecond: 555_000_000))),
            "ld": .localDate(LocalDate(year: 2000, month: 2, day: 29)),
            "lt": .localTime(LocalTime(hour: 7, minute: 32)),
        ]
        #expect(table == expected)
        #expect(table.keys == ["s", "i", "f", "inf", "nan", "b", "odt", "odtz", "ldt", "ld", "lt"])
    }

    @Test func nestedTablesArraysAndLookalikes() throws {
        let table = try TaggedJSON.decode(
            """
            {"a": {"b": [{"type": "integer", "value": "1"}, [], {}]},
             "type": {"type": "string", "value": "t"},
             "t": {"type": {"type": "string", "value": "x"}, "value": {"type": "string", "value": "y"}}}
            """)
        let expected: TOMLTable = [
            "a": ["b": [1, [], [:]]],
            "type": "t",
            "t": ["type": "x", "value": "y"],
        ]
        #expect(table == expected)
    }

    @Test(arguments: [
        ("", "1:1", "expected a JSON value, found the end of the input"),
        ("[]", "1:1", "expected a JSON object at the top level, found an array"),
        ("{\"a\": 1}", "1:7", "expected an object or an array, found a number"),
        (
            "{\n  \"a\": {\"type\": \"integer\", \"value\": \"1x\"}}", "2:37",
            "expected a 64-bit decimal integer for type \"integer\", found \"1x\""
        ),
        ("{\"a\": {\"type\": \"date-local\", \"value\": \"2001-02-29\"}}", "1:39", "expected a local date YYYY-MM-DD"),
        ("{\"a\": {\"type\": \"uuid\", \"value\": \"x\"}}", "1:16", "found \"uuid\""),
        ("{\"a\": {\"type\": \"float\", \"value\": \"0x10\"}}", "1:34", "expected a decimal number"),
        ("{\"a\": [] \"b\": []}", "1:10", "expected \",\" or \"}\" in an object, found \"\"\""),
        ("{\"a\": []}x", "1:10", "expected the end of the input"),
        ("{\"a\": \"\\q\"}", "1:9", "expected one of"),
        ("{\"a\": \"\\ud800\"}", "1:14", "low surrogate"),
        ("{\"a\": [], \"a\": []}", "1:16", "duplicate key \"a\""),
        ("{\"a\": \"x\ty\"}", "1:9", "raw control character"),
        // Three members make a table, whose plain string members are then not values.
        (
            "{\"a\": {\"type\": \"string\", \"value\": \"v\", \"x\": {}}}", "1:16",
            "expected an object or an array, found a string"
        ),
    ])
    func rejectsBadInputWithLineAndColumn(json: String, position: String, message: String) {
        #expect {
            try TaggedJSON.decode(json)
        } throws: { error in
            guard let error = error as? TOMLError else { return false }
            return error.position.description == position && error.message.contains(message)
        }
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let json = "{\"a\": " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}"
        #expect(throws: TOMLError.self) { try TaggedJSON.decode(json) }
    }

    /// toml-test's JSON is often one line; positions must not be recomputed from the line start
    /// per value (that made a 600 KB document take minutes).
    @Test func longSingleLineDocumentsDecodeFully() throws {
        let element = #"{"type": "integer", "value": "7"}"#
        let json = #"{"a": ["# + Array(repeating: element, count: 10_000).joined(separator: ",") + "]}"
        let table = try TaggedJSON.decode(json)
        #expect(table["a"]?.arrayValue?.count == 10_000)
        #expect {
            try TaggedJSON.decode(String(json.dropLast()))
        } throws: { error in
            (error as? TOMLError)?.position == SourcePosition(line: 1, column: json.count)
        }
    }

    @Test func errorLinesAreSanitized() {
        do {
            _ = try TaggedJSON.decode("{\"a\u{1B}[31m\": 5}")
            Issue.record("expected an error")
        } catch {
            #expect(!error.sourceLine.contains("\u{1B}"))
            #expect(error.description.contains("1:"))
        }
    }
}
