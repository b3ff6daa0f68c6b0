import Core
import TestSupport
import Testing

/// One resolver for every spelling of a team: slugs, display names, aliases, and the handoff documents' style.
@Suite struct TeamDirectoryTests {
    /// The seed's convoy: its four teams as the seed spells them, and one alias the handoffs use.
    static let soc2 = TeamDirectory.ConvoyTeams(
        convoy: "soc2-audit-trail", slugs: ["ai-analysis", "holmesapi", "data-storage", "gateway"],
        displayNames: [
            "ai-analysis": "AI Analysis", "holmesapi": "HolmesAPI", "data-storage": "Data Storage",
            "gateway": "Gateway",
        ],
        aliases: ["holmesapi": ["HAPI", "HolmesGPT API"], "gateway": ["GW"]])
    static let directory = TeamDirectory([soc2])

    func slug(_ spelling: String, in directory: TeamDirectory = directory) -> String? {
        directory.team(spelling)?.slug
    }

    @Test func aDisplayNameBecomesASlug() {
        #expect(TeamDirectory.slug("AI Analysis") == "ai-analysis")
        #expect(TeamDirectory.slug("  Data   Storage ") == "data-storage")
        #expect(TeamDirectory.slug("HolmesAPI") == "holmesapi")
        #expect(TeamDirectory.slug("Gateway (GW) Team") == "gateway-gw-team")
        #expect(TeamDirectory.slug("data_storage.v2") == "data_storage.v2")
        #expect(TeamDirectory.slug("Équipe Données") == "équipe-données")
        #expect(TeamDirectory.slug("..hidden") == "hidden")
        #expect(TeamDirectory.slug(String(repeating: "a", count: 70))?.count == 64)
        #expect(TeamDirectory.slug("🚀 !!") == nil)
        #expect(TeamDirectory.slug("") == nil)
    }

    @Test func everySpellingOfATeamResolvesToItsSlug() {
        for spelling in ["ai-analysis", "AI Analysis", "ai analysis", "AI-Analysis", "ai_analysis", " AI  Analysis "] {
            #expect(slug(spelling) == "ai-analysis", "\(spelling)")
        }
        for spelling in ["Data Storage", "DATA STORAGE", "data-storage"] { #expect(slug(spelling) == "data-storage") }
        #expect(slug("HAPI") == "holmesapi")
        #expect(slug("gw") == "gateway")
        #expect(slug("Storage") == nil)
        #expect(slug("") == nil)
    }

    @Test func theHandoffStyleMatchesByNameSlugOrAlias() {
        // "Gateway (GW) Team": the name before the parenthesis is the display name.
        #expect(slug("Gateway (GW) Team") == "gateway")
        #expect(slug("Gateway Team") == "gateway")
        // "HolmesGPT API (HAPI) Team": the name and the abbreviation are both aliases.
        #expect(slug("HolmesGPT API (HAPI) Team") == "holmesapi")
        // Only the abbreviation is known: it still names the team.
        let onlyAbbreviation = TeamDirectory([
            .init(convoy: "c", slugs: ["gateway"], aliases: ["gateway": ["GW"]])
        ])
        #expect(slug("Gatekeepers (GW) Team", in: onlyAbbreviation) == "gateway")
        #expect(slug("Integration Test Migration Team") == nil)
        // The whole spelling as an alias wins over its parts.
        let whole = TeamDirectory([
            .init(convoy: "c", slugs: ["gateway", "gw-team"], aliases: ["gw-team": ["Gateway (GW) Team"]])
        ])
        #expect(slug("Gateway (GW) Team", in: whole) == "gw-team")
    }

    @Test func theSeedsHeadersNameTheirTeams() throws {
        let headers = LegacyHandoff.headers(in: try Repository.seed("000"))
        let from = try #require(headers["from"])
        #expect(from == "HolmesGPT API (HAPI) Team")
        #expect(slug(from) == "holmesapi")
        let to = LegacyHandoff.message(from: try Repository.seed("000"), id: "000", format: .legacy).to
        #expect(to.first == "Gateway (GW) Team")
        #expect(slug(to[0]) == "gateway")
    }

    @Test func aSpellingTwoTeamsShareIsAmbiguousAndAnExactSlugWins() {
        let directory = TeamDirectory([
            .init(convoy: "a", slugs: ["api"], displayNames: ["api": "Platform"]),
            .init(convoy: "b", slugs: ["platform"], aliases: ["platform": ["Core"]]),
            .init(convoy: "c", slugs: ["core"]),
        ])
        guard case .ambiguous(let teams) = directory.resolve("Platform") else {
            Issue.record("expected an ambiguous spelling")
            return
        }
        #expect(Set(teams.map(\.slug)) == ["api", "platform"])
        #expect(slug("platform", in: directory) == "platform")
        #expect(slug("core", in: directory) == "core")
    }

    @Test func aTeamSeveralConvoysListIsOneTeam() {
        let directory = TeamDirectory([
            Self.soc2, .init(convoy: "toolset", slugs: ["holmesapi"], aliases: ["holmesapi": ["Holmes"]]),
        ])
        let team = directory.team("Holmes")
        #expect(team?.convoys == ["soc2-audit-trail", "toolset"])
        #expect(team?.displayName == "HolmesAPI")
        #expect(team?.aliases == ["HAPI", "HolmesGPT API", "Holmes"])
        #expect(directory.teams.count == 4)
        #expect(directory.displayName("data-storage") == "Data Storage")
        #expect(directory.displayName("unknown") == "unknown")
        #expect(
            directory.knownTeams
                == "AI Analysis (ai-analysis), Data Storage (data-storage), Gateway (gateway; also GW), HolmesAPI (holmesapi; also HAPI, HolmesGPT API, Holmes)"
        )
        #expect(TeamDirectory.empty.knownTeams == "none")
    }
}
