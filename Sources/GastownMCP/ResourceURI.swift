import Store

/// The resources: `gastown://convoy/C`, `gastown://molecule/M`, `gastown://molecule/M/report` (the latest
/// report) and `gastown://formula/F`.
enum ResourceURI: Hashable, Sendable {
    case convoy(String)
    case molecule(String)
    case report(String)
    case formula(String)

    static let scheme = "gastown://"

    init?(_ text: String) {
        guard text.hasPrefix(Self.scheme) else { return nil }
        let parts = text.dropFirst(Self.scheme.count).split(separator: "/", omittingEmptySubsequences: false).map(
            String.init)
        guard parts.count >= 2, NameValidation.problem(with: parts[1]) == nil else { return nil }
        switch (parts[0], parts.count) {
        case ("convoy", 2): self = .convoy(parts[1])
        case ("molecule", 2): self = .molecule(parts[1])
        case ("molecule", 3) where parts[2] == "report": self = .report(parts[1])
        case ("formula", 2): self = .formula(parts[1])
        default: return nil
        }
    }

    var text: String {
        switch self {
        case .convoy(let name): Self.scheme + "convoy/" + name
        case .molecule(let name): Self.scheme + "molecule/" + name
        case .report(let name): Self.scheme + "molecule/" + name + "/report"
        case .formula(let name): Self.scheme + "formula/" + name
        }
    }

    /// Which of `subscribed` a change of `path` (what the watcher reports) may have changed; nil paths (the
    /// kernel dropped events) change everything. A formula or a convoy's reviewer trail changes every molecule
    /// that may use it, so those notify more than strictly needed rather than miss one.
    static func affected(by paths: Set<String>?, layout: StoreLayout, subscribed: Set<ResourceURI>) -> Set<ResourceURI>
    {
        guard let paths else { return subscribed }
        var changed = Set<ResourceURI>()
        for path in paths {
            switch layout.classify(path) {
            case .molecule(let convoy, let molecule, let part):
                changed.insert(.molecule(molecule))
                changed.insert(.convoy(convoy))
                if part == .report || part == .folder { changed.insert(.report(molecule)) }
            case .convoy(let convoy, let part):
                changed.insert(.convoy(convoy))
                if part != .file {
                    changed.formUnion(subscribed.filter { if case .molecule = $0 { true } else { false } })
                }
            case .formula, .template: return subscribed
            case .convoys, .mail, .other, .outside: continue
            }
        }
        return changed.intersection(subscribed)
    }
}
