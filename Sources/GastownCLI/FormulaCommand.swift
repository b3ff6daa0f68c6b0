import ArgumentParser
import Core
import DisplayText
import Foundation
import Store

/// `gastown formula validate|list|show`: check formula files and read their outline.
struct FormulaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "formula",
        abstract: "Validate, list and outline formulas (workflows of steps, checkpoints and gates).",
        discussion: """
            Formulas are found on the search path: WORKSPACE/formulas, WORKSPACE/.beads/formulas, \
            ~/.beads/formulas (files NAME.toml or NAME.formula.toml), then the formulas built into gastown \
            (`formula install NAME` copies one into .beads/formulas/). Gas Town's four types load: workflow \
            ([[steps]]), convoy ([[legs]] + [synthesis]), expansion ([[template]], used by [compose] expand) \
            and aspect ([[advice]] used by [compose] aspects, or [[aspects]]). The format: docs/formulas.md.
            """,
        subcommands: [Validate.self, List.self, Show.self, Install.self]
    )

    /// Where to search: --root, else GASTOWN_ROOT, else the nearest parent with .beads/, else the working directory.
    struct Location: ParsableArguments {
        @Option(
            name: .long,
            help: ArgumentHelp(
                "The workspace whose formulas/ and .beads/formulas/ are searched (default: GASTOWN_ROOT, else the nearest parent with a .beads/, else the working directory).",
                valueName: "DIR"))
        var root: String?

        func library() -> FormulaLibrary { resolved().library }

        /// The library, and the workspace and home it searches (to say where each formula comes from).
        func resolved() -> (library: FormulaLibrary, workspace: String, home: String?) {
            let environment = ProcessInfo.processInfo.environment
            let cwd = FileManager.default.currentDirectoryPath
            let workspace: String
            if let given = root ?? environment["GASTOWN_ROOT"].flatMap({ $0.isEmpty ? nil : $0 }) {
                workspace = StoreDiscovery.workspaceFor(PathResolution.absolute(given, from: cwd))
            } else if let layout = try? StoreDiscovery.locate(
                explicitRoot: nil, environment: [:], currentDirectory: cwd)
            {
                workspace = layout.workspace
            } else {
                workspace = cwd
            }
            return (FormulaLibrary.workspace(workspace, home: environment["HOME"]), workspace, environment["HOME"])
        }
    }

    // MARK: - validate

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check formula files; print every problem as file:line:column.",
            discussion: """
                A PATH may be a file or a directory (its *.toml files are checked). `extends` is resolved \
                beside the file first, then along the search path.
                Exit status: 0 when every file is valid, 1 when any has an error (or, with --strict, a warning).
                """
        )

        @Argument(help: ArgumentHelp("Formula files or directories to check.", valueName: "PATH"))
        var paths: [String]

        @Flag(name: .long, help: "Treat warnings (unknown keys, unknown gate types, …) as errors.")
        var strict = false

        @Flag(name: .long, help: "Print JSON: {valid, errors, warnings, files: [{path, formula, valid, diagnostics}]}.")
        var json = false

        @OptionGroup var location: Location

        func run() throws {
            let library = location.library()
            var files: [String] = []
            for path in paths {
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                    let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter {
                        $0.hasSuffix(".toml")
                    }.sorted()
                    files += names.map { (path.hasSuffix("/") ? path : path + "/") + $0 }
                } else {
                    files.append(path)
                }
            }
            let results = files.map { library.load(path: $0) }
            let errorCount = results.reduce(0) { $0 + $1.diagnostics.errors.count }
            let warningCount = results.reduce(0) { $0 + $1.diagnostics.warnings.count }
            func fileValid(_ r: FormulaLibrary.Loaded) -> Bool {
                !r.diagnostics.hasErrors && (!strict || r.diagnostics.isEmpty)
            }
            let valid = results.allSatisfy(fileValid)
            let failure = "\(results.filter { !fileValid($0) }.count) of \(results.count) formula file(s) invalid"
            if json {
                var members: [(String, JSON)] = [
                    ("valid", .bool(valid)), ("strict", .bool(strict)),
                    ("errors", .integer(errorCount)), ("warnings", .integer(warningCount)),
                    (
                        "files",
                        .array(
                            results.map { r in
                                .object([
                                    ("path", .string(r.path)),
                                    ("formula", .optional(r.partial?.name)),
                                    ("valid", .bool(fileValid(r))),
                                    (
                                        "diagnostics",
                                        .array(r.diagnostics.sortedByLocation().map(FormulaJSON.diagnostic))
                                    ),
                                ])
                            })
                    ),
                ]
                if !valid { members.append(("error", Exit.errorJSON(code: 1, kind: "io", message: failure))) }
                Output.json(.object(members))
            } else {
                for result in results {
                    for diagnostic in result.diagnostics.sortedByLocation() {
                        Output.line(Output.safe(diagnostic.description))
                    }
                    let status = fileValid(result) ? "ok" : "invalid"
                    let counts =
                        "\(result.diagnostics.errors.count) error\(result.diagnostics.errors.count == 1 ? "" : "s"), "
                        + "\(result.diagnostics.warnings.count) warning\(result.diagnostics.warnings.count == 1 ? "" : "s")"
                    Output.line("\(Output.safe(result.path)): \(status) (\(counts))")
                }
                if results.count > 1 {
                    Output.line("\(results.count) files: \(errorCount) errors, \(warningCount) warnings")
                }
            }
            if !valid { throw ExitCode(1) }
        }
    }

    // MARK: - list

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the formulas on the search path and the built-in ones, with version, steps and source.",
            discussion: """
                SOURCE says where each comes from: formulas/, .beads/formulas/, ~/.beads/formulas/ or built-in. A \
                formula shadowed by one of the same name earlier on the search path is marked, and so is a copy \
                older than the built-in version it shadows (`gastown formula install NAME --force` updates it). \
                Exit status 0.
                """
        )

        @Flag(
            name: .long,
            help:
                "Print JSON: {searchPath, builtIn, formulas: [{name, path, source, shadowed, olderThanBuiltIn, valid, version, type, steps, plannedSeconds, errors, warnings}]}."
        )
        var json = false

        @OptionGroup var location: Location

        func run() throws {
            let (library, workspace, home) = location.resolved()
            let entries = library.list()
            let loaded = entries.map { library.load(path: $0.path) }
            let newer = zip(entries, loaded).map { entry, result in
                Self.newerBuiltIn(than: result.partial?.version, entry: entry, library: library)
            }
            func source(_ entry: FormulaLibrary.Entry) -> String {
                Self.source(of: entry, workspace: workspace, home: home)
            }
            if json {
                Output.json(
                    .object([
                        ("searchPath", .array(library.directories.map(JSON.string))),
                        ("builtIn", .array(library.builtIns.map { JSON.string($0.stem) })),
                        (
                            "formulas",
                            .array(
                                zip(entries, zip(loaded, newer)).map { entry, pair in
                                    let (result, newer) = pair
                                    let planned = result.partial?.totalPlannedTime
                                    return .object([
                                        ("name", .string(entry.name)), ("path", .string(entry.path)),
                                        ("source", .string(source(entry))),
                                        ("shadowed", .bool(entry.shadowed)),
                                        ("olderThanBuiltIn", FormulaJSON.version(newer)),
                                        ("valid", .bool(result.formula != nil)),
                                        ("version", FormulaJSON.version(result.partial?.version)),
                                        ("type", .optional(result.partial?.kind.rawValue)),
                                        ("steps", result.partial.map { .integer($0.steps.count) } ?? .null),
                                        (
                                            "plannedSeconds",
                                            planned.map { .integer(Int($0.minimum.components.seconds)) } ?? .null
                                        ),
                                        (
                                            "plannedMaximumSeconds",
                                            planned.map { .integer(Int($0.maximum.components.seconds)) } ?? .null
                                        ),
                                        ("errors", .integer(result.diagnostics.errors.count)),
                                        ("warnings", .integer(result.diagnostics.warnings.count)),
                                    ])
                                })
                        ),
                    ]))
                return
            }
            if entries.isEmpty {
                Output.line(
                    "no formulas on the search path (\(library.directories.map(Output.safe).joined(separator: ", ")))")
                return
            }
            var rows = [["NAME", "VERSION", "TYPE", "STEPS", "PLANNED", "STATUS", "SOURCE"]]
            for (entry, (result, newer)) in zip(entries, zip(loaded, newer)) {
                let planned =
                    result.partial.map {
                        PlannedDuration.format(
                            minimum: $0.totalPlannedTime.minimum, maximum: $0.totalPlannedTime.maximum)
                    } ?? "-"
                var status = result.formula != nil ? "ok" : "\(result.diagnostics.errors.count) errors"
                if entry.shadowed { status += " (shadowed)" }
                if let newer { status += " (older than built-in \(Output.safe(newer.description)))" }
                rows.append([
                    Output.safe(entry.name), Output.safe(result.partial?.version?.description ?? "-"),
                    result.partial?.kind.rawValue ?? "-", result.partial.map { String($0.steps.count) } ?? "-",
                    planned, status, Output.safe(source(entry)),
                ])
            }
            for line in TextLayout.table(rows) { Output.line(line) }
            if newer.contains(where: { $0 != nil }) {
                Output.line("update an older copy with `gastown formula install NAME --force` (it replaces the file)")
            }
        }

        /// The built-in version a copy on the search path is older than, if any.
        static func newerBuiltIn(than version: FormulaVersion?, entry: FormulaLibrary.Entry, library: FormulaLibrary)
            -> FormulaVersion?
        {
            guard let builtIn = library.builtIn(shadowedBy: entry),
                let builtInVersion = library.load(path: FormulaLibrary.builtInPath(builtIn)).partial?.version
            else { return nil }
            guard let version else { return builtInVersion }
            return version.precedes(builtInVersion) == true ? builtInVersion : nil
        }

        /// `formulas/`, `.beads/formulas/`, `~/.beads/formulas/`, `built-in`, or the file's path.
        static func source(of entry: FormulaLibrary.Entry, workspace: String, home: String?) -> String {
            guard entry.directory != nil else { return "built-in" }
            let file = (entry.path as NSString).lastPathComponent
            // The closest of the workspace and the home (one may hold the other).
            let bases = [("", workspace), ("~/", home ?? "")].filter { !$0.1.isEmpty }.map {
                ($0.0, $0.1.hasSuffix("/") ? String($0.1.dropLast()) : $0.1)
            }
            for (label, base) in bases.sorted(by: { $0.1.count > $1.1.count }) where entry.path.hasPrefix(base + "/") {
                return label + entry.path.dropFirst(base.count + 1)
            }
            return entry.directory.map { $0 + "/" + file } ?? entry.path
        }
    }

    // MARK: - show

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Outline a formula: steps, durations, tasks, checkpoints, gates, total planned time.",
            discussion:
                "NAME is looked up on the search path; a path to a .toml file also works. Exit status: 0, or 1 when the formula is missing or invalid (its problems are printed)."
        )

        @Argument(help: ArgumentHelp("The formula's name (or a path to its file).", valueName: "NAME"))
        var name: String

        @Flag(name: .long, help: "Print the formula as JSON (schema: docs/formulas.md).")
        var json = false

        @OptionGroup var location: Location

        func run() throws {
            let library = location.library()
            let looksLikePath = name.contains("/") || name.hasSuffix(".toml")
            let result = looksLikePath ? library.load(path: name) : library.load(named: name)
            guard let formula = result.formula else {
                for diagnostic in result.diagnostics.sortedByLocation() {
                    Output.error(Output.safe(diagnostic.description))
                }
                if json {
                    let message = result.diagnostics.sortedByLocation().map(\.description).joined(separator: "\n")
                    Output.json(.object([("error", Exit.errorJSON(code: 1, kind: "not-found", message: message))]))
                }
                throw ExitCode(1)
            }
            if json {
                Output.json(FormulaJSON.formula(formula))
            } else {
                for line in FormulaOutline.lines(formula) { Output.line(line) }
            }
        }
    }

    // MARK: - install

    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy a built-in formula (and the report template it names) into .beads/ to read or change.",
            discussion: """
                Writes .beads/formulas/NAME.toml, and .beads/templates/TEMPLATE.md when the formula names a \
                built-in report template. An existing, different copy is kept and the command fails (exit 1) \
                unless --force replaces it with the built-in version. `gastown formula list` shows the built-in \
                formulas.
                """)

        @OptionGroup var options: StoreOptions
        @Argument(help: ArgumentHelp("The built-in formula's name.", valueName: "NAME")) var name: String
        @Flag(help: "Replace a different copy already in .beads/.") var force = false

        func run() throws {
            try runStoreCommand { () throws(StoreError) in
                let installed = try ShippedInstall.installFormula(name, layout: options.layout(), force: force)
                try options.report(
                    installed.map { "\($0.outcome.rawValue) \(Output.safe($0.path))" }.joined(separator: "\n")
                ) {
                    .object([
                        ("formula", .string(name)),
                        (
                            "files",
                            .array(
                                installed.map {
                                    .object([("path", .string($0.path)), ("outcome", .string($0.outcome.rawValue))])
                                })
                        ),
                    ])
                }
            }
        }
    }
}
