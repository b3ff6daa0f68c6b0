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
    public var teams: [String]
    /// The only identities allowed to approve or reject this convoy's checkpoints.
    public var reviewers: [String]
    public var created: Date?
    /// The current day (`day`, ≥ 1, default 1): `gastown convoy advance-day` moves it on. See docs/gates.md.
    public var day: Int
    /// Keys this version does not know: kept and written back, so a rewrite (e.g. `advance-day`) loses nothing.
    public var unknownKeys = TOMLTable()

    static let knownKeys: Set<String> = ["title", "description", "status", "teams", "reviewers", "created", "day"]

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
        for kept in unknownKeys where table[kept.key] == nil { table.setEntry(kept) }
        return table
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
        guard let title, !reader.hasErrors else { return (nil, reader.problems) }
        var convoy = ConvoyFile(
            name: name, title: title, description: description, status: status,
            teams: teams, reviewers: reviewers, created: created, day: day)
        convoy.unknownKeys = TOMLTable(entries: table.filter { !knownKeys.contains($0.key) })
        return (convoy, [])
    }
}
