/// The message `gastown sync` commits `.beads/` changes with: `gastown: ` and what changed, by kind.
public enum SyncSummary {
    /// `paths` relative to `.beads/`; e.g. `gastown: molecules m1, m2; 2 decisions; 1 finding`.
    public static func message(forChanged paths: [String]) -> String {
        var molecules: [String] = []
        var convoys: [String] = []
        var counts: [String: Int] = [:]
        for path in paths.sorted() {
            let parts = path.split(separator: "/").map(String.init)
            let kind = kind(of: parts)
            switch kind {
            case "molecule" where parts.count >= 5 && !molecules.contains(parts[3]): molecules.append(parts[3])
            case "convoy" where parts.count >= 2 && !convoys.contains(parts[1]): convoys.append(parts[1])
            case "molecule", "convoy": break
            default: counts[kind, default: 0] += 1
            }
        }
        var items: [String] = []
        if !convoys.isEmpty { items.append(named("convoy", convoys)) }
        if !molecules.isEmpty { items.append(named("molecule", molecules)) }
        for (kind, plural) in order {
            if let n = counts[kind] { items.append("\(n) \(n == 1 ? kind : plural)") }
        }
        return "gastown: " + (items.isEmpty ? "update .beads" : items.joined(separator: "; "))
    }

    private static let order: [(String, String)] = [
        ("decision", "decisions"), ("reviewer change", "reviewer changes"), ("finding", "findings"),
        ("gate evidence file", "gate evidence files"), ("manual check file", "manual check files"),
        ("report", "reports"), ("mail file", "mail files"), ("formula", "formulas"), ("template", "templates"),
        ("other file", "other files"),
    ]

    private static func named(_ kind: String, _ names: [String]) -> String {
        names.count <= 3
            ? "\(kind)\(names.count == 1 ? "" : "s") \(names.joined(separator: ", "))" : "\(names.count) \(kind)s"
    }

    private static func kind(of parts: [String]) -> String {
        switch parts.first {
        case "mail": return "mail file"
        case "formulas": return "formula"
        case "templates": return "template"
        case "convoys": break
        default: return "other file"
        }
        if parts.count == 3 && parts[2] == "convoy.toml" { return "convoy" }
        if parts.count >= 3 && parts[2] == "reviewers" { return "reviewer change" }
        guard parts.count >= 5, parts[2] == "molecules" else { return "other file" }
        switch parts[4] {
        case "checkpoints": return "decision"
        case "findings": return "finding"
        case "gates": return "gate evidence file"
        case "reports": return "report"
        case "manual-checks.toml": return "manual check file"
        default: return "molecule"
        }
    }
}
