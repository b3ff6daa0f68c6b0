import Core
import Foundation
import Store
import Testing

@Suite struct FormulaLibraryTests {
    /// A workspace with formulas/, .beads/formulas/ and a home directory of its own.
    final class Tree {
        let root: String
        init() throws {
            root =
                FileManager.default.temporaryDirectory.appendingPathComponent("formula-library-\(UUID().uuidString)")
                .path
            for dir in ["formulas", ".beads/formulas", "home/.beads/formulas"] {
                try FileManager.default.createDirectory(atPath: root + "/" + dir, withIntermediateDirectories: true)
            }
        }
        deinit { try? FileManager.default.removeItem(atPath: root) }
        func write(_ path: String, _ text: String) throws {
            try text.write(toFile: root + "/" + path, atomically: true, encoding: .utf8)
        }
        var library: FormulaLibrary {
            FormulaLibrary(directories: FormulaLibrary.searchPath(workspace: root, home: root + "/home"))
        }
    }

    @Test func theSearchPathIsFormulasThenBeadsThenHome() {
        #expect(
            FormulaLibrary.searchPath(workspace: "/w", home: "/h")
                == ["/w/formulas", "/w/.beads/formulas", "/h/.beads/formulas"])
        #expect(FormulaLibrary.searchPath(workspace: "/w/", home: nil) == ["/w/formulas", "/w/.beads/formulas"])
    }

    @Test func extendsIsResolvedAcrossTheSearchPath() throws {
        let tree = try Tree()
        try tree.write(
            "home/.beads/formulas/base.formula.toml", "formula = \"base\"\nversion = 1\n[[steps]]\nid = \"design\"\n")
        try tree.write(
            ".beads/formulas/child.toml", "formula = \"child\"\nextends = \"base\"\n[[steps]]\nid = \"build\"\n")
        let loaded = tree.library.load(named: "child")
        #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics)")
        #expect(loaded.formula?.steps.map(\.id) == ["design", "build"])
        #expect(loaded.formula?.version == .integer(1))
        #expect(loaded.path == tree.root + "/.beads/formulas/child.toml")
    }

    @Test func aParentThatDoesNotParseIsReportedInItsOwnFile() throws {
        let tree = try Tree()
        try tree.write("formulas/base.toml", "formula = \"base\"\n[[steps]\nid = 1\n")
        try tree.write("formulas/child.toml", "formula = \"child\"\nextends = [\"base\"]\n[[steps]]\nid = \"s\"\n")
        let loaded = tree.library.load(named: "child")
        #expect(loaded.formula == nil)
        #expect(
            loaded.diagnostics.contains {
                $0.file.hasSuffix("formulas/base.toml") && $0.position.line == 2 && $0.isError
            })
        #expect(
            loaded.diagnostics.contains {
                $0.file.hasSuffix("formulas/child.toml") && $0.message.hasPrefix("extends \"base\"")
            })
    }

    @Test func namesThatWouldLeaveTheSearchPathAreNeverOpened() throws {
        let tree = try Tree()
        try tree.write("secret.toml", "formula = \"secret\"\n[[steps]]\nid = \"s\"\n")
        try tree.write("formulas/sneaky.toml", "formula = \"sneaky\"\nextends = \"../secret\"\n[[steps]]\nid = \"s\"\n")
        #expect(tree.library.path(named: "../secret") == nil)
        #expect(tree.library.load(named: "../secret").formula == nil)
        let sneaky = tree.library.load(named: "sneaky")
        #expect(sneaky.formula == nil)
        #expect(
            sneaky.diagnostics.map(\.message) == [
                #"extends "../secret": no such formula on the search path (formulas/, .beads/formulas/, ~/.beads/formulas/)"#
            ])
    }

    @Test func listMarksShadowedNamesAndSkipsOtherFiles() throws {
        let tree = try Tree()
        try tree.write("formulas/a.toml", "formula = \"a\"\n[[steps]]\nid = \"s\"\n")
        try tree.write(".beads/formulas/a.formula.toml", "formula = \"a\"\n[[steps]]\nid = \"s\"\n")
        try tree.write(".beads/formulas/notes.md", "not a formula")
        try FileManager.default.createDirectory(
            atPath: tree.root + "/formulas/dir.toml", withIntermediateDirectories: true)
        let entries = tree.library.list()
        #expect(entries.map(\.name) == ["a", "a"])
        #expect(entries.map(\.shadowed) == [false, true])
        #expect(tree.library.path(named: "a") == tree.root + "/formulas/a.toml")
    }

    @Test func unreadableInputsBecomeDiagnostics() throws {
        let tree = try Tree()
        let missing = tree.library.load(path: tree.root + "/nope.toml")
        #expect(missing.diagnostics.map(\.message) == ["cannot read the file (it does not exist or is not readable)"])
        let directory = tree.library.load(path: tree.root + "/formulas")
        #expect(directory.diagnostics.map(\.message) == ["is a directory, not a formula file"])
    }
}
