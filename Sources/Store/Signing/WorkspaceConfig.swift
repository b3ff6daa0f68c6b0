import Core
import Foundation
import TOML

/// `.beads/config.toml`: the workspace's signing policy, and whether it is a demo.
///
/// ```toml
/// signing = "required"          # required (default) | unsigned
/// demo_signing_key = "demo-keys/you"   # demo workspaces only: the key that signs when no other is set
/// ```
///
/// An agent can rewrite this file like any other: the policy a user first saw is pinned outside the
/// workspace (`TrustStore`), and a switch to unsigned is refused until that user runs `gastown trust`.
public struct WorkspaceConfig: Sendable, Hashable {
    public enum SigningPolicy: String, Sendable, Hashable, CaseIterable {
        /// Every human act must be signed by a reviewer's SSH key (the default).
        case required
        /// Solo use: decisions count when their hash chain verifies and their reviewer is listed.
        case unsigned
    }

    public var signing: SigningPolicy = .required
    /// A demo workspace's generated key (workspace-relative), used when no other key is set.
    public var demoSigningKey: String?
    /// Keys this version does not know: kept when gastown rewrites the file.
    public var unknownKeys = TOMLTable()

    public init(signing: SigningPolicy = .required, demoSigningKey: String? = nil) {
        self.signing = signing
        self.demoSigningKey = demoSigningKey
    }

    static let knownKeys: Set<String> = ["signing", "demo_signing_key"]

    public static func path(_ layout: StoreLayout) -> String { layout.beads + "/config.toml" }

    /// The configuration (the default when the file is absent) and any problem with it. A file that does not
    /// parse keeps the default, signed.
    public static func load(_ layout: StoreLayout) -> (WorkspaceConfig, [StoreProblem]) {
        let path = path(layout)
        let relative = layout.relative(path)
        let bytes: [UInt8]
        do throws(StoreError) {
            guard let read = try AtomicFile.read(path) else { return (WorkspaceConfig(), []) }
            bytes = read
        } catch {
            return (WorkspaceConfig(), [StoreProblem(.parse, file: relative, message: error.message)])
        }
        switch TOMLFile.parse(bytes, file: relative) {
        case .failure(let problem): return (WorkspaceConfig(), [problem])
        case .success(let table):
            let reader = FieldReader(table, file: relative, remembersKeys: false)
            var config = WorkspaceConfig()
            if let policy = reader.oneOf("signing", SigningPolicy.allCases.map(\.rawValue)) {
                config.signing = SigningPolicy(rawValue: policy) ?? .required
            }
            config.demoSigningKey = reader.string("demo_signing_key")
            config.unknownKeys = TOMLTable(entries: table.filter { !knownKeys.contains($0.key) })
            return (config, reader.problems)
        }
    }

    static let header = """
        # gastown workspace configuration (docs/store.md, "Signing").
        # signing = "required": every human act is signed with a reviewer's SSH key; "unsigned": solo use.

        """

    /// The file as gastown creates it (the canonical style, docs/store.md).
    public var tomlText: String { TOMLFileWriter.canonicalText(header: Self.header, tomlTable) }

    /// Gastown's model of the file.
    var tomlTable: TOMLTable {
        var table = TOMLTable()
        table["signing"] = .string(signing.rawValue)
        if let demoSigningKey { table["demo_signing_key"] = .string(demoSigningKey) }
        for kept in unknownKeys where table[kept.key] == nil { table.setEntry(kept) }
        return table
    }

    /// Creates the file, or edits the one there in place (only what changed; comments stay).
    public func write(_ layout: StoreLayout) throws(StoreError) {
        let path = Self.path(layout)
        let previous = try TOMLFileWriter.previous(at: path) { bytes in
            guard case .success(let table) = TOMLFile.parse(bytes, file: path) else { return nil }
            var read = WorkspaceConfig()
            read.signing = table["signing"]?.stringValue.flatMap(SigningPolicy.init) ?? .required
            read.demoSigningKey = table["demo_signing_key"]?.stringValue
            read.unknownKeys = TOMLTable(entries: table.filter { !Self.knownKeys.contains($0.key) })
            return read.tomlTable
        }
        try TOMLFileWriter.write(tomlTable, header: Self.header, to: path, replacing: previous)
    }
}

extension BeadsStore {
    /// A demo workspace's generated key (from `.beads/config.toml`), when the file exists inside the workspace.
    public var demoSigningKeyPath: String? {
        guard let relative = WorkspaceConfig.load(layout).0.demoSigningKey, !relative.hasPrefix("/"),
            !relative.split(separator: "/").contains("..")
        else { return nil }
        return layout.workspace + "/" + relative
    }
}
