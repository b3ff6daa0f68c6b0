import ArgumentParser
import Foundation
import Store

/// `gastown whoami`: who you are to gastown, where that came from, and where you may decide.
struct WhoamiCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whoami",
        abstract:
            "Show your reviewer name, the key you would sign with (each with its source) and where you may decide.",
        discussion: """
            The name is --reviewer, else GASTOWN_REVIEWER, else git config user.name made into a name \
            ("Alice Smith" → alice-smith), else the login name. The key is --signing-key, else \
            GASTOWN_SIGNING_KEY, else git config user.signingkey (with gpg.format=ssh), else ~/.ssh/id_ed25519, \
            else a demo workspace's key. For each convoy of the workspace it says whether that name, with that \
            key, may approve and reject, and if not, why: the same checks `checkpoint approve` makes. Exit \
            status 0 (1 when --root names no workspace).
            """)

    @OptionGroup var options: StoreOptions
    @OptionGroup var signing: SigningOptions
    @Option(help: "Check this name instead of the resolved one.") var reviewer: String?

    func run() throws {
        try runStoreCommand { () throws(StoreError) in
            let environment = options.environment
            let store: BeadsStore? = options.root == nil ? try? options.store() : try options.store()
            let identity = Result { () throws(StoreError) in
                try ReviewerIdentity.resolve(explicit: reviewer, environment: environment)
            }
            let key = Result { () throws(StoreError) in
                try SigningKeyLookup.resolve(
                    explicit: signing.signingKey, environment: environment, gitConfig: SystemIdentity.gitConfig,
                    demoKey: store?.demoSigningKeyPath)
            }
            let isAgent = ReviewerIdentity.isAgent(environment: environment)
            var rights: [(convoy: String, refusal: StoreError?)] = []
            if let store, case .success(let who) = identity {
                let signer = try? key.get()
                let context = store.signingContext()
                rights = try store.convoyNames().map { convoy in
                    if isAgent { return (convoy, WhoamiPresentation.agentRefusal) }
                    let refusal = context.authority(for: convoy).decisionRefusal(
                        of: who.name, key: signer?.publicKey, keySource: signer.map(WhoamiPresentation.keySource) ?? "")
                    return (convoy, refusal)
                }
            }
            let report = WhoamiPresentation(
                identity: identity, key: key, isAgent: isAgent,
                workspace: store?.layout.workspace, signing: store?.signingContext().policy, rights: rights)
            if options.json { Output.json(report.json) } else { report.lines.forEach(Output.line) }
        }
    }
}

/// What `whoami` prints, as text and JSON.
struct WhoamiPresentation {
    var identity: Result<ReviewerIdentity.Resolved, StoreError>
    var key: Result<SigningKey, StoreError>
    var isAgent: Bool
    var workspace: String?
    var signing: WorkspaceConfig.SigningPolicy?
    var rights: [(convoy: String, refusal: StoreError?)]

    static func keySource(_ key: SigningKey) -> String { "\(key.displayPath) (\(key.source))" }

    static let agentRefusal = StoreError(
        .refused, "refused: this process identifies itself as an agent (GASTOWN_AGENT is set)")

    /// A refusal without its "refused: " prefix, on one line.
    static func reason(_ error: StoreError) -> String {
        let text = error.message.hasPrefix("refused: ") ? String(error.message.dropFirst(9)) : error.message
        return Output.safe(text.split(separator: "\n").first.map(String.init) ?? text)
    }

    var lines: [String] {
        var lines: [String] = []
        switch identity {
        case .success(let who): lines.append("reviewer:    \(who.name) (from \(who.sourceDescription))")
        case .failure(let error): lines.append("reviewer:    unknown (\(Self.reason(error)))")
        }
        switch key {
        case .success(let key):
            lines.append(
                "signing key: \(key.publicKey.fingerprint) \(key.publicKey.algorithm.rawValue), \(Output.safe(key.displayPath)) (from \(key.source))"
            )
        case .failure(let error):
            lines.append("signing key: none (\(Self.reason(error)))")
        }
        lines.append("agent:       \(isAgent ? "yes (GASTOWN_AGENT is set: every human act is refused)" : "no")")
        guard let workspace else {
            lines.append("workspace:   none here (no .beads/ in this directory or above it)")
            return lines
        }
        lines.append("workspace:   \(Output.safe(workspace)) (\(signing == .unsigned ? "unsigned" : "signed"))")
        guard case .success(let who) = identity else { return lines }
        if rights.isEmpty {
            lines.append("no convoys yet")
            return lines
        }
        lines.append("convoys where \(who.name) may decide:")
        let width = rights.map(\.convoy.count).max() ?? 0
        for right in rights {
            let padded = right.convoy.padding(toLength: width, withPad: " ", startingAt: 0)
            lines.append("  \(padded)  " + (right.refusal.map { "no: " + Self.reason($0) } ?? "yes"))
        }
        return lines
    }

    var json: JSON {
        var reviewer: JSON = .null
        var reviewerProblem: JSON = .null
        switch identity {
        case .success(let who):
            reviewer = .object([
                ("name", .string(who.name)), ("source", .string(who.source)), ("written", .optional(who.written)),
            ])
        case .failure(let error): reviewerProblem = .string(error.message)
        }
        var signingKey: JSON = .null
        var keyProblem: JSON = .null
        switch key {
        case .success(let key):
            signingKey = .object([
                ("fingerprint", .string(key.publicKey.fingerprint)),
                ("type", .string(key.publicKey.algorithm.rawValue)), ("path", .string(key.displayPath)),
                ("source", .string(key.source)),
            ])
        case .failure(let error): keyProblem = .string(error.message)
        }
        return .object([
            ("reviewer", reviewer), ("reviewer_problem", reviewerProblem),
            ("signing_key", signingKey), ("signing_key_problem", keyProblem),
            ("agent", .bool(isAgent)), ("workspace", .optional(workspace)),
            ("signing", .optional(signing?.rawValue)),
            (
                "convoys",
                .array(
                    rights.map { right in
                        .object([
                            ("name", .string(right.convoy)), ("may_decide", .bool(right.refusal == nil)),
                            ("reason", right.refusal.map { .string(Self.reason($0)) } ?? .null),
                        ])
                    })
            ),
        ])
    }
}
