import DisplayText
import TOML

/// Copies built-in formulas and templates into a workspace's `.beads/` (`gastown init`, `gastown formula
/// install`), so a team can read and change them. A file already there is never overwritten unless asked.
public enum ShippedInstall {
    public struct Installed: Sendable, Hashable {
        public enum Outcome: String, Sendable, Hashable {
            /// The file was written.
            case created
            /// An existing, different file was replaced (`--force`).
            case replaced
            /// The file already held exactly the built-in text.
            case unchanged
            /// A different file was there and was kept.
            case kept
        }

        /// Workspace-relative (`.beads/formulas/integration-test-full-validation.toml`).
        public var path: String
        public var outcome: Outcome
    }

    /// `gastown init`: the starter formula and template of the seed's layout; existing files are kept.
    public static func installStarterFiles(_ layout: StoreLayout) throws(StoreError) -> [Installed] {
        var installed: [Installed] = []
        for name in ShippedFiles.starterFormulas {
            guard let file = ShippedFiles.formula(named: name) else { continue }
            installed.append(try copy(file, into: layout.formulas, layout: layout, replace: false))
        }
        for name in ShippedFiles.starterTemplates {
            guard let file = ShippedFiles.template(named: name) else { continue }
            installed.append(try copy(file, into: layout.templates, layout: layout, replace: false))
        }
        return installed
    }

    /// `gastown formula install NAME`: the built-in formula, and the built-in report template it names when the
    /// workspace has none of that name. A different copy already there is refused unless `force`.
    public static func installFormula(_ name: String, layout: StoreLayout, force: Bool) throws(StoreError)
        -> [Installed]
    {
        guard let file = ShippedFiles.formula(named: name) else {
            throw StoreError(
                .notFound,
                "no built-in formula named \(TerminalText.sanitizeLine(name)) (built in: \(ShippedFiles.formulas.map(\.stem).joined(separator: ", ")))"
            )
        }
        try StoreInitializer.makeDirectories(layout.formulas)
        let formula = try copy(file, into: layout.formulas, layout: layout, replace: force)
        if formula.outcome == .kept {
            throw StoreError(
                .alreadyExists,
                "\(formula.path) already exists and differs from the built-in \(file.name); keep it, or replace it with `gastown formula install \(name) --force`"
            )
        }
        var installed = [formula]
        if let template = templateNamed(in: file).flatMap(ShippedFiles.template(named:)) {
            try StoreInitializer.makeDirectories(layout.templates)
            installed.append(try copy(template, into: layout.templates, layout: layout, replace: force))
        }
        return installed
    }

    /// Writes `file` into `directory` unless a file is there: an identical one is `unchanged`, a different one is
    /// `kept`, or `replaced` when `replace`.
    static func copy(_ file: ShippedFile, into directory: String, layout: StoreLayout, replace: Bool)
        throws(StoreError) -> Installed
    {
        let path = directory + "/" + file.name
        let bytes = Array(file.text.utf8)
        if try AtomicFile.create(bytes, at: path) {
            return Installed(path: layout.relative(path), outcome: .created)
        }
        if try AtomicFile.read(path) == bytes { return Installed(path: layout.relative(path), outcome: .unchanged) }
        guard replace else { return Installed(path: layout.relative(path), outcome: .kept) }
        try AtomicFile.write(bytes, to: path)
        return Installed(path: layout.relative(path), outcome: .replaced)
    }

    /// The report template a built-in formula names (`template = "…"`), read without loading the whole formula.
    static func templateNamed(in file: ShippedFile) -> String? {
        guard let table = try? TOMLParser.parse(bytes: Array(file.text.utf8), file: file.name) else { return nil }
        return table["template"]?.stringValue
    }
}
