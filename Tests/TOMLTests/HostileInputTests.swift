import TOML
import Testing

/// Input written to break parsers: deep nesting, broken UTF-8, control characters, huge lines.
/// Each must end in a value or a `TOMLError`, never a crash, a stack overflow or a hang.
@Suite(.timeLimit(.minutes(1))) struct HostileInputTests {
    func failure(_ bytes: [UInt8]) -> TOMLError? {
        do {
            _ = try TOMLParser.parse(bytes: bytes)
            return nil
        } catch {
            return error
        }
    }

    func failure(_ text: String) -> TOMLError? { failure(Array(text.utf8)) }

    @Test func tenThousandNestedArrays() throws {
        let text = "a = " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let error = try #require(failure(text))
        #expect(error.message.contains("nesting deeper than 128"))
        // The 129th bracket is the first one too deep.
        #expect(error.position == SourcePosition(line: 1, column: 4 + 129))
    }

    @Test func tenThousandNestedInlineTables() throws {
        let text = "a = " + String(repeating: "{b = ", count: 10_000) + "1" + String(repeating: "}", count: 10_000)
        let error = try #require(failure(text))
        #expect(error.message.contains("nesting deeper than 128"))
    }

    @Test func deepDottedKeysAndHeaders() throws {
        let dotted = Array(repeating: "k", count: 10_000).joined(separator: ".") + " = 1"
        #expect(failure(dotted)?.message.contains("nesting deeper") == true)
        let header = "[" + Array(repeating: "k", count: 10_000).joined(separator: ".") + "]"
        #expect(failure(header)?.message.contains("nesting deeper") == true)
    }

    @Test func nestingUpToTheLimitIsFine() throws {
        let depth = TOMLParser.maximumNestingDepth
        let text = "a = " + String(repeating: "[", count: depth - 1) + String(repeating: "]", count: depth - 1)
        #expect(failure(text) == nil)
    }

    @Test(arguments: [
        [0xFF] as [UInt8],  // never valid
        [0xC0, 0x80],  // overlong NUL
        [0xED, 0xA0, 0x80],  // a UTF-16 surrogate
        [0xF4, 0x90, 0x80, 0x80],  // above U+10FFFF
        [0xE6, 0x97],  // cut short
    ])
    func invalidUTF8InStringsAndComments(_ bad: [UInt8]) throws {
        for (prefix, suffix) in [("s = \"", "\"\n"), ("s = '", "'\n"), ("# ", "\n"), ("s = \"\"\"", "\"\"\"")] {
            let bytes = Array(prefix.utf8) + bad + Array(suffix.utf8)
            let error = try #require(failure(bytes), "accepted \(bad) in \(prefix)")
            #expect(error.message.contains("invalid UTF-8"))
            #expect(error.position.line == 1)
        }
        // Cut short at the very end of the input.
        #expect(failure(Array("s = \"".utf8) + bad) != nil)
    }

    @Test func controlCharacters() throws {
        for byte: UInt8 in [0x00, 0x01, 0x08, 0x0B, 0x0C, 0x1F, 0x7F] {
            for template in ["a = \"x@\"", "a = 'x@'", "a = \"\"\"x@\"\"\"", "a = 1 # x@", "@a = 1", "a = 1@"] {
                let bytes = Array(template.utf8).map { $0 == UInt8(ascii: "@") ? byte : $0 }
                let error = try #require(failure(bytes), "accepted byte \(byte) in \(template)")
                #expect(!error.description.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
            }
        }
        #expect(failure("a = 1\rb = 2") != nil, "a bare carriage return")
    }

    @Test func aLongSingleLineParses() throws {
        // About 2 MB on one line: an array of integers, then a long string.
        let count = 200_000
        var text = "a = ["
        for i in 0..<count { text += "\(i), " }
        text += "]\ns = \"" + String(repeating: "x", count: 1_000_000) + "\"\n"
        let table = try TOMLParser.parse(text)
        #expect(table["a"]?.arrayValue?.count == count)
        #expect(table["a"]?.arrayValue?.positions.last == SourcePosition(line: 1, column: 6 + lastElementOffset(count)))
        #expect(table["s"]?.stringValue?.utf8.count == 1_000_000)
    }

    /// Where element `count - 1` starts in `a = [0, 1, 2, ...`: after the digits and ", " of all before it.
    func lastElementOffset(_ count: Int) -> Int {
        (0..<(count - 1)).reduce(0) { $0 + String($1).count + 2 }
    }

    @Test func manyKeysInOneTable() throws {
        var text = ""
        for i in 0..<30_000 { text += "key\(i) = \(i)\n" }
        let table = try TOMLParser.parse(text)
        #expect(table.count == 30_000)
        #expect(table["key29999"] == 29_999)
        #expect(failure(text + "key5 = 1\n")?.message.contains("duplicate key \"key5\"") == true)
    }

    @Test func manyArrayTables() throws {
        var text = ""
        for i in 0..<20_000 { text += "[[item]]\nid = \(i)\n" }
        let table = try TOMLParser.parse(text)
        #expect(table["item"]?.arrayValue?.count == 20_000)
    }

    @Test func errorAtTheEndOfAHugeLineShowsAWindow() throws {
        let text = "a = [" + String(repeating: "1, ", count: 300_000) + "x]"
        let error = try #require(failure(text))
        #expect(error.position == SourcePosition(line: 1, column: 6 + 900_000))
        #expect(error.sourceLine.unicodeScalars.count < 200)
        let scalars = Array(error.sourceLine.unicodeScalars)
        #expect(scalars[error.caretColumn - 1] == "x")
    }
}
