import Dashboard
import Foundation
import Screen
import Signing
import Store

#if canImport(Glibc)
    import Glibc
#endif

/// The dashboard on a real `.beads/` tree: loads through the store, decides through the store
/// exactly as `gastown checkpoint approve/reject` do (same identity rules, same checks).
public final class StoreSource: WorkspaceSource {
    let store: BeadsStore
    let reviewer: String?
    let environment: [String: String]
    /// Signs a decision (in a signed workspace): by default the key `gastown checkpoint approve` would use,
    /// through ssh-keygen.
    let signer: SignerProvider

    public init(
        store: BeadsStore, reviewer: String?, environment: [String: String], signingKey: String? = nil,
        signer: SignerProvider? = nil
    ) {
        self.store = store
        self.reviewer = reviewer
        self.environment = environment
        if let signer {
            self.signer = signer
        } else {
            self.signer = Self.keyLookupSigner(store: store, environment: environment, signingKey: signingKey)
        }
    }

    /// The key `gastown checkpoint approve` would use, signing through ssh-keygen.
    static func keyLookupSigner(store: BeadsStore, environment: [String: String], signingKey: String?) -> SignerProvider
    {
        let demoKey = store.demoSigningKeyPath
        func provide() throws(StoreError) -> any RecordSigner {
            SSHKeygenRecordSigner(
                key: try SigningKeyLookup.resolve(
                    explicit: signingKey, environment: environment, gitConfig: SystemIdentity.gitConfig,
                    demoKey: demoKey))
        }
        return provide
    }

    public static func open(root: String?, reviewer: String?, signingKey: String? = nil) throws(StoreError)
        -> StoreSource
    {
        let environment = ProcessInfo.processInfo.environment
        let layout = try StoreDiscovery.locate(
            explicitRoot: root, environment: environment,
            currentDirectory: FileManager.default.currentDirectoryPath)
        var store = BeadsStore(layout: layout, formulas: StoreFormulas.source(for: layout, environment: environment))
        store.trust = TrustStore.locate(environment: environment)
        store.signatureCache = SignatureCache.locate(environment: environment, workspace: layout.workspace)
        return StoreSource(store: store, reviewer: reviewer, environment: environment, signingKey: signingKey)
    }

    public var watchedDirectory: String? { store.layout.beads }

    private var index: WorkspaceIndex?

    private var background: BackgroundLoad?

    /// The convoys of the first frame: their folders are watched while their molecules load.
    public private(set) var lateWatches: [(convoy: String, directory: String)] = []
    private var gate: WatchGate?

    public func beginLoad(now: Date) -> WorkspaceSnapshot {
        // Read on another thread while the first frame is built and git answers who the viewer is (mostly
        // waiting), so the molecules' load does not start by waiting for it.
        store.signatureCache?.preload()
        background?.cancel()
        background = nil
        let names = ((try? store.convoyNames()) ?? [])
        lateWatches = names.map { ($0, store.layout.convoyDirectory($0)) }
        var fresh = WorkspaceIndex(convoys: names.map(store.loadConvoy), root: store.layout.workspace)
        fresh.isUnsigned = store.signingContext().policy == .unsigned
        fresh.viewer = viewer.who.map { Viewer(name: $0.name, source: $0.sourceDescription) }
        index = fresh
        // The first frame shows convoy rows only: mail, reports and rights follow with continueLoad.
        return fresh.currentSnapshot()
    }

    public func continueLoad(now: Date) -> WorkspaceSnapshot {
        background?.cancel()
        let names = ((try? store.convoyNames()) ?? [])
        // Read again: the watcher now exists, so nothing written from here on is missed.
        var fresh = WorkspaceIndex(convoys: names.map(store.loadConvoy), root: store.layout.workspace)
        fresh.isUnsigned = store.signingContext().policy == .unsigned
        fresh.remote = remoteStatus()
        checkRights(in: &fresh, convoys: names)
        index = fresh
        let gate = WatchGate(deferred: lateWatches.map(\.convoy))
        self.gate = gate
        background = names.isEmpty ? nil : BackgroundLoad(store: store, convoys: names, gate: gate)
        return withMail(fresh.currentSnapshot(), rereadMail: true)
    }

    /// The clone against its upstream, from the refs (a load, not a frame, asks; nothing is fetched).
    private func remoteStatus() -> WorkspaceSnapshot.RemoteStatus? {
        guard let counts = GitRepository.containing(store.layout.workspace)?.aheadBehind() else { return nil }
        return WorkspaceSnapshot.RemoteStatus(ahead: counts.ahead, behind: counts.behind)
    }

    public func watchStarted(convoy: String?) {
        if let convoy { gate?.watched(convoy) } else { gate?.openAll() }
    }

    public var loadDescriptor: Int32? { background?.descriptor }

    public func takeLoaded() -> WorkspaceSnapshot? {
        guard let background, index != nil else { return nil }
        let (batches, finished) = background.take()
        if finished { self.background = nil }
        // Filed in place (`index!`): a copy of the index would copy its tables of convoys and rows at every batch.
        for batch in batches {
            index!.replace(convoy: batch.convoy)  // read again once watched
            index!.finishLoading(batch.molecules)
        }
        // A snapshot covers the whole workspace: build one at most every 100 ms while loading
        // (the loader keeps waking us up), and always at the end.
        let now = Date()
        guard finished || (!batches.isEmpty && now.timeIntervalSince(lastPublished) >= 0.1) else { return nil }
        lastPublished = now
        return withMail(index!.currentSnapshot(), rereadMail: false)
    }

    private var lastPublished = Date.distantPast
    /// The mailbox as last read: snapshots built while molecules load reuse it instead of re-reading every message.
    var mailCache: [MailSnapshot]?
    /// Report texts, read when a report is shown (a few kept, read again only when their file changed).
    let reportTexts = ReportTexts()

    public func load(now: Date) -> WorkspaceSnapshot {
        background?.cancel()
        background = nil
        var fresh = WorkspaceIndex(store.loadAll(), root: store.layout.workspace)
        checkRights(in: &fresh, convoys: ((try? store.convoyNames()) ?? []))
        fresh.remote = remoteStatus()
        let snapshot = fresh.currentSnapshot()
        index = fresh
        return withMail(snapshot, rereadMail: true)
    }

    /// Reloads only the convoys and molecules under the changed paths; a change elsewhere
    /// (formulas, a convoy directory appearing or going) reloads everything.
    public func reload(changed: Set<String>?, now: Date) -> WorkspaceSnapshot {
        guard let changed, var index else { return load(now: now) }
        /// Convoys whose convoy.toml or reviewer trail changed: they say who may decide there, so whether each of
        /// their decisions counts, and each molecule repeats its convoy's problems; their molecules are read anew.
        var convoys = Set<String>()
        var molecules = Set<[String]>()
        var mailChanged = false
        for path in changed {
            switch store.layout.classify(path) {
            case .mail: mailChanged = true
            case .template: continue
            case .convoy(let convoy, .file):
                convoys.insert(convoy)
                // Its teams may have new names: the mail shows teams by them.
                mailChanged = true
            case .convoy(let convoy, .other)
            where path.hasPrefix(ReviewerTrail.directory(store.layout, convoy: convoy) + "/"):
                convoys.insert(convoy)
            // Anything else beside convoy.toml (a temporary before its rename) changes nothing.
            case .convoy(_, .other): continue
            case .molecule(let convoy, let molecule, _): molecules.insert([convoy, molecule])
            // A convoy (or its molecules folder) appeared or went, formulas, anything else: everything.
            case .convoy(_, .folder), .convoy(_, .moleculesFolder), .convoys, .formula, .other, .outside:
                return load(now: now)
            }
        }
        let signing = store.signingContext()
        for convoy in convoys {
            // With its authority's problems (a reviewer trail that does not verify), as a full load has them.
            var state = store.loadConvoy(convoy)
            state.authority = signing.authority(for: convoy, file: state.file)
            index.replace(convoy: state)
        }
        checkRights(in: &index, convoys: Array(convoys))
        if !convoys.isEmpty {
            let load = MoleculeLoad(store)
            for convoy in convoys { index.replace(molecules: load.molecules(ofConvoy: convoy), convoy: convoy) }
        }
        for pair in molecules where !convoys.contains(pair[0]) {
            refresh(molecule: pair[1], convoy: pair[0], in: &index)
        }
        // A pull or a commit rewrites files under .beads/: read the refs again with them.
        index.remote = remoteStatus()
        let snapshot = index.currentSnapshot()
        self.index = index
        // The mailbox is watched: read it again only when something in it changed.
        return withMail(snapshot, rereadMail: mailChanged)
    }

    private func refresh(molecule: String, convoy: String, in index: inout WorkspaceIndex) {
        if FileManager.default.fileExists(atPath: store.layout.moleculeDirectory(convoy, molecule)),
            let state = try? store.loadMolecule(molecule)
        {
            index.replace(molecule: state)
        } else {
            index.removeMolecule(molecule, convoy: convoy)
        }
    }

    /// Who the dashboard decides as and the key they would sign with, resolved once (git config runs a process);
    /// or why no name could be found.
    lazy var viewer: (who: ReviewerIdentity.Resolved?, key: (any RecordSigner)?, problem: String?) = {
        do throws(StoreError) {
            let who = try ReviewerIdentity.resolve(explicit: reviewer, environment: environment)
            return (who, try? signer(), nil)
        } catch {
            return (nil, nil, error.message)
        }
    }()

    /// Whether the viewer may decide each convoy, by the checks a decision goes through, so the dashboard refuses
    /// before a reason is typed.
    private func checkRights(in index: inout WorkspaceIndex, convoys: [String]) {
        let (who, key, problem) = viewer
        index.viewer = who.map { Viewer(name: $0.name, source: $0.sourceDescription) }
        let context = store.signingContext()
        let isAgent = ReviewerIdentity.isAgent(environment: environment)
        for convoy in convoys {
            guard let who, !isAgent else {
                let reason = isAgent ? "this process identifies itself as an agent (GASTOWN_AGENT is set)" : problem
                index.setRight(.mayNot(reason ?? "cannot tell who you are"), convoy: convoy)
                continue
            }
            let refusal = context.authority(for: convoy).decisionRefusal(
                of: who.name, key: key?.publicKey, keySource: key?.source ?? "")
            index.setRight(refusal.map { .mayNot(Self.rightLine($0, who: who)) } ?? .may, convoy: convoy)
        }
    }

    /// A refusal on one line, saying first where the name came from: "You are alice-smith (from git user.name
    /// "Alice Smith"): alice-smith is not a reviewer of convoy soc2 (its reviewers are alice)".
    static func rightLine(_ refusal: StoreError, who: ReviewerIdentity.Resolved) -> String {
        var text = refusal.message.hasPrefix("refused: ") ? String(refusal.message.dropFirst(9)) : refusal.message
        text = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        guard refusal.concernsIdentity else { return text }
        return "You are \(who.name) (from \(who.sourceDescription)): " + text
    }

    public func decide(_ request: DecisionRequest, approve: Bool, now: Date, terminal: (any TerminalPort)?)
        -> DecisionOutcome
    {
        do throws(StoreError) {
            let who = try ReviewerIdentity.resolve(explicit: reviewer, environment: environment)
            let signer = self.signer
            let lent = TerminalLender(terminal)
            let written = try who.explaining { () throws(StoreError) in
                try store.decide(
                    molecule: request.moleculeID, checkpoint: request.checkpointID,
                    decision: approve ? .approved : .rejected, reviewer: who.name,
                    reason: request.reason, returnTo: approve ? nil : request.returnTo,
                    isAgent: ReviewerIdentity.isAgent(environment: environment),
                    signer: { () throws(StoreError) -> any RecordSigner in
                        TerminalLendingSigner(base: try signer(), lender: lent)
                    }, now: now)
            }
            if var index {
                refresh(molecule: request.moleculeID, convoy: request.convoyID, in: &index)
                self.index = index
            }
            if approve {
                return .accepted("Approved \(request.checkpointID) of \(request.moleculeID) (\(who.name))")
            }
            return .accepted(
                "Rejected \(request.checkpointID) of \(request.moleculeID) → "
                    + (written.record.returnedTo ?? "?") + " (\(who.name))")
        } catch {
            return .refused(error.message)
        }
    }
}

/// The dashboard's terminal, lent to ssh-keygen while it signs (it may ask for a passphrase): curses mode is
/// left (`endwin`) and taken back after. Used only on the run loop's thread.
extension StoreSource {
    public func moleculeFileForEditing(convoy: String, molecule: String) throws(SourceError) -> (
        bytes: [UInt8], revision: Int
    ) {
        do throws(StoreError) {
            return try store.moleculeFileForEditing(molecule)
        } catch {
            throw SourceError(error.message)
        }
    }

    public func writeHandEdit(convoy: String, molecule: String, edited: [UInt8], revision: Int, now: Date)
        throws(SourceError)
    {
        do throws(StoreError) {
            try store.writeHandEdit(molecule: molecule, edited: edited, revision: revision, now: now)
        } catch {
            throw SourceError(error.message)
        }
        if var index {
            refresh(molecule: molecule, convoy: convoy, in: &index)
            self.index = index
        }
    }
}

final class TerminalLender: @unchecked Sendable {
    let terminal: (any TerminalPort)?
    init(_ terminal: (any TerminalPort)?) { self.terminal = terminal }

    func lend<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        guard let terminal else { return try body() }
        terminal.suspend()
        defer { terminal.resume() }
        return try body()
    }
}

/// A signer that hands the terminal to the signing program while it runs.
struct TerminalLendingSigner: RecordSigner {
    let base: any RecordSigner
    let lender: TerminalLender
    var publicKey: SSHPublicKey { base.publicKey }
    var source: String { base.source }

    func sign(_ canonicalText: [UInt8]) throws(StoreError) -> SSHSignature {
        try lender.lend { () throws(StoreError) in try base.sign(canonicalText) }
    }
}
