/// What a path under a workspace is to the store: the one reading of the `.beads/` layout (docs/store.md)
/// that tells a watcher which convoy or molecule a changed file belongs to.
public enum StorePath: Sendable, Hashable {
    /// The parts of a convoy's folder `convoys/C/`.
    public enum ConvoyPart: Sendable, Hashable {
        /// `convoys/C` itself (the convoy appeared or went).
        case folder
        /// `convoys/C/convoy.toml`.
        case file
        /// `convoys/C/molecules` itself (its molecules appeared or went together).
        case moleculesFolder
        /// Anything else beside convoy.toml: a temporary before its rename, a lock.
        case other
    }

    /// The parts of a molecule's folder `convoys/C/molecules/M/`.
    public enum MoleculePart: Sendable, Hashable {
        /// `M` itself (the molecule appeared or went).
        case folder
        /// `M/molecule.toml`.
        case file
        /// `M/checkpoints/…`: the decision records.
        case decision
        /// `M/gates/…` and `M/manual-checks.toml`.
        case gateEvidence
        /// `M/findings/…`.
        case finding
        /// `M/reports/…`.
        case report
        /// Anything else in the molecule's folder: a temporary, a lock.
        case other
    }

    /// `.beads/formulas/…`
    case formula
    /// `.beads/templates/…`
    case template
    /// `.beads/mail/…` (messages and read marks).
    case mail
    /// `.beads/convoys` itself.
    case convoys
    case convoy(String, ConvoyPart)
    case molecule(convoy: String, molecule: String, MoleculePart)
    /// Elsewhere in `.beads/` (`.beads` itself, its .gitignore, the store lock, a folder gastown does not know).
    case other
    /// Not under this workspace's `.beads/`.
    case outside
}

extension StoreLayout {
    /// What `path` (absolute, as a watcher reports it) is in this store. Pure: reads only the path.
    public func classify(_ path: String) -> StorePath {
        guard let relative = Self.components(of: path, under: beads) else { return .outside }
        guard let top = relative.first else { return .other }
        switch top {
        case "formulas": return .formula
        case "templates": return .template
        case "mail": return .mail
        case "convoys": return Self.classify(convoyPath: relative.dropFirst())
        default: return .other
        }
    }

    /// `parts`: the components below `.beads/convoys/`.
    private static func classify(convoyPath parts: ArraySlice<Substring>) -> StorePath {
        guard let convoy = parts.first.map(String.init) else { return .convoys }
        // A convoy or molecule being built (`.NAME.tmp-…`, FolderCreation) is nothing until it is renamed.
        if convoy.hasPrefix(".") { return .other }
        let inConvoy = parts.dropFirst()
        guard let entry = inConvoy.first else { return .convoy(convoy, .folder) }
        guard entry == "molecules" else {
            return .convoy(convoy, entry == "convoy.toml" && inConvoy.count == 1 ? .file : .other)
        }
        let inMolecules = inConvoy.dropFirst()
        guard let molecule = inMolecules.first.map(String.init) else { return .convoy(convoy, .moleculesFolder) }
        if molecule.hasPrefix(".") { return .convoy(convoy, .other) }
        return .molecule(convoy: convoy, molecule: molecule, moleculePart(inMolecules.dropFirst()))
    }

    /// `parts`: the components below the molecule's folder.
    private static func moleculePart(_ parts: ArraySlice<Substring>) -> StorePath.MoleculePart {
        guard let entry = parts.first else { return .folder }
        switch entry {
        case "molecule.toml" where parts.count == 1: return .file
        case "manual-checks.toml" where parts.count == 1: return .gateEvidence
        case "checkpoints": return .decision
        case "gates": return .gateEvidence
        case "findings": return .finding
        case "reports": return .report
        default: return .other
        }
    }

    /// The path's components below `directory`; nil when it is not `directory` or below it.
    private static func components(of path: String, under directory: String) -> [Substring]? {
        guard path.hasPrefix(directory) else { return nil }
        let rest = path.dropFirst(directory.count)
        guard rest.isEmpty || rest.first == "/" else { return nil }
        return rest.split(separator: "/")
    }
}
