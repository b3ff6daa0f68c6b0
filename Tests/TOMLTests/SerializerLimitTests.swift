import Testing

@testable import TOML

/// The serializer keeps a document's nesting exactly, so anything the parser accepts at its
/// depth limit is written back within the limit.
@Suite struct SerializerLimitTests {
    private func deepestAccepted(_ make: (Int) -> String) -> (depth: Int, table: TOMLTable)? {
        var best: (Int, TOMLTable)?
        for depth in (TOMLParser.maximumNestingDepth - 3)...(TOMLParser.maximumNestingDepth + 2) {
            if let table = try? TOMLParser.parse(make(depth)) { best = (depth, table) }
        }
        return best
    }

    private func expectRoundTrip(_ table: TOMLTable) {
        let text = TOMLSerializer.serialize(table)
        #expect((try? TOMLParser.parse(text)) == table, "does not round-trip:\n\(text.prefix(400))")
    }

    @Test func arraysAtTheDepthLimitRoundTrip() throws {
        let found = try #require(
            deepestAccepted { "a = " + String(repeating: "[", count: $0) + String(repeating: "]", count: $0) })
        #expect(found.depth >= TOMLParser.maximumNestingDepth - 1)
        expectRoundTrip(found.table)
    }

    @Test func tablesInArraysOfTablesAtTheDepthLimitRoundTrip() throws {
        // [[x]] then inline tables and arrays alternating, down to the limit.
        let found = try #require(
            deepestAccepted { depth in
                var value = "1"
                for level in 0..<(depth - 2) { value = level % 2 == 0 ? "{ k = \(value) }" : "[\(value)]" }
                return "[[x]]\nv = \(value)\n"
            })
        expectRoundTrip(found.table)
    }

    @Test func headerPathsAtTheDepthLimitRoundTrip() throws {
        let found = try #require(
            deepestAccepted { depth in
                "[" + (0..<depth).map { "k\($0)" }.joined(separator: ".") + "]\nv = 1\n"
            })
        expectRoundTrip(found.table)
    }
}
