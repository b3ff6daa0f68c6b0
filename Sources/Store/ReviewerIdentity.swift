import Core
import DisplayText

/// Who is deciding a checkpoint: `--reviewer`, then `GASTOWN_REVIEWER`, then git's `user.name`,
/// then the login name. Git names such as "Alice Smith" become store names ("alice-smith").
public enum ReviewerIdentity {
    public struct Resolved: Sendable, Hashable {
        public var name: String
        /// Where it came from, for messages: "--reviewer", "GASTOWN_REVIEWER", "git user.name", "login name".
        public var source: String
        /// What that source said, when the name was made from it ("Alice Smith" for `alice-smith`).
        public var written: String?

        public init(name: String, source: String, written: String? = nil) {
            self.name = name
            self.source = source
            self.written = written
        }

        /// `git user.name "Alice Smith"`, or `GASTOWN_REVIEWER`.
        public var sourceDescription: String {
            guard let written, written != name else { return source }
            return "\(source) \"\(TerminalText.sanitizeLine(written))\""
        }

        /// A refusal about who you are, with where your name came from and how to be someone else.
        public func explained(_ error: StoreError) -> StoreError {
            guard error.concernsIdentity else { return error }
            var explained = error
            explained.message +=
                "\n  you are \(name) (from \(sourceDescription)); decide as another name with --reviewer NAME or GASTOWN_REVIEWER; `gastown whoami` shows who you are and where you may decide"
            return explained
        }

        /// Runs `body`, explaining a refusal about who you are.
        public func explaining<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T {
            do throws(StoreError) { return try body() } catch { throw explained(error) }
        }
    }

    public static func resolve(
        explicit: String?, environment: [String: String], gitUserName: () -> String?, loginName: () -> String?
    ) throws(StoreError) -> Resolved {
        if let explicit {
            try NameValidation.validate(explicit, field: "--reviewer")
            return Resolved(name: explicit, source: "--reviewer")
        }
        if let value = environment["GASTOWN_REVIEWER"], !value.isEmpty {
            try NameValidation.validate(value, field: "GASTOWN_REVIEWER")
            return Resolved(name: value, source: "GASTOWN_REVIEWER")
        }
        if let written = gitUserName(), case let git = slug(written), !git.isEmpty,
            NameValidation.problem(with: git) == nil
        {
            return Resolved(name: git, source: "git user.name", written: written)
        }
        if let written = loginName(), case let login = slug(written), !login.isEmpty,
            NameValidation.problem(with: login) == nil
        {
            return Resolved(name: login, source: "login name", written: written)
        }
        throw StoreError(.invalidInput, "cannot tell who you are: pass --reviewer NAME or set GASTOWN_REVIEWER")
    }

    /// `"Alice  Smith"` → `"alice-smith"`: lowercase, runs of spaces to one dash, other
    /// characters outside letters, digits, `-`, `_`, `.` dropped.
    public static func slug(_ text: String) -> String {
        var out = ""
        var pendingDash = false
        for scalar in text.trimmingWhitespaceAndNewlines().lowercased().unicodeScalars {
            if scalar == " " || scalar == "\t" {
                pendingDash = true
                continue
            }
            let keep =
                scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_"
                || scalar == "."
            guard keep else { continue }
            if pendingDash && !out.isEmpty { out += "-" }
            pendingDash = false
            out.unicodeScalars.append(scalar)
        }
        while out.hasPrefix(".") || out.hasPrefix("-") { out.removeFirst() }
        return FilePath.prefix(of: String(out.prefix(NameValidation.maximumLength)), bytes: PlainName.maximumBytes)
    }

    /// True when the environment says this process is an agent: `GASTOWN_AGENT` set to a name
    /// (`polecat-7`) or to a flag meaning yes (`1`, `true`, `yes`). `0`, `false`, `no` and empty mean no.
    public static func isAgent(environment: [String: String]) -> Bool {
        guard let value = environment["GASTOWN_AGENT"]?.trimmingWhitespaceAndNewlines(), !value.isEmpty else {
            return false
        }
        return !offFlags.contains(value.lowercased())
    }

    /// The agent's own name when `GASTOWN_AGENT` holds one (`GASTOWN_AGENT=polecat-7`): what an agent's
    /// findings, gate evidence and started steps are recorded under. Nil when it is unset or a flag
    /// (`1`, `true`, `yes`, `0`, `false`, `no`); a value that is not a valid name is an error naming it.
    public static func agentName(environment: [String: String]) throws(StoreError) -> String? {
        guard isAgent(environment: environment), let value = environment["GASTOWN_AGENT"] else { return nil }
        let name = value.trimmingWhitespaceAndNewlines()
        if onFlags.contains(name.lowercased()) { return nil }
        try NameValidation.validate(name, field: "GASTOWN_AGENT")
        return name
    }

    /// Who records a finding or a gate check: the agent's name, else `--by`/`--reviewer`, else the usual
    /// identity (GASTOWN_REVIEWER, git user.name, login name). An explicit name always wins.
    public static func recorder(explicit: String?, environment: [String: String]) throws(StoreError) -> String {
        if explicit == nil, let agent = try agentName(environment: environment) { return agent }
        return try resolve(explicit: explicit, environment: environment).name
    }

    static let onFlags: Set<String> = ["1", "true", "yes"]
    static let offFlags: Set<String> = ["0", "false", "no"]
}

extension String {
    func trimmingWhitespaceAndNewlines() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}

extension Optional where Wrapped == ReviewerIdentity.Resolved {
    /// Runs `body`, explaining a refusal about who you are when an identity was resolved.
    public func explaining<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        guard let identity = self else { return try body() }
        return try identity.explaining(body)
    }
}
