/// Which `.beads/` file a path names, for the merge driver: each kind has its own merge rules
/// (docs/store.md, "Working from several clones").
public enum MergeFileKind: String, Sendable, Hashable, CaseIterable {
    case molecule
    case convoy
    /// `findings/f-XXXXXXXX.toml`: its `[resolution]` is signed and merges whole.
    case finding
    /// `mail/.read/READER.toml`.
    case readMarks = "read-marks"
    /// `manual-checks.toml`: each `[checks.NAME]` is signed and merges whole.
    case manualChecks = "manual-checks"
    /// `gates/GATE.toml`: the evidence with the latest `checked` wins, whole.
    case gateEvidence = "gate-evidence"
    /// `.beads/config.toml`: the signing policy, never merged silently.
    case config
    /// Anything else: git's own line merge.
    case unknown

    /// The kind of the file at `path` (as git passes it: relative to the repository, `/`-separated).
    public static func classify(_ path: String) -> MergeFileKind {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard let name = parts.last else { return .unknown }
        let parent = parts.count >= 2 ? parts[parts.count - 2] : ""
        switch name {
        case "molecule.toml": return .molecule
        case "convoy.toml": return .convoy
        case "manual-checks.toml": return .manualChecks
        case "config.toml" where parent == ".beads": return .config
        default: break
        }
        guard name.hasSuffix(".toml") else { return .unknown }
        switch parent {
        case "findings" where name.hasPrefix("f-"): return .finding
        case "gates": return .gateEvidence
        case ".read": return .readMarks
        default: return .unknown
        }
    }

    /// The lines `.beads/.gitattributes` holds so git hands these files to the driver (paths relative to `.beads/`).
    public static let gitAttributes: [String] = [
        "**/molecule.toml merge=gastown",
        "**/convoy.toml merge=gastown",
        "**/findings/f-*.toml merge=gastown",
        "**/gates/*.toml merge=gastown",
        "**/manual-checks.toml merge=gastown",
        "mail/.read/*.toml merge=gastown",
        "/config.toml merge=gastown",
    ]
}
