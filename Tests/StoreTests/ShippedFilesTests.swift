import Core
import Foundation
import TestSupport
import Testing

@testable import Store

/// The formulas and templates built into the binary are the repository's files, byte for byte, and work without
/// the source tree: searched after every directory, copied by `init` and `formula install`.
@Suite struct ShippedFilesTests {
    /// The repository's files of one folder, by name.
    static func repositoryFiles(_ folder: String) throws -> [String: String] {
        let names = try FileManager.default.contentsOfDirectory(
            atPath: Repository.root.appendingPathComponent(folder).path)
        var files: [String: String] = [:]
        for name in names where !name.hasPrefix(".") { files[name] = try Repository.text(folder + "/" + name) }
        return files
    }

    /// Every file of the repository's `folder` is built in with the same text, and nothing else is.
    func expectBuiltIn(_ shipped: [ShippedFile], are folder: String, suffix: String = "") throws {
        let repository = try Self.repositoryFiles(folder).filter { $0.key.hasSuffix(suffix) }
        #expect(!repository.isEmpty)
        let builtIn = Dictionary(uniqueKeysWithValues: shipped.map { ($0.name, $0.text) })
        #expect(Set(builtIn.keys) == Set(repository.keys), "run scripts/generate-shipped")
        for (name, text) in repository {
            #expect(
                builtIn[name] == text, "\(folder)/\(name) differs from its built-in copy: run scripts/generate-shipped")
        }
    }

    @Test func theBuiltInFormulasAreTheRepositorysFormulasByteForByte() throws {
        try expectBuiltIn(ShippedFiles.formulas, are: "formulas", suffix: ".toml")
    }

    @Test func theBuiltInTemplatesAreTheRepositorysTemplatesByteForByte() throws {
        try expectBuiltIn(ShippedFiles.templates, are: "templates")
    }

    @Test func everyBuiltInFormulaLoadsWithoutErrorsFromItsText() {
        let library = FormulaLibrary(directories: [], builtIns: ShippedFiles.formulas)
        for file in ShippedFiles.formulas {
            let loaded = library.load(named: file.stem)
            #expect(loaded.formula?.name == file.stem, "\(loaded.diagnostics)")
            #expect(loaded.path == "built-in:\(file.name)")
        }
    }

    @Test func builtInsAreSearchedLastAndAWorkspaceCopyShadowsThem() throws {
        let workspace = try TempWorkspace()
        defer { workspace.cleanup() }
        let library = FormulaLibrary.workspace(workspace.path, home: workspace.path + "/home")
        #expect(library.path(named: "quick-fix") == "built-in:quick-fix.toml")
        try workspace.write(
            ".beads/formulas/quick-fix.toml",
            "formula = \"quick-fix\"\nversion = 0\n[[steps]]\nid = \"only\"\n")
        #expect(library.path(named: "quick-fix") == workspace.path + "/.beads/formulas/quick-fix.toml")
        let entries = library.list().filter { $0.name == "quick-fix" }
        #expect(entries.map(\.isBuiltIn) == [false, true])
        #expect(entries.map(\.shadowed) == [false, true])
        #expect(library.builtIn(shadowedBy: entries[0])?.name == "quick-fix.toml")
        #expect(library.load(named: "quick-fix").formula?.steps.map(\.id) == ["only"])
    }

    @Test func aWorkspaceFormulaMayExtendABuiltInOne() throws {
        let workspace = try TempWorkspace()
        defer { workspace.cleanup() }
        try workspace.write(
            "formulas/ours.toml",
            "formula = \"ours\"\nextends = \"quick-fix\"\n[[steps]]\nid = \"extra\"\n")
        let loaded = FormulaLibrary.workspace(workspace.path, home: nil).load(named: "ours")
        #expect(loaded.diagnostics.errors.isEmpty, "\(loaded.diagnostics)")
        #expect(loaded.formula?.steps.last?.id == "extra")
    }

    @Test func initCopiesTheStarterFilesOnceAndNeverOverwrites() throws {
        let workspace = try TempWorkspace()
        defer { workspace.cleanup() }
        let first = try ShippedInstall.installStarterFiles(workspace.layout)
        #expect(
            first == [
                .init(path: ".beads/formulas/integration-test-full-validation.toml", outcome: .created),
                .init(path: ".beads/templates/compliance-triage-report-v2.md", outcome: .created),
            ])
        #expect(
            workspace.read(".beads/formulas/integration-test-full-validation.toml")
                == ShippedFiles.formula(named: "integration-test-full-validation")?.text)
        try workspace.write(".beads/templates/compliance-triage-report-v2.md", "ours\n")
        let again = try ShippedInstall.installStarterFiles(workspace.layout)
        #expect(again.map(\.outcome) == [.unchanged, .kept])
        #expect(workspace.read(".beads/templates/compliance-triage-report-v2.md") == "ours\n")
        #expect(try StoreInitializer.writeReadme(workspace.layout).outcome == .created)
        try workspace.write(".beads/README.md", "our notes\n")
        #expect(try StoreInitializer.writeReadme(workspace.layout).outcome == .kept)
        #expect(workspace.read(".beads/README.md") == "our notes\n")
    }

    @Test func installRefusesADifferentCopyUnlessForced() throws {
        let workspace = try TempWorkspace()
        defer { workspace.cleanup() }
        try workspace.write(".beads/formulas/integration-test-full-validation.toml", "# ours\n")
        #expect(throws: StoreError.self) {
            try ShippedInstall.installFormula(
                "integration-test-full-validation", layout: workspace.layout, force: false)
        }
        #expect(workspace.read(".beads/formulas/integration-test-full-validation.toml") == "# ours\n")
        let forced = try ShippedInstall.installFormula(
            "integration-test-full-validation", layout: workspace.layout, force: true)
        // The formula names its report template, which comes along.
        #expect(forced.map(\.outcome) == [.replaced, .created])
        #expect(forced.last?.path == ".beads/templates/compliance-triage-report-v2.md")
        do {
            _ = try ShippedInstall.installFormula("nope", layout: workspace.layout, force: false)
            Issue.record("an unknown formula was installed")
        } catch {
            #expect(error.kind == .notFound)
            #expect(error.message.contains("quick-fix"))
        }
    }

    @Test func formulaVersionsCompareAsDottedNumbers() {
        #expect(FormulaVersion.text("2.0").precedes(.text("2.1")) == true)
        #expect(FormulaVersion.text("2.10").precedes(.text("2.9")) == false)
        #expect(FormulaVersion.integer(2).precedes(.text("2.0")) == false)
        #expect(FormulaVersion.integer(2).precedes(.text("2.0.1")) == true)
        #expect(FormulaVersion.text("beta").precedes(.text("2")) == nil)
    }
}
