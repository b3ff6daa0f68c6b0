import Core
import DisplayText
import Foundation

/// What `gastown convoy edit` changes besides who may decide. Title, description, teams and aliases are plain
/// edits of convoy.toml; status and day change what the day rules enforce, so they are reviewer acts, signed and
/// recorded in the convoy's trail like reviewer changes.
public struct ConvoyChanges: Sendable, Hashable {
    public var title: String?
    public var description: String?
    /// Teams as people write them (`AI Analysis`).
    public var addTeams: [String] = []
    /// Any spelling of the convoy's teams.
    public var removeTeams: [String] = []
    public var addAliases: [TeamAlias] = []
    public var removeAliases: [TeamAlias] = []
    public var status: ConvoyFile.Status?
    public var day: Int?
    /// Moves the day past what the day rules allow, or back; recorded with the change.
    public var forceReason: String?

    public init() {}

    public var isEmpty: Bool { self == ConvoyChanges() }
    /// Status or day: reviewer acts.
    public var changesSettings: Bool { status != nil || day != nil }
}

/// Another spelling of a team: `gateway=GW`.
public struct TeamAlias: Sendable, Hashable {
    public var team: String
    public var alias: String

    public init(team: String, alias: String) {
        self.team = team
        self.alias = alias
    }
}

/// What an edit did: the convoy as it now is, and the signed records it wrote for status and day.
public struct ConvoyEditOutcome: Sendable {
    public var convoy: ConvoyFile
    public var settingRecords: [ReviewerChange]
    /// True when convoy.toml was rewritten.
    public var rewritten: Bool
}

extension BeadsStore {
    /// Applies `changes` to a convoy under its lock, all or nothing. A status or day change is made by `by`, a
    /// reviewer of the convoy, signed with their registered key in a signed workspace (`signer`), and recorded in
    /// the convoy's trail; agents are refused. The day moves only forward, and never past what `convoy
    /// advance-day` allows (every day before it complete), unless `forceReason` says why.
    public func editConvoy(
        _ name: String, _ changes: ConvoyChanges, by: String?, isAgent: Bool, signer: SignerProvider, now: Date
    ) throws(StoreError) -> ConvoyEditOutcome {
        try NameValidation.validate(name, field: "convoy name")
        try Self.validate(changes)
        var actor = ""
        if changes.changesSettings {
            if isAgent {
                throw StoreError(
                    .refused,
                    "refused: this process identifies itself as an agent (GASTOWN_AGENT is set); agents may never change a convoy's status or day"
                )
            }
            guard let by else {
                throw StoreError(.invalidInput, "cannot tell who you are: pass --reviewer NAME or set GASTOWN_REVIEWER")
            }
            try NameValidation.validate(by, field: "reviewer")
            actor = by
        }
        _ = try requireConvoy(name)
        return try FileLock.withLock(layout.convoyLock(name), timeout: lockTimeout) {
            () throws(StoreError) -> ConvoyEditOutcome in
            var (file, previous) = try convoyForRewrite(name)
            let before = file
            if let title = changes.title { file.title = title.trimmingWhitespaceAndNewlines() }
            if let description = changes.description { file.description = description }
            for team in changes.addTeams { try file.addTeam(team) }
            for alias in changes.addAliases { try file.addAlias(alias.alias, to: alias.team) }
            for alias in changes.removeAliases { try file.removeAlias(alias.alias, from: alias.team) }
            for team in changes.removeTeams { try file.removeTeam(team) }
            var settings: [(kind: ReviewerChange.Kind, previous: String, value: String, reason: String)] = []
            if let status = changes.status, status != file.status {
                settings.append((.status, file.status.rawValue, status.rawValue, ""))
                file.status = status
            }
            if let day = changes.day, day != file.day {
                try checkDay(day, convoy: file, force: changes.forceReason)
                settings.append((.day, String(file.day), String(day), changes.forceReason ?? ""))
                file.day = day
            }
            // Naming a field settles a conflict a merge recorded on it, even when its value stays.
            for (path, named) in [
                (["title"], changes.title != nil), (["description"], changes.description != nil),
                (["status"], changes.status != nil), (["day"], changes.day != nil),
                (["teams"], !changes.addTeams.isEmpty || !changes.removeTeams.isEmpty),
            ] where named {
                file.settleConflict(at: path)
            }
            var records: [ReviewerChange] = []
            if !settings.isEmpty {
                records = try recordSettings(settings, convoy: before, by: actor, signer: signer, now: now)
            }
            let rewritten = file != before
            if rewritten { try writeConvoy(file, replacing: previous) }
            return ConvoyEditOutcome(convoy: file, settingRecords: records, rewritten: rewritten)
        }
    }

    static func validate(_ changes: ConvoyChanges) throws(StoreError) {
        if let title = changes.title,
            let problem = OneLineText.problem(with: title.trimmingWhitespaceAndNewlines(), maximumLength: 200)
        {
            throw StoreError(.invalidInput, "invalid --title \"\(TerminalText.sanitizeLine(title))\": \(problem)")
        }
        if let description = changes.description,
            description.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" && $0 != "\t" })
        {
            throw StoreError(.invalidInput, "invalid --description: it contains a control character")
        }
        if let day = changes.day, let problem = StoreCounter.dayProblem(day) {
            throw StoreError(.invalidInput, "invalid --day \(day): \(problem)")
        }
        if let reason = changes.forceReason {
            guard changes.day != nil else { throw StoreError(.invalidInput, "--force goes with --day") }
            if let problem = OneLineText.problem(with: reason.trimmingWhitespaceAndNewlines(), maximumLength: 500) {
                throw StoreError(
                    .invalidInput, "invalid --force reason: \(problem) (say why the day rules are overridden)")
            }
        }
    }

    /// Refuses a day before the current one, or past the first day whose molecules are not all complete, unless
    /// forced.
    func checkDay(_ day: Int, convoy: ConvoyFile, force: String?) throws(StoreError) {
        guard force == nil else { return }
        guard day > convoy.day else {
            throw StoreError(
                .refused,
                "refused: convoy \(convoy.name) is on day \(convoy.day); a day only moves forward (give --force \"reason\" to move it back)"
            )
        }
        let progress = Self.progress(
            convoy: convoy.name, currentDay: convoy.day, molecules: loadMolecules(inConvoy: convoy.name))
        guard let blocking = progress.days.first(where: { $0.day >= convoy.day && $0.day < day && !$0.ready }) else {
            return
        }
        let lines = blocking.missing.map { "  - " + TerminalText.sanitizeLine($0) }.joined(separator: "\n")
        throw StoreError(
            .refused,
            "refused: convoy \(convoy.name) cannot move past day \(blocking.day): \(blocking.molecules.filter { !$0.ready }.count) of its \(blocking.molecules.count) molecules are not ready (`gastown convoy advance-day` would refuse too):\n\(lines)\ngive --force \"reason\" to move it anyway"
        )
    }

    /// Writes one record per setting change to the convoy's trail, after its current heads: signed in a signed
    /// workspace by `by`'s registered key, unsigned otherwise (then `by` must be a reviewer of the trail).
    func recordSettings(
        _ settings: [(kind: ReviewerChange.Kind, previous: String, value: String, reason: String)],
        convoy: ConvoyFile, by: String, signer: SignerProvider, now: Date
    ) throws(StoreError) -> [ReviewerChange] {
        let authority = try authorityForChange(convoy, by: by, now: now)
        if let blocked = authority.blocked { throw StoreError(.refused, "refused: \(blocked)") }
        let state = Dictionary(uniqueKeysWithValues: authority.trail.current.map { ($0.name, $0) })
        var key: (any RecordSigner)?
        if authority.isSigned {
            let signing = try signer()
            try Self.requireSigner(
                by, convoy: convoy.name, state: state, signingKey: signing.publicKey, keySource: signing.source)
            key = signing
        } else if state[by] == nil {
            if let refusal = authority.membershipRefusal(of: by) { throw refusal }
            throw StoreError(
                .refused,
                "refused: \(by) is not in convoy \(convoy.name)'s reviewer trail (its reviewers are \(state.keys.sorted().joined(separator: ", ")))",
                concernsIdentity: true)
        }
        let directory = ReviewerTrail.directory(layout, convoy: convoy.name)
        var heads = authority.trail.heads
        let at = max(now, authority.trail.entries.map(\.change.date).max() ?? now)
        var written: [ReviewerChange] = []
        for setting in settings {
            var change = ReviewerChange(
                convoy: convoy.name, kind: setting.kind, by: by, at: at, parents: heads,
                signer: key?.publicKey.fingerprint ?? "",
                setting: (setting.previous, setting.value, setting.reason.trimmingWhitespaceAndNewlines()))
            if let key { change.signature = try key.sign(change.canonicalText).armored }
            let file = try HashChain<ReviewerChange>.create(change.tomlText, for: change, in: directory, layout: layout)
            heads = [(change.hash, file)]
            written.append(change)
        }
        return written
    }
}
