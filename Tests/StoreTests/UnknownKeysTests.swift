import TOML
import Testing

@testable import Store

/// Files written by agents or newer tools may carry keys we do not know: a rewrite must keep them.
@Suite struct UnknownKeysTests {
    @Test func convoyRewriteKeepsUnknownKeys() throws {
        let text = """
            title = "SOC2"
            day = 2
            owner_team = "Gateway"

            [links]
            jira = "SOC-12"
            """
        let (parsed, problems) = ConvoyFile.parse(Array(text.utf8), name: "soc2", file: "convoy.toml")
        #expect(problems.isEmpty)
        var convoy = try #require(parsed)
        convoy.day = 3
        let rewritten = try TOMLParser.parse(convoy.tomlText)
        #expect(rewritten["day"] == 3)
        #expect(rewritten["owner_team"] == "Gateway")
        #expect(rewritten["links"]?["jira"] == "SOC-12")
    }

    @Test func moleculeRewriteKeepsUnknownKeysAtTopAndInSteps() throws {
        let text = """
            formula = "quick-fix"
            revision = 4
            agent_session = "claude-7f3"

            [steps.analysis]
            status = "done"
            attempt = 1
            notes = "checked the audit headers"
            """
        let (parsed, problems) = MoleculeFile.parse(Array(text.utf8), name: "m1", convoy: "c1", file: "molecule.toml")
        #expect(problems.isEmpty)
        var molecule = try #require(parsed)
        molecule.revision = 5
        let rewritten = try TOMLParser.parse(molecule.tomlText)
        #expect(rewritten["revision"] == 5)
        #expect(rewritten["agent_session"] == "claude-7f3")
        #expect(rewritten["steps"]?["analysis"]?["notes"] == "checked the audit headers")
        #expect(rewritten["steps"]?["analysis"]?["status"] == "done")
    }
}
