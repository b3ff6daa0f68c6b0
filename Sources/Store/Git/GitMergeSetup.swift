/// Registers the merge driver for `.beads/` in a clone (`gastown init`), and tells whether it is (`gastown doctor`).
public enum GitMergeSetup {
    public static let driverName = "gastown"
    public static let driverCommand = "gastown merge-driver %O %A %B %P"
    static let driverTitle = "gastown: three-way merge of .beads/ TOML files"

    public static func attributesPath(_ layout: StoreLayout) -> String { layout.beads + "/.gitattributes" }

    /// What `install` did, for the user.
    public struct Change: Sendable, Equatable {
        public var description: String
    }

    /// Writes the missing lines of `.beads/.gitattributes` (lines already there stay) and sets
    /// `merge.gastown.name` and `merge.gastown.driver` in the repository's config. Idempotent: returns
    /// nothing when everything was in place.
    public static func install(_ layout: StoreLayout, in repository: GitRepository) throws(StoreError) -> [Change] {
        var changes: [Change] = []
        let path = attributesPath(layout)
        let existing = try AtomicFile.read(path).map { String(decoding: $0, as: UTF8.self) } ?? ""
        let present = Set(existing.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) })
        let missing = MergeFileKind.gitAttributes.filter { !present.contains($0) }
        if !missing.isEmpty {
            var text = existing
            if text.isEmpty {
                text =
                    "# Written by `gastown init`: these files merge through `gastown merge-driver` (docs/store.md).\n"
            } else if !text.hasSuffix("\n") {
                text += "\n"
            }
            text += missing.joined(separator: "\n") + "\n"
            try AtomicFile.write(Array(text.utf8), to: path)
            changes.append(Change(description: "wrote \(repository.relative(path)) (\(missing.count) merge rules)"))
        }
        for (key, value) in [("merge.gastown.name", driverTitle), ("merge.gastown.driver", driverCommand)]
        where repository.config(key) != value {
            let result = repository.run(["config", "--local", key, value])
            guard result.succeeded else {
                throw StoreError(
                    .io,
                    "cannot set git config \(key): \(result.stderr.trimmingCharacters(in: .whitespacesAndNewlines))")
            }
            changes.append(Change(description: "registered the merge driver in git config (\(key) = \(value))"))
        }
        return changes
    }

    /// What is missing for merges through the driver in this clone (empty when nothing is).
    public static func problems(_ layout: StoreLayout, in repository: GitRepository) -> [String] {
        var problems: [String] = []
        if repository.config("merge.gastown.driver") == nil {
            problems.append("the merge driver is not registered in this clone's git config (run `gastown init`)")
        }
        let text =
            (try? AtomicFile.read(attributesPath(layout))).flatMap { $0 }.map { String(decoding: $0, as: UTF8.self) }
            ?? ""
        let present = Set(text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) })
        let missing = MergeFileKind.gitAttributes.filter { !present.contains($0) }
        if !missing.isEmpty {
            problems.append(
                "\(repository.relative(attributesPath(layout))) lacks \(missing.count) merge rule(s) (run `gastown init`)"
            )
        }
        return problems
    }
}
