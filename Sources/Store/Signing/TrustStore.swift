import Core
import Foundation
import TOML

/// The trust anchor outside the workspace, like ssh's `known_hosts`: per workspace (by its real path), the
/// signing policy and each convoy's reviewer-trail genesis this user first saw, in
/// `$XDG_STATE_HOME/gastown/trust.toml` (default `~/.local/state/gastown/`).
///
/// Anything under `.beads/` can be rewritten by an agent, including a convoy's first reviewers and the signing
/// policy; what is pinned here cannot be changed from inside the workspace. A different genesis, or a switch
/// to unsigned, is refused until the user accepts it with `gastown trust`.
public struct TrustStore: Sendable {
    /// What one workspace has pinned.
    public struct Pins: Sendable, Hashable {
        public var signing: WorkspaceConfig.SigningPolicy?
        /// Convoy name → the hash of its reviewer trail's genesis record.
        public var genesis: [String: String] = [:]

        public init(signing: WorkspaceConfig.SigningPolicy? = nil, genesis: [String: String] = [:]) {
            self.signing = signing
            self.genesis = genesis
        }
    }

    public let directory: String
    public var file: String { directory + "/trust.toml" }
    var lockFile: String { directory + "/trust.lock" }

    public init(directory: String) { self.directory = directory }

    /// `$XDG_STATE_HOME/gastown`, else `$HOME/.local/state/gastown`; nil with neither set.
    public static func locate(environment: [String: String]) -> TrustStore? {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return TrustStore(directory: state + "/gastown")
        }
        guard let home = environment["HOME"], home.hasPrefix("/") else { return nil }
        return TrustStore(directory: home + "/.local/state/gastown")
    }

    /// The key a workspace is pinned under: its real path (a moved or re-cloned workspace is a new one).
    public static func workspaceKey(_ layout: StoreLayout) -> String {
        URL(fileURLWithPath: layout.workspace).resolvingSymlinksInPath().path
    }

    public func pins(for layout: StoreLayout) throws(StoreError) -> Pins {
        try readAll()[Self.workspaceKey(layout)] ?? Pins()
    }

    /// Changes a workspace's pins under the store's lock, rewriting the file atomically.
    @discardableResult
    public func update(_ layout: StoreLayout, _ change: (inout Pins) -> Void) throws(StoreError) -> Pins {
        try StoreInitializer.makeDirectories(directory)
        return try FileLock.withLock(lockFile, timeout: FileLock.defaultTimeout) { () throws(StoreError) -> Pins in
            let (before, bytes) = try read()
            var all = before
            let key = Self.workspaceKey(layout)
            var pins = all[key] ?? Pins()
            change(&pins)
            all[key] = pins
            let previous = bytes.map { TOMLFileWriter.Previous(bytes: $0, values: Self.table(before)) }
            let text = TOMLFileWriter.bytes(for: Self.table(all), header: Self.header, replacing: previous)
            try AtomicFile.write(text, to: file, permissions: 0o600)
            return pins
        }
    }

    func readAll() throws(StoreError) -> [String: Pins] { try read().all }

    /// Every workspace's pins, and the file's bytes (nil when there is no file yet).
    private func read() throws(StoreError) -> (all: [String: Pins], bytes: [UInt8]?) {
        guard let bytes = try AtomicFile.read(file) else { return ([:], nil) }
        let table: TOMLTable
        switch TOMLFile.parse(bytes, file: file) {
        case .failure(let problem):
            throw StoreError(.io, "the trust store \(problem.description) (fix or remove it; gastown will ask again)")
        case .success(let parsed): table = parsed
        }
        var all: [String: Pins] = [:]
        for entry in table {
            guard let workspace = entry.value.tableValue else { continue }
            var pins = Pins()
            pins.signing = workspace["signing"]?.stringValue.flatMap(WorkspaceConfig.SigningPolicy.init)
            for convoy in workspace["convoys"]?.tableValue ?? TOMLTable() {
                if let hash = convoy.value.stringValue { pins.genesis[convoy.key] = hash }
            }
            all[entry.key] = pins
        }
        return (all, bytes)
    }

    static let header =
        "# gastown trust store: per workspace, the signing policy and each convoy's reviewer genesis this user "
        + "accepted (docs/store.md).\n"

    /// The file as gastown creates it (the canonical style, docs/store.md).
    static func tomlText(_ all: [String: Pins]) -> String { TOMLFileWriter.canonicalText(header: header, table(all)) }

    /// Gastown's model of the file: a table per workspace, sorted.
    static func table(_ all: [String: Pins]) -> TOMLTable {
        var root = TOMLTable()
        for (workspace, pins) in all.sorted(by: { $0.key < $1.key }) {
            var table = TOMLTable()
            if let signing = pins.signing { table["signing"] = .string(signing.rawValue) }
            var convoys = TOMLTable()
            for (convoy, hash) in pins.genesis.sorted(by: { $0.key < $1.key }) { convoys[convoy] = .string(hash) }
            table["convoys"] = .table(convoys)
            root[workspace] = .table(table)
        }
        return root
    }
}
