import DisplayText

/// A team as convoys name it: a slug (what `teams` stores and files use), how people write it, and other
/// spellings that name it.
public struct Team: Sendable, Hashable, CustomStringConvertible {
    /// `ai-analysis`: the name in `convoy.toml`'s `teams`, in molecules and in mail.
    public var slug: String
    /// `AI Analysis` (`[team_names]`); the slug when the convoy gives none.
    public var displayName: String
    /// Other spellings (`[team_aliases]`): `GW`, `Gateway (GW) Team`.
    public var aliases: [String]
    /// The convoys that list it.
    public var convoys: [String]

    public init(slug: String, displayName: String? = nil, aliases: [String] = [], convoys: [String] = []) {
        self.slug = slug
        self.displayName = displayName ?? slug
        self.aliases = aliases
        self.convoys = convoys
    }

    /// `AI Analysis (ai-analysis)`, or `gateway` when the display name is the slug.
    public var label: String { displayName == slug ? slug : "\(displayName) (\(slug))" }

    /// The label with the aliases, safe for a terminal: `Gateway (gateway; also GW, Gateway (GW) Team)`.
    public var description: String {
        var notes = displayName == slug ? [] : [slug]
        if !aliases.isEmpty { notes.append("also " + aliases.joined(separator: ", ")) }
        return TerminalText.sanitizeLine(
            notes.isEmpty ? displayName : "\(displayName) (\(notes.joined(separator: "; ")))")
    }
}

/// Every team of a set of convoys, and the one way any spelling of a team is resolved to it: by slug, display
/// name or alias, case and punctuation aside (`AI Analysis`, `ai-analysis`, `AI_Analysis`), and in the handoff
/// documents' style `Gateway (GW) Team` (the name, the abbreviation in parentheses, with or without "Team").
/// Every command, the dashboard and the mail resolve teams through it. Pure.
public struct TeamDirectory: Sendable, Hashable {
    /// One convoy's teams as its file lists them.
    public struct ConvoyTeams: Sendable, Hashable {
        public var convoy: String
        public var slugs: [String]
        public var displayNames: [String: String]
        public var aliases: [String: [String]]

        public init(
            convoy: String, slugs: [String], displayNames: [String: String] = [:], aliases: [String: [String]] = [:]
        ) {
            self.convoy = convoy
            self.slugs = slugs
            self.displayNames = displayNames
            self.aliases = aliases
        }
    }

    public enum Resolution: Sendable, Hashable {
        case team(Team)
        /// Several teams answer to the spelling (a display name or alias two teams share).
        case ambiguous([Team])
        case unknown
    }

    /// Every team, by slug; a team several convoys list appears once (the first display name given wins).
    public private(set) var teams: [Team] = []

    public init(_ convoys: [ConvoyTeams]) {
        var bySlug: [String: Team] = [:]
        for convoy in convoys {
            for slug in convoy.slugs {
                var team = bySlug[slug] ?? Team(slug: slug)
                if team.displayName == slug, let name = convoy.displayNames[slug], !name.isEmpty {
                    team.displayName = name
                }
                for alias in convoy.aliases[slug] ?? [] where !team.aliases.contains(alias) {
                    team.aliases.append(alias)
                }
                if !team.convoys.contains(convoy.convoy) { team.convoys.append(convoy.convoy) }
                bySlug[slug] = team
            }
        }
        teams = bySlug.values.sorted { $0.slug < $1.slug }
    }

    public static let empty = TeamDirectory([])

    /// The team a spelling names. An exact slug wins; then the spelling as a whole against every slug, display
    /// name and alias; then, in that order, the spelling without a trailing "Team", its part before a
    /// parenthesis, and the abbreviation inside it.
    public func resolve(_ spelling: String) -> Resolution {
        let trimmed = spelling.trimmingCharacters(in: " \t")
        if let exact = teams.first(where: { $0.slug == trimmed }) { return .team(exact) }
        for candidate in Self.candidates(trimmed) {
            let key = Self.key(candidate)
            guard !key.isEmpty else { continue }
            let matches = teams.filter { team in
                Self.key(team.slug) == key || Self.key(team.displayName) == key
                    || team.aliases.contains { Self.key($0) == key }
            }
            if matches.count == 1 { return .team(matches[0]) }
            if matches.count > 1 { return .ambiguous(matches) }
        }
        return .unknown
    }

    /// The team, or nil when the spelling names none or several.
    public func team(_ spelling: String) -> Team? {
        if case .team(let team) = resolve(spelling) { return team }
        return nil
    }

    /// The display name of a slug (the slug itself when no convoy lists it).
    public func displayName(_ slug: String) -> String { teams.first { $0.slug == slug }?.displayName ?? slug }

    /// "AI Analysis (ai-analysis), Gateway (gateway; also GW)" for messages; "none" when empty.
    public var knownTeams: String {
        teams.isEmpty ? "none" : teams.map(\.description).joined(separator: ", ")
    }

    // MARK: - Spellings

    /// The slug for a new team written as people write it: `AI Analysis` → `ai-analysis`. Letters and digits of
    /// any script, `-`, `_` and `.` are kept (lowercased), any other run of characters becomes one `-`; nil when
    /// nothing usable is left.
    public static func slug(_ name: String) -> String? {
        var slug = String.UnicodeScalarView()
        var pendingDash = false
        for scalar in name.lowercased().unicodeScalars {
            let kept =
                scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-_.".unicodeScalars.contains(scalar)
            guard kept else {
                pendingDash = true
                continue
            }
            if pendingDash, let last = slug.last, last != "-" { slug.append("-") }
            pendingDash = false
            if scalar == ".", slug.last == "." { continue }
            slug.append(scalar)
        }
        var text = String(String(slug).unicodeScalars.prefix(PlainName.maximumLength))
        while let first = text.first, "-_.".contains(first) { text.removeFirst() }
        while let last = text.last, "-_.".contains(last) { text.removeLast() }
        return text.isEmpty || PlainName.problem(with: text) != nil ? nil : text
    }

    /// What spellings are compared by: lowercase letters and digits, every other run of characters one `-`
    /// (`AI_Analysis`, `ai-analysis` and `AI Analysis` are all `ai-analysis`).
    static func key(_ text: String) -> String {
        var key = ""
        var pendingDash = false
        for character in text.lowercased() {
            guard character.isLetter || character.isNumber else {
                pendingDash = true
                continue
            }
            if pendingDash && !key.isEmpty { key.append("-") }
            pendingDash = false
            key.append(character)
        }
        return key
    }

    /// The spellings tried, most specific first: `Gateway (GW) Team`, `Gateway (GW)`, `Gateway`, `GW`.
    static func candidates(_ spelling: String) -> [String] {
        var candidates = [spelling]
        var rest = spelling
        let words = rest.split(whereSeparator: { $0 == " " || $0 == "\t" })
        if words.count > 1, let last = words.last, last.lowercased() == "team" {
            rest = words.dropLast().joined(separator: " ")
            candidates.append(rest)
        }
        if let open = rest.firstIndex(of: "("), let close = rest[open...].firstIndex(of: ")") {
            let base = rest[..<open].trimmingCharacters(in: " \t")
            let inside = rest[rest.index(after: open)..<close].trimmingCharacters(in: " \t")
            if !base.isEmpty { candidates.append(base) }
            if !inside.isEmpty { candidates.append(inside) }
        }
        return candidates
    }
}

extension StringProtocol {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var scalars = Substring(self)
        while let first = scalars.first, set.contains(first) { scalars.removeFirst() }
        while let last = scalars.last, set.contains(last) { scalars.removeLast() }
        return String(scalars)
    }
}
