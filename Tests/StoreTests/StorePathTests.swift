import Testing

@testable import Store

@Suite struct StorePathTests {
    let layout = StoreLayout(workspace: "/w")

    @Test(arguments: [
        ("/w/.beads/formulas/quick-fix.toml", StorePath.formula),
        ("/w/.beads/templates/report.md", .template),
        ("/w/.beads/mail/2026-01-01-handoff.md", .mail),
        ("/w/.beads/mail/.read/alice.toml", .mail),
        ("/w/.beads/mail", .mail),
        ("/w/.beads/convoys", .convoys),
        ("/w/.beads/convoys/c1", .convoy("c1", .folder)),
        ("/w/.beads/convoys/c1/convoy.toml", .convoy("c1", .file)),
        ("/w/.beads/convoys/c1/.convoy.toml.tmp-1", .convoy("c1", .other)),
        ("/w/.beads/convoys/c1/notes/convoy.toml", .convoy("c1", .other)),
        ("/w/.beads/convoys/c1/molecules", .convoy("c1", .moleculesFolder)),
        ("/w/.beads/convoys/c1/molecules/m1", .molecule(convoy: "c1", molecule: "m1", .folder)),
        ("/w/.beads/convoys/c1/molecules/m1/molecule.toml", .molecule(convoy: "c1", molecule: "m1", .file)),
        (
            "/w/.beads/convoys/c1/molecules/m1/checkpoints/0001-a-approved.toml",
            .molecule(convoy: "c1", molecule: "m1", .decision)
        ),
        ("/w/.beads/convoys/c1/molecules/m1/gates/tests.toml", .molecule(convoy: "c1", molecule: "m1", .gateEvidence)),
        (
            "/w/.beads/convoys/c1/molecules/m1/manual-checks.toml",
            .molecule(convoy: "c1", molecule: "m1", .gateEvidence)
        ),
        ("/w/.beads/convoys/c1/molecules/m1/findings/f-1.toml", .molecule(convoy: "c1", molecule: "m1", .finding)),
        ("/w/.beads/convoys/c1/molecules/m1/reports/r.md", .molecule(convoy: "c1", molecule: "m1", .report)),
        ("/w/.beads/convoys/c1/molecules/m1/.molecule.toml.tmp-9", .molecule(convoy: "c1", molecule: "m1", .other)),
        ("/w/.beads", .other),
        ("/w/.beads/.gitignore", .other),
        ("/w/.beads/unknown/x", .other),
    ])
    func classifiesEveryPartOfTheLayout(path: String, expected: StorePath) {
        #expect(layout.classify(path) == expected)
    }

    @Test(arguments: ["/w", "/w/formulas/a.toml", "/w/.beadsx/mail/m.md", "/other/.beads/mail/m.md", "relative/.beads"])
    func pathsOutsideTheStoreAreOutside(path: String) {
        #expect(layout.classify(path) == .outside)
    }

    @Test func repeatedSlashesDoNotChangeTheReading() {
        #expect(layout.classify("/w/.beads//convoys/c1//convoy.toml") == .convoy("c1", .file))
    }

    @Test func aWorkspaceAtTheRootHasItsStoreAtSlashBeads() {
        #expect(StoreLayout(workspace: "/").classify("/.beads/convoys/c/convoy.toml") == .convoy("c", .file))
    }
}
