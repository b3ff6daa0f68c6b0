import TOML
import Testing

/// Which tables may be defined or extended where (TOML 1.1 "Table" and "Dotted keys" rules).
@Suite struct RedefinitionRuleTests {
    static let valid: [String] = [
        "[a.b]\n[a]\nx = 1",  // an implicit table defined later
        "[fruit]\napple.color = 'red'\napple.taste.sweet = true\n[fruit.apple.texture]\nsmooth = true",
        "a.b = 1\na.c = 2",  // dotted keys extend their own tables in the same section
        "[a.b.c]\nz = 9\n[a]\nb.d = 1",  // dotted keys may claim an implicit table
        "[[a]]\nb.c = 1\n[[a]]\nb.c = 2",  // every element is a fresh table
        "[[a]]\n[a.b]\n[[a]]\n[a.b]",  // sub-tables of different elements
        "[[a.b]]\n[[a.b]]\n[a]\nc = 1",
        "t = {a.b = 1, a.c = 2}",  // dotted keys inside one inline table
        "t = {\n  a = 1, # comment\n  b = 2,\n}",  // TOML 1.1 inline tables
    ]

    static let invalid: [String] = [
        "[a]\n[a]",
        "[a]\nb = 1\n[a.b]",
        "a.b = 1\n[a]",  // a table created by dotted keys cannot get a header
        "[a]\nb.c = 1\n[a.b]",
        "[a.b.c]\nz = 9\n[a]\nb.c.t = 1",  // dotted keys cannot reach a header-defined table
        "[a]\nb.c = 1\n[x]\n[a.b]",
        "a = {}\n[a]",
        "a = {b = 1}\na.c = 2",
        "a = {b = 1}\n[a.c]",
        "a = []\n[[a]]",
        "a = [{b = 1}]\n[a.c]",
        "[[a]]\n[a]",
        "[a]\n[[a]]",
        "[[a.b]]\n[a]\nb.y = 2",  // dotted keys cannot reach into an array of tables
        "t = {a = {b = 1}, a.c = 2}",
        "a = 1\na.b = 2",
    ]

    @Test(arguments: valid) func accepted(_ document: String) {
        #expect(throws: Never.self) { try TOMLParser.parse(document) }
    }

    @Test(arguments: invalid) func rejected(_ document: String) {
        #expect(throws: TOMLError.self) { try TOMLParser.parse(document) }
    }

    @Test func implicitTableGetsItsHeaderPositionWhenDefined() throws {
        let table = try TOMLParser.parse("[a.b]\nx = 1\n[a]\ny = 2\n")
        #expect(table["a"]?.tableValue?.position == SourcePosition(line: 3, column: 1))
        #expect(table["a"]?.tableValue?.keys == ["b", "y"])
    }
}
