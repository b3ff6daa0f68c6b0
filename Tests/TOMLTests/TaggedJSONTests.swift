import TOML
import Testing

/// toml-test's tagged JSON, written out exactly.
@Suite struct TaggedJSONTests {
    @Test func scalarsAreTaggedAndContainersAreNot() throws {
        let table = try TOMLParser.parse(
            """
            s = "a\\"b\\\\c\\n\\u0001\\u007F"
            i = -0
            f = [inf, -inf, nan, -0.0, 1e100, 0.1]
            b = true
            odt = 1979-05-27T07:32:00.5-07:00
            ldt = 1979-05-27 07:32
            ld = 1979-05-27
            lt = 00:32:00.999999999
            t = {}
            """)
        #expect(
            TaggedJSON.encode(table) == """
                {"s":{"type":"string","value":"a\\"b\\\\c\\n\\u0001\\u007f"},\
                "i":{"type":"integer","value":"0"},\
                "f":[{"type":"float","value":"inf"},{"type":"float","value":"-inf"},{"type":"float","value":"nan"},\
                {"type":"float","value":"-0.0"},{"type":"float","value":"1e+100"},{"type":"float","value":"0.1"}],\
                "b":{"type":"bool","value":"true"},\
                "odt":{"type":"datetime","value":"1979-05-27T07:32:00.5-07:00"},\
                "ldt":{"type":"datetime-local","value":"1979-05-27T07:32:00"},\
                "ld":{"type":"date-local","value":"1979-05-27"},\
                "lt":{"type":"time-local","value":"00:32:00.999999999"},\
                "t":{}}
                """)
    }

    @Test func floatTextRoundTrips() {
        for value in [0.1, 1.0 / 3.0, Double.leastNonzeroMagnitude, 1.7976931348623157e308, -2.5e-8, 123456789.125] {
            #expect(Double(TaggedJSON.floatText(value)) == value)
        }
    }

    @Test func decodedFloatsAreCorrectlyRounded() throws {
        // Long mantissas and large exponents take the slow path; both must round correctly.
        let cases: [(String, Double)] = [
            ("0.1", 0.1), ("3.141592653589793", 3.141592653589793), ("1e22", 1e22), ("1e23", 1e23),
            ("9007199254740993.0", 9007199254740993.0), ("2.2250738585072014e-308", 2.2250738585072014e-308),
            ("1_000.000_1", 1000.0001), ("6.02214076e23", 6.02214076e23), ("0.30000000000000004", 0.30000000000000004),
        ]
        for (text, expected) in cases {
            let table = try TOMLParser.parse("x = \(text)")
            #expect(table["x"]?.doubleValue == expected, "\(text)")
        }
    }
}
