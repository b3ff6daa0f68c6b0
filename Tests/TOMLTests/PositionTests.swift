import TOML
import Testing

/// Every key and value carries its line and column (columns count Unicode scalars).
@Suite struct PositionTests {
    static let document = """
        name = "x"
        [server]
          host = "h"
          "é key" = 1
          ports = [ 80, 443 ]
        [[items]]
        id = 1
        [[items]]
        id = 2
        arr = ["日本", "ü", 3]
        t = { "ü" = 1, b.c = 2 }
        ml = \"\"\"
        x
        \"\"\"
        after = 1\r
        last = 'end'
        """

    let root: TOMLTable

    init() throws {
        root = try TOMLParser.parse(Self.document)
    }

    func position(_ line: Int, _ column: Int) -> SourcePosition { SourcePosition(line: line, column: column) }

    @Test func keysAndValuesAtTheTop() throws {
        let name = try #require(root.entry("name"))
        #expect(name.keyPosition == position(1, 1))
        #expect(name.valuePosition == position(1, 8))
        #expect(root.keys == ["name", "server", "items"])
    }

    @Test func headerTablesAndTheirMembers() throws {
        let server = try #require(root.entry("server"))
        #expect(server.keyPosition == position(2, 2))
        #expect(server.valuePosition == position(2, 1))
        let table = try #require(server.value.tableValue)
        #expect(table.position == position(2, 1))
        #expect(table.entry("host")?.keyPosition == position(3, 3))
        #expect(table.entry("host")?.valuePosition == position(3, 10))
        // After a two-byte scalar the column still counts one per scalar.
        #expect(table.entry("é key")?.keyPosition == position(4, 3))
        #expect(table.entry("é key")?.valuePosition == position(4, 13))
    }

    @Test func arrayElements() throws {
        let ports = try #require(root["server"]?["ports"]?.arrayValue)
        #expect(ports.position == position(5, 11))
        #expect(ports.positions == [position(5, 13), position(5, 17)])
    }

    @Test func arraysOfTables() throws {
        let items = try #require(root.entry("items"))
        #expect(items.valuePosition == position(6, 1))
        let array = try #require(items.value.arrayValue)
        #expect(array.position == position(6, 1))
        #expect(array.positions == [position(6, 1), position(8, 1)])
        #expect(array[1].tableValue?.position == position(8, 1))
        #expect(array[1].tableValue?.entry("id")?.keyPosition == position(9, 1))
    }

    @Test func columnsAfterMultiByteCharacters() throws {
        let items = try #require(root["items"]?.arrayValue?[1].tableValue)
        let arr = try #require(items["arr"]?.arrayValue)
        #expect(arr.positions == [position(10, 8), position(10, 14), position(10, 19)])
        let t = try #require(items.entry("t"))
        #expect(t.valuePosition == position(11, 5))
        let inline = try #require(t.value.tableValue)
        #expect(inline.position == position(11, 5))
        #expect(inline.entry("ü")?.keyPosition == position(11, 7))
        #expect(inline.entry("ü")?.valuePosition == position(11, 13))
        #expect(inline.entry("b")?.keyPosition == position(11, 16))
        let dotted = try #require(inline["b"]?.tableValue)
        #expect(dotted.position == position(11, 16))
        #expect(dotted.entry("c")?.keyPosition == position(11, 18))
        #expect(dotted.entry("c")?.valuePosition == position(11, 22))
    }

    @Test func linesAfterMultiLineStringsAndCRLF() throws {
        let items = try #require(root["items"]?.arrayValue?[1].tableValue)
        #expect(items.entry("ml")?.valuePosition == position(12, 6))
        #expect(items["ml"] == "x\n")
        #expect(items.entry("after")?.keyPosition == position(15, 1))
        #expect(items.entry("last")?.keyPosition == position(16, 1))
        #expect(items.entry("last")?.valuePosition == position(16, 8))
    }

    @Test func keysKeepDocumentOrder() throws {
        let table = try TOMLParser.parse("z = 1\na = 2\nm.y = 3\nm.b = 4\nc = 5\n")
        #expect(table.keys == ["z", "a", "m", "c"])
        #expect(table["m"]?.tableValue?.keys == ["y", "b"])
    }
}
