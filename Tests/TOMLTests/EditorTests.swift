import Testing

@testable import TOML

/// One test per guarantee of `TOMLEditor`: the expected text is written out by hand in each.
@Suite struct EditorTests {
    /// Applies `edit` to `input` and returns the text, checking that it parses.
    private func edited(_ input: String, _ edit: (inout TOMLEditor) throws -> Void) throws -> String {
        var editor = try TOMLEditor(input)
        try edit(&editor)
        let text = editor.text
        _ = try TOMLParser.parse(text)
        return text
    }

    // MARK: - Round trip

    @Test func withoutEditsTheTextIsUnchanged() throws {
        let input = "# top\na = 1 # one\n\n[t]\n  b = 'x'\n"
        #expect(try edited(input) { _ in } == input)
    }

    // MARK: - Changed values

    @Test func aChangedValueKeepsItsKeySpacingAndComment() throws {
        let input = "# agent note: keep this comment\nname   =   \"m\"   # why\nnotes = \"mine\"   # why\n"
        let output = try edited(input) { try $0.set("bob", at: ["name"]) }
        #expect(output == "# agent note: keep this comment\nname   =   \"bob\"   # why\nnotes = \"mine\"   # why\n")
    }

    @Test func hexAndUnderscoredIntegersKeepTheirFormat() throws {
        let input = "mask = 0xFF\nbig = 1_000\nplain = 7\nsigned = +3\n"
        let output = try edited(input) {
            try $0.set(.integer(4096), at: ["mask"])
            try $0.set(.integer(2_500_000), at: ["big"])
            try $0.set(.integer(8), at: ["plain"])
            try $0.set(.integer(4), at: ["signed"])
        }
        #expect(output == "mask = 0x1000\nbig = 2_500_000\nplain = 8\nsigned = +4\n")
    }

    @Test func untouchedNumbersKeepTheirFormat() throws {
        let input = "a = 0o17\nb = 1_000\nc = 1e3\nd = 0b101\n"
        let output = try edited(input) { try $0.set(.integer(2), at: ["d"]) }
        #expect(output == "a = 0o17\nb = 1_000\nc = 1e3\nd = 0b10\n")
    }

    @Test func literalStringsStayLiteralWhenTheyCan() throws {
        let input = "path = 'C:\\dir'\nquote = 'plain'\n"
        let output = try edited(input) {
            try $0.set(#"D:\other"#, at: ["path"])
            try $0.set("it's", at: ["quote"])
        }
        #expect(output == "path = 'D:\\other'\nquote = \"it's\"\n")
    }

    // MARK: - Line ends

    @Test func crlfStaysCRLF() throws {
        let input = "a = 1\r\n# note\r\n[t]\r\nb = 2\r\n"
        let output = try edited(input) {
            try $0.set(.integer(5), at: ["t", "b"])
            try $0.set("new", at: ["t", "c"])
            try $0.set("multi\nline", at: ["t", "d"])
            try $0.set(["x": 1], at: ["u"])
        }
        #expect(
            output == "a = 1\r\n# note\r\n[t]\r\nb = 5\r\nc = \"new\"\r\nd = \"multi\\nline\"\r\n\r\n[u]\r\nx = 1\r\n")
    }

    // MARK: - New keys

    @Test func aNewKeyGoesAfterItsTablesLastKeyInTheFilesStyle() throws {
        let input = "[server]\n    host   = \"a\"\n    port   = 80 # web\n\n[other]\nx = 1\n"
        let output = try edited(input) { try $0.set(true, at: ["server", "tls"]) }
        #expect(output == "[server]\n    host   = \"a\"\n    port   = 80 # web\n    tls   = true\n\n[other]\nx = 1\n")
    }

    @Test func aNewKeyInATableWithoutKeysGoesBelowItsHeader() throws {
        let input = "[empty]\n\n[next]\nx = 1\n"
        let output = try edited(input) { try $0.set("v", at: ["empty", "k"]) }
        #expect(output == "[empty]\nk = \"v\"\n\n[next]\nx = 1\n")
    }

    @Test func aNewRootKeyInADocumentOfSectionsGoesAboveTheFirst() throws {
        let input = "# about t\n[t]\nx = 1\n"
        let output = try edited(input) { try $0.set(.integer(2), at: ["top"]) }
        #expect(output == "top = 2\n\n# about t\n[t]\nx = 1\n")
    }

    @Test func aNewKeyOfADottedTableUsesItsPrefix() throws {
        let input = "name = \"x\"\nsite . \"owner\" = \"me\"\nlast = 1\n"
        let output = try edited(input) { try $0.set("blue", at: ["site", "color"]) }
        #expect(output == "name = \"x\"\nsite . \"owner\" = \"me\"\nsite . color = \"blue\"\nlast = 1\n")
    }

    @Test func aNewKeyOfAnInlineTableStaysInline() throws {
        let input = "point = { x = 1, y = 2 } # here\nempty = {}\n"
        let output = try edited(input) {
            try $0.set(.integer(3), at: ["point", "z"])
            try $0.set("v", at: ["empty", "k"])
        }
        #expect(output == "point = { x = 1, y = 2, z = 3 } # here\nempty = { k = \"v\" }\n")
    }

    @Test func aKeyOfAnImplicitTableGetsAHeaderAboveItsSubTables() throws {
        let input = "a = 1\n\n# the b table\n[parent.b]\nx = 1\n"
        let output = try edited(input) { try $0.set(.integer(2), at: ["parent", "y"]) }
        #expect(output == "a = 1\n\n[parent]\ny = 2\n\n# the b table\n[parent.b]\nx = 1\n")
    }

    // MARK: - New tables

    @Test func aNewTableGoesAfterItsParentsLastSubTable() throws {
        let input = "[a]\nx = 1\n\n[a.b]\ny = 2\n# b's last words\n\n[c]\nz = 3\n"
        let output = try edited(input) { try $0.set(["k": "v"], at: ["a", "new"]) }
        #expect(output == "[a]\nx = 1\n\n[a.b]\ny = 2\n# b's last words\n\n[a.new]\nk = \"v\"\n\n[c]\nz = 3\n")
    }

    @Test func aNewTopLevelTableGoesAtTheEnd() throws {
        let input = "x = 1\n[t]\ny = 2"
        let output = try edited(input) { try $0.set(["k": 1], at: ["u"]) }
        #expect(output == "x = 1\n[t]\ny = 2\n\n[u]\nk = 1\n")
    }

    @Test func missingTablesOnTheWayAreCreated() throws {
        let output = try edited("x = 1\n") { try $0.set("deep", at: ["a", "b", "c"]) }
        #expect(output == "x = 1\n\n[a.b]\nc = \"deep\"\n")
    }

    // MARK: - Arrays of tables

    @Test func arraysOfTablesGrowShrinkAndChangeInPlace() throws {
        let input =
            "[[p]]\nname = \"a\" # first\n\n# second\n[[p]]\nname = \"b\"\n\n[[p]]\nname = \"c\"\n\n[z]\nq = 1\n"
        let output = try edited(input) {
            try $0.set("A", at: ["p", 0, "name"])
            try $0.remove(at: ["p", 1])
            try $0.append(["name": "d"], toArrayAt: ["p"])
        }
        #expect(output == "[[p]]\nname = \"A\" # first\n\n[[p]]\nname = \"c\"\n\n[[p]]\nname = \"d\"\n\n[z]\nq = 1\n")
    }

    @Test func removingTheLastElementOfAnArrayOfTablesLeavesAnEmptyArray() throws {
        let output = try edited("x = 1\n\n[[p]]\nname = \"a\"\n") { try $0.remove(at: ["p", 0]) }
        #expect(output == "x = 1\np = []\n\n")
        #expect(try TOMLParser.parse(output)["p"] == .array([]))
    }

    // MARK: - Inline arrays

    @Test func arraysGrowAndShrinkInTheirLayout() throws {
        let input = "one = [1, 2, 3]\nmany = [\n  \"a\", # first\n  \"b\",\n]\n"
        let output = try edited(input) {
            try $0.set([1, 3], at: ["one"])
            try $0.append("c", toArrayAt: ["many"])
        }
        #expect(output == "one = [1, 3]\nmany = [\n  \"a\", # first\n  \"b\",\n  \"c\",\n]\n")
    }

    @Test func removingAnArrayElementOnItsOwnLineTakesItsLine() throws {
        let input = "many = [\n  # about a\n  \"a\",\n  \"b\", # bee\n  \"c\"\n]\n"
        let output = try edited(input) {
            try $0.remove(at: ["many", 1])
        }
        #expect(output == "many = [\n  # about a\n  \"a\",\n  \"c\"\n]\n")
    }

    // MARK: - Removal

    @Test func aRemovedKeyTakesItsLineAndItsCommentsAndNothingElse() throws {
        let input = "a = 1\n\n# about b\n# more about b\nb = 2 # b's own\n# about c\nc = 3\n"
        let output = try edited(input) { try $0.remove(at: ["b"]) }
        #expect(output == "a = 1\n\n# about c\nc = 3\n")
    }

    @Test func aRemovedTableTakesItsSectionsAndSubTables() throws {
        let input = "[a]\nx = 1\n\n# about t\n[t]\ny = 2\n\n[u]\nz = 3\n\n[t.sub]\nw = 4\n"
        let output = try edited(input) { try $0.remove(at: ["t"]) }
        #expect(output == "[a]\nx = 1\n\n[u]\nz = 3\n\n")
    }

    @Test func removingADottedKeyKeepsItsTableWhenOthersRemain() throws {
        let input = "site.a = 1\nsite.b = 2\nother = 3\n"
        let output = try edited(input) { try $0.remove(at: ["site", "a"]) }
        #expect(output == "site.b = 2\nother = 3\n")
    }

    @Test func removingTheLastKeyOfADottedTableLeavesItEmpty() throws {
        let input = "site.a = 1 # keep me\nother = 3\n"
        var editor = try TOMLEditor(input)
        try editor.remove(at: ["site", "a"])
        #expect(editor.text == "site = {} # keep me\nother = 3\n")
        #expect(try editor.values() == ["site": .table([:]), "other": 3])
    }

    @Test func removingFromAnInlineTableKeepsTheRest() throws {
        let input = "p = { x = 1, y = 2, z = 3 }\n"
        let output = try edited(input) {
            try $0.remove(at: ["p", "y"])
        }
        #expect(output == "p = { x = 1, z = 3 }\n")
        #expect(try edited(output) { try $0.remove(at: ["p", "z"]) } == "p = { x = 1 }\n")
    }

    // MARK: - Whole-table updates

    @Test func updateTouchesOnlyTheDifferences() throws {
        let input = """
            # molecule
            name = "m"   # mine
            revision = 3
            notes = "keep"  # unknown to the tool

            [steps.build]
            status = "active" # agent
            attempt = 1

            """
        var editor = try TOMLEditor(input)
        var target = try TOMLParser.parse(input)
        target["revision"] = 4
        var steps = target["steps"]!.tableValue!
        var build = steps["build"]!.tableValue!
        build["status"] = "done"
        steps["build"] = .table(build)
        steps["test"] = ["status": "active", "attempt": 1]
        target["steps"] = .table(steps)
        try editor.update(to: target)
        #expect(
            editor.text == """
                # molecule
                name = "m"   # mine
                revision = 4
                notes = "keep"  # unknown to the tool

                [steps.build]
                status = "done" # agent
                attempt = 1

                [steps.test]
                status = "active"
                attempt = 1

                """)
        #expect(try editor.values() == target)
    }

    @Test func applyChangesLeavesKeysNeitherSideKnows() throws {
        var editor = try TOMLEditor("a = 1\nmine = \"x\" # agent's\nb = 2\n")
        try editor.apply(changesFrom: ["a": 1, "b": 2], to: ["a": 10])
        #expect(editor.text == "a = 10\nmine = \"x\" # agent's\n")
    }

    // MARK: - Refusals

    @Test func editsThatCannotBeWrittenAreTypedErrors() throws {
        var editor = try TOMLEditor("a = 1\nt = [1]\n")
        #expect(throws: TOMLEditError.notAContainer(["a"], found: "an integer")) {
            try editor.set(1, at: ["a", "b"])
        }
        #expect(throws: TOMLEditError.indexOutOfRange(["t", 5], count: 1)) { try editor.set(1, at: ["t", 5]) }
        #expect(throws: TOMLEditError.alreadyExists(["a"])) { try editor.insert(2, at: ["a"]) }
        #expect(throws: TOMLEditError.notFound(["zz"])) { try editor.remove(at: ["zz"]) }
        let badDate = TOMLValue.localDate(LocalDate(year: 10_000, month: 1, day: 1))
        #expect(throws: TOMLEditError.self) { try editor.set(badDate, at: ["d"]) }
        #expect(editor.text == "a = 1\nt = [1]\n")
    }
}
