import Core
import DisplayText
import Foundation

/// What one load of the store needs to decide which human acts count: the workspace's policy (checked against
/// the pin), each convoy's authority (built once per load, shared by its molecules), the trust store it pins to
/// on first sight, and the verified-signature cache.
public final class SigningContext: @unchecked Sendable {
    public let layout: StoreLayout
    public let trust: TrustStore?
    public let cache: SignatureCache?
    /// The policy in force and, when `.beads/config.toml` asks for less than the pin, why not.
    public let policy: WorkspaceConfig.SigningPolicy
    public let config: WorkspaceConfig
    /// Problems of the workspace as a whole: the configuration file, a refused switch to unsigned.
    public let problems: [StoreProblem]
    private var pins: TrustStore.Pins
    private var authorities: [String: AuthorityCell] = [:]
    /// Guards `authorities` and `pins`; never held while an authority is built (its signatures verified), so
    /// the other core goes on loading molecules of other convoys meanwhile.
    private let lock = NSLock()

    /// Reads the configuration and the pins; pins the policy on first sight.
    public init(layout: StoreLayout, trust: TrustStore?, cache: SignatureCache?) {
        self.layout = layout
        self.trust = trust
        self.cache = cache
        let (config, configProblems) = WorkspaceConfig.load(layout)
        self.config = config
        var problems = configProblems
        var pins = TrustStore.Pins()
        do throws(StoreError) {
            pins = try trust?.pins(for: layout) ?? TrustStore.Pins()
        } catch {
            problems.append(StoreProblem(.trust, file: trust?.file ?? "", message: error.message))
        }
        let configFile = layout.relative(WorkspaceConfig.path(layout))
        switch (pins.signing, config.signing) {
        case (.required, .unsigned):
            policy = .required
            problems.append(
                StoreProblem(
                    .trust, file: configFile,
                    message:
                        "signing = \"unsigned\" was not accepted by you: this workspace was signed when you first used it, so signatures are still required (run `gastown trust` to accept the change)"
                ))
        default:
            policy = config.signing
            if pins.signing != config.signing && (pins.signing == nil || config.signing == .required) {
                // First sight, or a switch to signing (stricter): pinned without asking.
                pins = (try? trust?.update(layout) { $0.signing = config.signing }) ?? pins
                pins.signing = config.signing
            }
        }
        self.pins = pins
        self.problems = problems
    }

    /// The convoy's authority, built on first use (its reviewer trail verified, its genesis pinned on first
    /// sight). `file` is the convoy's convoy.toml when the caller has read it already.
    public func authority(for convoy: String, file: ConvoyFile? = nil) -> ConvoyAuthority {
        lock.lock()
        let cell = authorities[convoy] ?? AuthorityCell()
        authorities[convoy] = cell
        lock.unlock()
        return cell.value { build(convoy, file: file ?? convoyFile(convoy)) }
    }

    /// Forgets the convoys' authorities (after a write changed a reviewer trail or a pin).
    public func invalidate(_ convoy: String) {
        lock.lock()
        authorities[convoy] = nil
        if let fresh = try? trust?.pins(for: layout) { pins = fresh }
        lock.unlock()
    }

    /// convoy.toml (nil when it does not parse: its problem is reported by the convoy's load).
    private func convoyFile(_ convoy: String) -> ConvoyFile? {
        guard let bytes = try? AtomicFile.read(layout.convoyFile(convoy)).flatMap({ $0 }) else { return nil }
        return ConvoyFile.parse(bytes, name: convoy, file: layout.relative(layout.convoyFile(convoy))).0
    }

    private func build(_ convoy: String, file: ConvoyFile?) -> ConvoyAuthority {
        let listed = file?.reviewers ?? []
        let trail = ReviewerTrail(layout: layout, convoy: convoy, cache: cache)
        let convoyFile = layout.relative(layout.convoyFile(convoy))
        let trailDirectory = layout.relative(ReviewerTrail.directory(layout, convoy: convoy))
        var problems = self.problems + trail.problems
        var blocked: String?
        lock.lock()
        let pinned = pins.genesis[convoy]
        lock.unlock()
        if let genesis = trail.genesis {
            let hash = genesis.change.hash
            if pinned == nil {
                _ = try? trust?.update(layout) { $0.genesis[convoy] = hash }
                lock.lock()
                pins.genesis[convoy] = hash
                lock.unlock()
            } else if pinned != hash {
                blocked =
                    "convoy \(convoy)'s reviewer trail starts from a genesis you have not accepted; run `gastown trust \(convoy)`"
                problems.append(
                    StoreProblem(
                        .trust, file: trailDirectory + "/" + genesis.file,
                        message:
                            "the reviewer trail's genesis changed: you accepted \(pinned!.prefix(12))…, the files now start from \(hash.prefix(12))… (reviewers \(genesis.change.members.map(\.name).joined(separator: ", "))); nothing in convoy \(convoy) counts until you run `gastown trust \(convoy)`"
                    ))
            }
        } else if trail.exists {
            blocked = "convoy \(convoy)'s reviewer trail has no valid genesis"
        } else if let pinned {
            blocked = "convoy \(convoy)'s reviewer trail was removed; run `gastown trust \(convoy)`"
            problems.append(
                StoreProblem(
                    .trust, file: trailDirectory,
                    message:
                        "the reviewer trail is gone (you accepted genesis \(pinned.prefix(12))…); nothing in convoy \(convoy) counts until you run `gastown trust \(convoy)`"
                ))
        } else if policy == .required {
            blocked =
                "convoy \(convoy) has no reviewer keys yet; register one with `gastown convoy edit \(convoy) --set-key NAME=PUBKEY_FILE`"
        }
        if policy == .required && trail.genesis != nil {
            let signed = trail.current.map(\.name).sorted()
            if signed != listed.sorted() {
                problems.append(
                    StoreProblem(
                        .trust, file: convoyFile,
                        message:
                            "convoy.toml lists reviewers [\(listed.map(TerminalText.sanitizeLine).joined(separator: ", "))], but the signed reviewer trail says [\(signed.joined(separator: ", "))]; the trail decides (change reviewers with `gastown convoy edit \(convoy)`)"
                    ))
            }
        }
        let (settings, settingProblems) = ConvoySetting.changes(in: trail, policy: policy, directory: trailDirectory)
        problems += settingProblems + ConvoySetting.mismatches(file, changes: settings, convoyFile: convoyFile)
        return ConvoyAuthority(
            convoy: convoy, policy: policy, trail: trail, listed: listed, problems: problems, blocked: blocked,
            settingChanges: settings, cache: cache)
    }
}

/// One convoy's authority, built once by the first load that needs it while other convoys' are built or read.
private final class AuthorityCell: @unchecked Sendable {
    private let lock = NSLock()
    private var built: ConvoyAuthority?

    func value(_ build: () -> ConvoyAuthority) -> ConvoyAuthority {
        lock.lock()
        defer { lock.unlock() }
        if let built { return built }
        let authority = build()
        built = authority
        return authority
    }
}
