import Foundation
import Testing

@testable import Store

/// `gastown init`'s git set-up, the kinds of files the driver knows, and `sync`'s commit message.
@Suite struct GitSetupTests {
    func repository(_ workspace: TempWorkspace) throws -> GitRepository {
        #expect(GitRepository.run(["init", "-q"], in: workspace.path).succeeded)
        return try #require(GitRepository.containing(workspace.path))
    }

    @Test func installWritesTheAttributesAndConfigOnceKeepingLinesAlreadyThere() throws {
        let workspace = try TempWorkspace()
        defer { workspace.cleanup() }
        let git = try repository(workspace)
        try workspace.write(".beads/.gitattributes", "*.md text\n**/molecule.toml merge=gastown")
        #expect(!GitMergeSetup.problems(workspace.layout, in: git).isEmpty)

        let changes = try GitMergeSetup.install(workspace.layout, in: git)
        #expect(changes.count == 3)
        let text = workspace.read(".beads/.gitattributes") ?? ""
        #expect(text.hasPrefix("*.md text\n**/molecule.toml merge=gastown\n"))
        #expect(text.components(separatedBy: "**/molecule.toml merge=gastown").count == 2)
        for line in MergeFileKind.gitAttributes { #expect(text.contains(line + "\n")) }
        #expect(git.config("merge.gastown.driver") == "gastown merge-driver %O %A %B %P")
        #expect(GitMergeSetup.problems(workspace.layout, in: git).isEmpty)
        // Git routes a molecule file to the driver.
        let attribute = git.run(["check-attr", "merge", "--", ".beads/convoys/c/molecules/m/molecule.toml"]).stdout
        #expect(attribute.hasSuffix(": merge: gastown\n"))

        #expect(try GitMergeSetup.install(workspace.layout, in: git).isEmpty)
    }

    @Test func theDriverKnowsEachFileByItsPath() {
        let expected: [(String, MergeFileKind)] = [
            (".beads/convoys/c/molecules/m/molecule.toml", .molecule),
            ("sub/dir/.beads/convoys/c/convoy.toml", .convoy),
            (".beads/convoys/c/molecules/m/findings/f-0a1b2c3d.toml", .finding),
            (".beads/convoys/c/molecules/m/gates/tests.toml", .gateEvidence),
            (".beads/convoys/c/molecules/m/manual-checks.toml", .manualChecks),
            (".beads/mail/.read/alice.toml", .readMarks),
            (".beads/config.toml", .config),
            (".beads/convoys/c/molecules/m/checkpoints/x.toml", .unknown),
            (".beads/formulas/config.toml", .unknown),
            ("README.md", .unknown),
        ]
        for (path, kind) in expected { #expect(MergeFileKind.classify(path) == kind, "\(path)") }
    }

    @Test func theCommitMessageSaysWhatChanged() {
        let paths = [
            "convoys/c/molecules/m1/molecule.toml", "convoys/c/molecules/m2/molecule.toml",
            "convoys/c/molecules/m1/checkpoints/a.toml", "convoys/c/molecules/m1/checkpoints/b.toml",
            "convoys/c/molecules/m2/findings/f-00000001.toml", "mail/.read/alice.toml",
        ]
        #expect(
            SyncSummary.message(forChanged: paths) == "gastown: molecules m1, m2; 2 decisions; 1 finding; 1 mail file")
        let many = (1...5).map { "convoys/c/molecules/m\($0)/molecule.toml" } + ["convoys/c/convoy.toml"]
        #expect(SyncSummary.message(forChanged: many) == "gastown: convoy c; 5 molecules")
    }
}
