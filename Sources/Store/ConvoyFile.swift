import Core
import Foundation
import TOML

/// `convoys/C/convoy.toml`: a group of molecules across teams, and who may decide its checkpoints.
public struct ConvoyFile: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable, CaseIterable {
        case planning, active, paused, done, archived
    }

    /// The directory name (not stored in the file: the directory is the identity).
    public var name: String
    public var title: String
    public var description: String
    public var status: Status
    /// The teams' slugs (`ai-analysis`): what molecules, mail and commands store.
    public var teams: [String]
    /// How people write each team (`[team_names]`: `ai-analysis = "AI Analysis"`), when not as its slug.
    public var teamNames: [String: String] = [:]
    /// Other spellings of a team (`[team_aliases]`: `gateway = ["GW", "Gateway (GW) Team"]`).
    public var teamAliases: [String: [String]] = [:]
    /// The only identities allowed to approve or reject this convoy's checkpoints.
    public var reviewers: [String]
    public var created: Date?
    /// The current day (`day`, ≥ 1, default 1): `gastown convoy advance-day` moves it on. See docs/gates.md.
    public var day: Int
    /// Keys this version does not know: kept and written back, so a rewrite (e.g. `advance-day`) loses nothing.
    public var unknownKeys = TOMLTable()

    static let knownKeys: Set<String> = [
        "title", "description", "status", "teams", "reviewers", "created", "day", "team_names", "team_aliases",
    ]

    public init(
        name: String, title: String, description: String = "", status: Status = .active,
        teams: [String] = [], reviewers: [String] = [], created: Date? = nil, day: Int = 1
    ) {
        self.day = day
        self.name = name
        self.title = title
        self.description = description
        self.status = status
        self.teams = teams
        self.reviewers = reviewers
        self.created = created
    }

    static let header = "# gastown convoy (format: docs/store.md)\n"

    /// The file as gastown creates it (the canonical style, docs/store.md).
    public var tomlText: String { TOMLFileWriter.canonicalText(header: Self.header, tomlTable) }

    /// Gastown's model of the file: its known keys in their documented order, then the kept unknown ones.
    var tomlTable: TOMLTable {
        var table = TOMLTable()
        table["title"] = .string(title)
        table["description"] = .string(description)
        table["status"] = .string(status.rawValue)
        table["teams"] = .array(TOMLArray(teams.map { .string($0) }))
        table["reviewers"] = .array(TOMLArray(reviewers.map { .string($0) }))
        if let created { table["created"] = .offsetDateTime(Timestamp.toml(created)) }
        table["day"] = .integer(Int64(day))
        if !teamNames.isEmpty {
            table["team_names"] = .table(
                TOMLTable(uniqueKeysWithValues: teamOrder(teamNames.keys).map { ($0, .string(teamNames[$0]!)) }))
        }
        if !teamAliases.isEmpty {
            table["team_aliases"] = .table(
                TOMLTable(
                    uniqueKeysWithValues: teamOrder(teamAliases.keys).map {
                        ($0, .array(TOMLArray(teamAliases[$0]!.map { .string($0) })))
                    }))
        }
        for kept in unknownKeys where table[kept.key] == nil { table.setEntry(kept) }
        return table
    }

    /// Slugs in the order of `teams`, then any others by name.
    private func teamOrder(_ slugs: Dictionary<String, some Any>.Keys) -> [String] {
        let listed = teams.filter { slugs.contains($0) }
        return listed + slugs.filter { !teams.contains($0) }.sorted()
    }

    /// What a merge of clones set aside in `[conflicts]`, until someone settles it (`convoy resolve`).
    public var conflicts: [MergeConflict] {
        unknownKeys[MergeConflicts.key] == nil ? [] : MergeConflicts.list(in: tomlTable)
    }

    /// The convoy's teams for a `TeamDirectory`.
    public var teamEntry: TeamDirectory.ConvoyTeams {
        TeamDirectory.ConvoyTeams(convoy: name, slugs: teams, displayNames: teamNames, aliases: teamAliases)
    }

    /// Reads a convoy; problems name the file, line and column of each bad field.
    public static func parse(_ bytes: [UInt8], name: String, file: String) -> (ConvoyFile?, [StoreProblem]) {
        let table: TOMLTable
        switch TOMLFile.parse(bytes, file: file) {
        case .failure(let problem): return (nil, [problem])
        case .success(let parsed): table = parsed
        }
        let reader = FieldReader(table, file: file, remembersKeys: false)
        let title = reader.string("title", required: true)
        let description = reader.string("description") ?? ""
        let status = reader.oneOf("status", Status.allCases.map(\.rawValue)).flatMap(Status.init) ?? .active
        let teams = reader.names("teams")
        let reviewers = reader.names("reviewers")
        let created = reader.date("created")
        let day = reader.integer("day", minimum: 1) ?? 1
        let names = reader.subvalues("team_names", expected: "a string", \.stringValue)
        let aliases = reader.subvalues("team_aliases", expected: "an array of strings") { value in
            value.arrayValue.map { array in array.values.compactMap(\.stringValue) }
        }
        guard let title, !reader.hasErrors else { return (nil, reader.problems) }
        var convoy = ConvoyFile(
            name: name, title: title, description: description, status: status,
            teams: teams, reviewers: reviewers, created: created, day: day)
        convoy.teamNames = Dictionary(names.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        convoy.teamAliases = Dictionary(aliases.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        convoy.unknownKeys = TOMLTable(entries: table.filter { !knownKeys.contains($0.key) })
        // What a merge of clones set aside is shown, never lost: a warning until someone settles it.
        return (convoy, MergeConflicts.problems(convoy.conflicts, convoy: name, file: file))
    }
}
