import TOML
import Testing

/// Bad input gets the exact line and column, the quoted line with a caret, and a message
/// that says what was expected and what was found.
@Suite struct ErrorMessageTests {
    func failure(_ text: String, file: String? = "bad.toml") -> TOMLError? {
        do {
            _ = try TOMLParser.parse(text, file: file)
            return nil
        } catch {
            return error
        }
    }

    @Test func missingEquals() throws {
        let error = try #require(failure("a = 1\nname \"x\"\n"))
        #expect(error.position == SourcePosition(line: 2, column: 6))
        #expect(error.message == "expected \"=\" after key \"name\", found \"\\\"\"")
        #expect(
            error.description == """
                bad.toml:2:6: expected "=" after key "name", found "\\""
                  name "x"
                       ^
                """)
    }

    @Test func missingValueAtEndOfLine() throws {
        let error = try #require(failure("a = 1\nb = \n"))
        #expect(error.position == SourcePosition(line: 2, column: 5))
        #expect(error.message.hasPrefix("expected a value"))
        #expect(error.message.hasSuffix("found end of line"))
    }

    @Test func duplicateKeyNamesTheFirstDefinition() throws {
        let error = try #require(failure("a = 1\n  a = 2\n"))
        #expect(error.position == SourcePosition(line: 2, column: 3))
        #expect(error.message == "duplicate key \"a\": it already holds an integer (defined at 1:1)")
    }

    @Test func tableDefinedTwice() throws {
        let error = try #require(failure("[t]\nx = 1\n[t]\n"))
        #expect(error.position == SourcePosition(line: 3, column: 2))
        #expect(error.message == "table [t] is defined twice (first at 1:1)")
    }

    @Test func dottedKeysCannotExtendAHeaderTable() throws {
        let error = try #require(failure("[a.b]\nx = 1\n[a]\nb.y = 2\n"))
        #expect(error.position == SourcePosition(line: 4, column: 1))
        #expect(error.message.contains("cannot add to table \"b\" with dotted keys"))
    }

    @Test func inlineTablesAreClosed() throws {
        let error = try #require(failure("t = { a = 1 }\nt.b = 2\n"))
        #expect(error.position == SourcePosition(line: 2, column: 1))
        #expect(error.message.contains("inline table \"t\""))
    }

    @Test func integerOverflow() throws {
        let error = try #require(failure("n = 9223372036854775808\n"))
        #expect(error.position == SourcePosition(line: 1, column: 5))
        #expect(error.message.contains("does not fit in 64 bits"))
        #expect(failure("n = -9223372036854775808\n") == nil)
    }

    @Test func impossibleDate() throws {
        let error = try #require(failure("d = 2023-02-29\n"))
        #expect(error.position == SourcePosition(line: 1, column: 13))
        #expect(error.message == "day 29 is out of range for 2023-02 (01 to 28)")
        #expect(failure("d = 2024-02-29\n") == nil)
    }

    @Test func columnCountsScalarsNotBytes() throws {
        let error = try #require(failure("\"日本\" = 1 x\n"))
        #expect(error.position == SourcePosition(line: 1, column: 10))
        #expect(error.message == "expected end of line after a value, found \"x\"")
        #expect(error.description.hasSuffix("\n  \"日本\" = 1 x\n           ^"))
    }

    @Test func unterminatedStringPointsAtTheLineEnd() throws {
        let error = try #require(failure("s = \"abc\nt = 1\n"))
        #expect(error.position == SourcePosition(line: 1, column: 9))
        #expect(error.message.contains("unterminated string"))
        #expect(error.message.contains("opened at 1:5"))
    }

    @Test func controlCharactersAreShownSafely() throws {
        let error = try #require(failure("a = \"x\u{1B}[31m\"\n"))
        #expect(error.position == SourcePosition(line: 1, column: 7))
        #expect(error.message == "control character U+001B must be escaped in a string")
        // The quoted line shows the escape as a control picture, one column wide.
        #expect(error.sourceLine == "a = \"x\u{241B}[31m\"")
        #expect(!error.description.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    }

    @Test func controlCharacterInAComment() throws {
        let error = try #require(failure("a = 1 # bell\u{07}\n"))
        #expect(error.position == SourcePosition(line: 1, column: 13))
        #expect(error.message == "control character U+0007 is not allowed in a comment")
    }

    @Test func withoutAFileNameTheLocationStartsWithTheLine() throws {
        let error = try #require(failure("= 1", file: nil))
        #expect(error.description.hasPrefix("1:1: expected a key, found \"=\""))
    }
}
