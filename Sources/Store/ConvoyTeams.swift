import Core
import DisplayText

/// A convoy's teams as commands change them: any spelling in, slugs in `teams`, the spelling people use in
/// `[team_names]`, other spellings in `[team_aliases]`.
extension ConvoyFile {
    /// This convoy's teams alone.
    public var teamDirectory: TeamDirectory { TeamDirectory([teamEntry]) }

    /// Adds a team written as people write it (`AI Analysis`): its slug (`ai-analysis`) goes into `teams`, the
    /// spelling into `[team_names]` when it differs. Returns the slug.
    @discardableResult
    public mutating func addTeam(_ spelling: String) throws(StoreError) -> String {
        let name = spelling.trimmingWhitespaceAndNewlines()
        if let problem = OneLineText.problem(with: name) {
            throw StoreError(.invalidInput, "invalid team \"\(TerminalText.sanitizeLine(spelling))\": \(problem)")
        }
        if let existing = teamDirectory.team(name) {
            throw StoreError(
                .invalidInput, "convoy \(self.name) already has team \(TerminalText.sanitizeLine(existing.label))")
        }
        guard let slug = TeamDirectory.slug(name) else {
            throw StoreError(
                .invalidInput,
                "invalid team \"\(TerminalText.sanitizeLine(spelling))\": it has no letters or digits to name it by")
        }
        if teams.contains(slug) {
            throw StoreError(.invalidInput, "convoy \(self.name) already has a team \(slug)")
        }
        teams.append(slug)
        if name != slug { teamNames[slug] = name }
        return slug
    }

    /// Removes the team a spelling names, with its display name and aliases. Returns its slug.
    @discardableResult
    public mutating func removeTeam(_ spelling: String) throws(StoreError) -> String {
        let team = try requireTeam(spelling)
        teams.removeAll { $0 == team.slug }
        teamNames[team.slug] = nil
        teamAliases[team.slug] = nil
        return team.slug
    }

    /// Adds another spelling of a team (`GW` for `gateway`); refused when it already names another team.
    public mutating func addAlias(_ alias: String, to spelling: String) throws(StoreError) {
        let team = try requireTeam(spelling)
        let text = alias.trimmingWhitespaceAndNewlines()
        if let problem = OneLineText.problem(with: text) {
            throw StoreError(.invalidInput, "invalid alias \"\(TerminalText.sanitizeLine(alias))\": \(problem)")
        }
        let spelled = ([team.slug, team.displayName] + team.aliases).map { $0.lowercased() }
        if spelled.contains(text.lowercased()) { return }
        switch teamDirectory.resolve(text) {
        case .team(let other) where other.slug == team.slug:
            // It names the team already (its handoff style), but people asked for it to be listed.
            teamAliases[team.slug, default: []].append(text)
        case .team(let other):
            throw StoreError(
                .invalidInput,
                "alias \"\(TerminalText.sanitizeLine(text))\" already names team \(TerminalText.sanitizeLine(other.label)) of convoy \(name)"
            )
        case .ambiguous, .unknown:
            teamAliases[team.slug, default: []].append(text)
        }
    }

    /// Removes a spelling from a team's aliases.
    public mutating func removeAlias(_ alias: String, from spelling: String) throws(StoreError) {
        let team = try requireTeam(spelling)
        let text = alias.trimmingWhitespaceAndNewlines()
        guard let index = teamAliases[team.slug]?.firstIndex(of: text) else {
            throw StoreError(
                .invalidInput,
                "team \(TerminalText.sanitizeLine(team.label)) has no alias \"\(TerminalText.sanitizeLine(text))\"")
        }
        teamAliases[team.slug]!.remove(at: index)
        if teamAliases[team.slug]!.isEmpty { teamAliases[team.slug] = nil }
    }

    /// The team of this convoy a spelling names, or an error listing the convoy's teams.
    public func requireTeam(_ spelling: String) throws(StoreError) -> Team {
        try teamDirectory.require(spelling, as: "team", of: "convoy \(name)")
    }
}

extension TeamDirectory {
    /// The team a spelling names; otherwise an error naming `field` that lists the known teams (or, when the
    /// spelling fits several, those).
    public func require(_ spelling: String, as field: String, of scope: String) throws(StoreError) -> Team {
        let shown = TerminalText.sanitizeLine(spelling)
        switch resolve(spelling) {
        case .team(let team): return team
        case .ambiguous(let teams):
            throw StoreError(
                .invalidInput,
                "\(field) \"\(shown)\" names several teams of \(scope): \(teams.map(\.description).joined(separator: ", ")); give the slug"
            )
        case .unknown:
            throw StoreError(
                .invalidInput, "\(field) \"\(shown)\" is not a team of \(scope) (known teams: \(knownTeams))")
        }
    }
}

extension BeadsStore {
    /// Every team of every convoy that parses: the one resolver of team spellings for commands and the mail.
    public func teamDirectory() -> TeamDirectory {
        TeamDirectory(((try? convoyNames()) ?? []).compactMap { teamEntry(ofConvoy: $0) })
    }

    /// The teams of one convoy from its `convoy.toml` alone: unlike `loadConvoy`, its molecules folder is not
    /// listed (a 100,000-molecule workspace would list every molecule for each reading of the mail).
    private func teamEntry(ofConvoy name: String) -> TeamDirectory.ConvoyTeams? {
        guard (try? Confinement.checkFolder(layout.convoyDirectory(name))) != nil,
            let bytes = try? AtomicFile.read(layout.convoyFile(name))
        else { return nil }
        return ConvoyFile.parse(bytes, name: name, file: layout.relative(layout.convoyFile(name))).0?.teamEntry
    }
}
