import Testing

@testable import TOML

/// A parsed document is a compact node array viewed through `TOMLTable`/`TOMLArray`: these
/// tests pin down what that representation must not change.
@Suite struct CompactDocumentTests {
    @Test func nodesStayTwentyFourBytes() {
        #expect(MemoryLayout<DocumentNode>.stride == 24)
    }

    /// Positions are recomputed from byte offsets (a checkpoint every 8 lines): check every
    /// line of a long document against where the test itself put each key and value.
    @Test func positionsAcrossManyLinesMatchWhereTheTextWasWritten() throws {
        var text = ""
        var expected: [(key: String, line: Int, keyColumn: Int, valueColumn: Int)] = []
        for i in 0..<200 {
            let indent = String(repeating: " ", count: i % 5)
            // Every third line holds a non-ASCII comment before nothing; every seventh, a
            // non-ASCII string before the key on the same line is impossible, so use a prefix
            // value on the previous line instead.
            let key = "k\(i)"
            let value = i % 3 == 0 ? "\"é日本\(i)\"" : "\(i)"
            expected.append((key, i * 2 + 1, indent.count + 1, indent.count + key.count + 4))
            text += "\(indent)\(key) = \(value)\n"
            text += i % 2 == 0 ? "# ü comment 🚀\n" : "\r\n"
        }
        let root = try TOMLParser.parse(text)
        for item in expected {
            let entry = try #require(root.entry(item.key))
            #expect(entry.keyPosition == SourcePosition(line: item.line, column: item.keyColumn), "\(item.key)")
            #expect(entry.valuePosition == SourcePosition(line: item.line, column: item.valueColumn), "\(item.key)")
        }
    }

    @Test func columnsCountScalarsAfterMultiByteText() throws {
        let root = try TOMLParser.parse("a = \"日本\"; b = 1\n".replacingOccurrences(of: "; ", with: "\n"))
        #expect(root.entry("b")?.valuePosition == SourcePosition(line: 2, column: 5))
        let inline = try TOMLParser.parse("t = { x = \"ü🚀\", y = 2 }\n")
        let table = try #require(inline["t"]?.tableValue)
        // `t = { x = "ü🚀", ` is 16 scalars, so y starts at column 17.
        #expect(table.entry("y")?.keyPosition == SourcePosition(line: 1, column: 17))
    }

    /// A long line gets a mark every kilobyte, so each lookup on it reads little of it.
    @Test func positionsAlongALongNonASCIILine() throws {
        var text = "t = { "
        var columns: [Int] = []
        var column = text.unicodeScalars.count + 1
        for i in 0..<5_000 {
            columns.append(column)
            let piece = "k\(i) = \"é日🚀\", "
            text += piece
            column += piece.unicodeScalars.count
        }
        text += "}\nafter = 1\n"
        let root = try TOMLParser.parse(text)
        let table = try #require(root["t"]?.tableValue)
        var mismatches = 0
        for (i, entry) in table.enumerated() where entry.keyPosition != SourcePosition(line: 1, column: columns[i]) {
            mismatches += 1
        }
        #expect(mismatches == 0)
        for i in stride(from: 0, to: 5_000, by: 499) {
            #expect(
                table.entry("k\(i)")?.valuePosition == SourcePosition(line: 1, column: columns[i] + "k\(i) = ".count))
        }
        #expect(root.entry("after")?.keyPosition == SourcePosition(line: 2, column: 1))
    }

    @Test func byteOrderMarkTakesNoColumn() throws {
        let root = try TOMLParser.parse(bytes: [0xEF, 0xBB, 0xBF] + Array("a = 1\n".utf8))
        #expect(root.entry("a")?.keyPosition == SourcePosition(line: 1, column: 1))
        #expect(root.entry("a")?.valuePosition == SourcePosition(line: 1, column: 5))
    }

    @Test func stringBytesAndBufferInputsGiveEqualTables() throws {
        let text = "a = 'x'\n[t]\nb = [1, 2.5, \"s\\u00e9\"]\nc = 1979-05-27T07:32:00.999999999-07:00\n"
        let fromText = try TOMLParser.parse(text)
        let fromBytes = try TOMLParser.parse(bytes: Array(text.utf8))
        let fromBuffer = try Array(text.utf8).withUnsafeBufferPointer { try TOMLParser.parse(buffer: $0) }
        #expect(fromText == fromBytes)
        #expect(fromBytes == fromBuffer)
        #expect(fromText["t"]?["b"]?.arrayValue?[2] == .string("sé"))
    }

    @Test func longAndEscapedKeysAreFoundAndCompared() throws {
        let long = String(repeating: "k", count: 300)
        let text = "\(long) = 1\n\"esc\\u0041ped\" = 2\n'lit' = 3\n[\"\(long)x\"]\nv = 4\n"
        let root = try TOMLParser.parse(text)
        #expect(root[long] == .integer(1))
        #expect(root["escAped"] == .integer(2))
        #expect(root["lit"] == .integer(3))
        #expect(root["\(long)x"]?["v"] == .integer(4))
        #expect(root.keys == [long, "escAped", "lit", "\(long)x"])
        // The same key spelt three ways is still a duplicate.
        for duplicate in ["a = 1\n\"a\" = 2\n", "\"\\u0061\" = 1\na = 2\n", "\(long) = 1\n'\(long)' = 2\n"] {
            #expect(throws: TOMLError.self) { try TOMLParser.parse(duplicate) }
        }
    }

    @Test func wideTablesUseTheirIndexForLookupAndDuplicates() throws {
        var text = ""
        for i in 0..<500 { text += "key\(i) = \(i)\n" }
        let root = try TOMLParser.parse(text)
        #expect(root.count == 500)
        for i in stride(from: 0, to: 500, by: 37) { #expect(root["key\(i)"] == .integer(Int64(i))) }
        #expect(root["key500"] == nil)
        let error = #expect(throws: TOMLError.self) { try TOMLParser.parse(text + "key250 = 1\n") }
        #expect(error?.position == SourcePosition(line: 501, column: 1))
    }

    @Test func changingAParsedTableLeavesOtherCopiesAlone() throws {
        let root = try TOMLParser.parse("a = 1\n[t]\nb = 2\n[[list]]\nc = 3\n")
        var changed = root
        changed["a"] = .integer(10)
        changed["new"] = "x"
        var inner = try #require(changed["t"]?.tableValue)
        inner["b"] = nil
        changed["t"] = .table(inner)
        var list = try #require(changed["list"]?.arrayValue)
        list.append(["c": 4])
        changed["list"] = .array(list)

        #expect(root["a"] == .integer(1))
        #expect(root["new"] == nil)
        #expect(root["t"]?["b"] == .integer(2))
        #expect(root["list"]?.arrayValue?.count == 1)
        #expect(changed["a"] == .integer(10))
        #expect(changed.keys == ["a", "t", "list", "new"])
        #expect(changed["t"]?.tableValue?.isEmpty == true)
        #expect(changed["list"]?.arrayValue?.count == 2)
        // Positions survive the change for members that were not replaced.
        #expect(changed.entry("t")?.keyPosition == SourcePosition(line: 2, column: 2))
    }

    @Test func parsedAndBuiltTablesCompareAndHashAlike() throws {
        let parsed = try TOMLParser.parse("b = [1, { c = 'x' }]\na = 2020-01-02\n")
        let built: TOMLTable = [
            "a": .localDate(LocalDate(year: 2020, month: 1, day: 2)),
            "b": [1, ["c": "x"]],
        ]
        #expect(parsed == built)
        #expect(built == parsed)
        #expect(parsed.hashValue == built.hashValue)
    }

    @Test func dateTimesKeepEveryDigitWhetherPackedOrNot() throws {
        let text = """
            ms = 2026-11-21T10:20:30.123+05:30
            ns = 2026-11-21T10:20:30.123456789-23:59
            far = 9999-12-31T23:59:59Z
            t = 23:59:59.999999999
            d = 0001-01-01
            """
        let root = try TOMLParser.parse(text)
        #expect(root["ms"]?.offsetDateTimeValue?.description == "2026-11-21T10:20:30.123+05:30")
        #expect(root["ns"]?.offsetDateTimeValue?.description == "2026-11-21T10:20:30.123456789-23:59")
        #expect(root["far"]?.offsetDateTimeValue?.description == "9999-12-31T23:59:59Z")
        #expect(root["t"]?.localTimeValue?.description == "23:59:59.999999999")
        #expect(root["d"]?.localDateValue?.description == "0001-01-01")
    }

    @Test func arraysOfTablesAreIndexableInOrder() throws {
        var text = ""
        for i in 0..<100 { text += "[[m]]\nid = \(i)\n[[m.step]]\nn = \(i)\n[m.extra]\nx = 1\n" }
        let root = try TOMLParser.parse(text)
        let m = try #require(root["m"]?.arrayValue)
        #expect(m.count == 100)
        for i in [0, 1, 50, 99] {
            #expect(m[i]["id"] == .integer(Int64(i)))
            #expect(m[i]["step"]?.arrayValue?.first?["n"] == .integer(Int64(i)))
            #expect(m[i]["extra"]?["x"] == .integer(1))
        }
        #expect(m.positions[1] == SourcePosition(line: 7, column: 1))
    }
}
