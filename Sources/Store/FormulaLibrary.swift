import Core
import DisplayText
import Foundation
import TOML

/// Formula files on the search path (`formulas/`, `.beads/formulas/`, `~/.beads/formulas/`), named
/// `NAME.toml` or `NAME.formula.toml`, then the formulas built into gastown: listing, loading by name with
/// `extends` resolved, and loading one file by path. Every problem becomes a `Diagnostic` (file, line,
/// column); nothing throws.
public struct FormulaLibrary: Sendable {
    /// Directories searched in order; the first file for a name wins.
    public let directories: [String]
    /// Searched after every directory: the formulas shipped inside gastown (`ShippedFiles.formulas`).
    public let builtIns: [ShippedFile]

    public init(directories: [String], builtIns: [ShippedFile] = []) {
        self.directories = directories
        self.builtIns = builtIns
    }

    /// The library a workspace uses: its search path, then the built-in formulas.
    public static func workspace(_ workspace: String, home: String?) -> FormulaLibrary {
        FormulaLibrary(directories: searchPath(workspace: workspace, home: home), builtIns: ShippedFiles.formulas)
    }

    /// `WORKSPACE/formulas`, `WORKSPACE/.beads/formulas`, then `HOME/.beads/formulas`.
    public static func searchPath(workspace: String, home: String?) -> [String] {
        let base = workspace.hasSuffix("/") && workspace.count > 1 ? String(workspace.dropLast()) : workspace
        var directories = [base + "/formulas", base + "/.beads/formulas"]
        if let home, !home.isEmpty {
            directories.append((home.hasSuffix("/") ? String(home.dropLast()) : home) + "/.beads/formulas")
        }
        return directories
    }

    /// The path a built-in formula is known by in listings and messages (`built-in:NAME.toml`): never a file.
    public static func builtInPath(_ file: ShippedFile) -> String { builtInPrefix + file.name }
    static let builtInPrefix = "built-in:"

    /// Where the search path ends up: its directories, then "built-in" when the library has built-ins.
    public var searchPathDescription: [String] { directories + (builtIns.isEmpty ? [] : ["built-in"]) }

    /// Formula files larger than this are refused rather than read (a generated 1,000-step formula is ~1 MB).
    public static let maximumFileSize = 32 * 1024 * 1024

    public struct Entry: Sendable, Hashable {
        public var name: String
        public var path: String
        /// True when a directory earlier on the search path has a formula of the same name.
        public var shadowed: Bool
        /// The search-path directory holding the file, or nil for a built-in formula.
        public var directory: String?

        public var isBuiltIn: Bool { directory == nil }
    }

    public struct Loaded: Sendable {
        /// The formula when it has no errors.
        public var formula: Formula?
        /// The formula as far as it could be understood (nil when the file could not be read or parsed).
        public var partial: Formula?
        public var diagnostics: [Diagnostic]
        public var path: String
    }

    /// Every formula file on the search path, in search order, then by name.
    public func list() -> [Entry] {
        var seen: Set<String> = []
        var entries: [Entry] = []
        for directory in directories {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            for file in names.sorted() {
                guard let name = Self.formulaName(ofFile: file) else { continue }
                let path = directory + "/" + file
                guard Self.isRegularFile(path) else { continue }
                entries.append(
                    Entry(name: name, path: path, shadowed: !seen.insert(name).inserted, directory: directory))
            }
        }
        for file in builtIns {
            entries.append(
                Entry(
                    name: file.stem, path: Self.builtInPath(file), shadowed: !seen.insert(file.stem).inserted,
                    directory: nil))
        }
        return entries
    }

    /// The built-in formula `name` when a file earlier on the search path shadows it (nil otherwise).
    public func builtIn(shadowedBy entry: Entry) -> ShippedFile? {
        entry.isBuiltIn ? nil : builtIns.first { $0.stem == entry.name }
    }

    /// The path of the file that defines `name`, if any (names with path separators or `..` never match).
    public func path(named name: String) -> String? {
        guard Self.isSafeName(name) else { return nil }
        for directory in directories {
            for candidate in ["\(directory)/\(name).formula.toml", "\(directory)/\(name).toml"]
            where Self.isRegularFile(candidate) {
                return candidate
            }
        }
        return builtIns.first { $0.stem == name }.map(Self.builtInPath)
    }

    /// Loads a formula by name, resolving `extends` along the search path.
    public func load(named name: String) -> Loaded {
        guard let path = path(named: name) else {
            let message =
                "no formula named \"\(TerminalText.sanitizeLine(name))\" on the search path (\(searchPathDescription.joined(separator: ", ")))"
            return Loaded(
                formula: nil, partial: nil, diagnostics: [.error(message, file: name, at: .unknown)], path: name)
        }
        return load(path: path)
    }

    /// Loads the formula file at `path`; `extends` looks beside the file first, then along the search path.
    public func load(path: String) -> Loaded {
        let table: TOMLTable
        switch parse(path) {
        case .failure(let diagnostic):
            return Loaded(formula: nil, partial: nil, diagnostics: [diagnostic], path: path)
        case .success(let parsed):
            table = parsed
        }
        // A built-in formula has no folder of its own: its parents come from the search path.
        let beside = (path as NSString).deletingLastPathComponent
        let own = builtInFile(path) != nil ? [] : [beside.isEmpty ? "." : beside]
        let resolverLibrary = FormulaLibrary(
            directories: own + directories.filter { $0 != beside }, builtIns: builtIns)
        var parentProblems: [Diagnostic] = []
        let resolver: FormulaResolver = { parent in
            guard let parentPath = resolverLibrary.path(named: parent) else { return nil }
            switch resolverLibrary.parse(parentPath) {
            case .success(let parentTable): return (parentTable, parentPath)
            case .failure(let diagnostic):
                parentProblems.append(diagnostic)
                return nil
            }
        }
        let (partial, diagnostics) = FormulaLoader.loadUnchecked(table, file: path, resolver: resolver)
        let all = parentProblems + diagnostics
        return Loaded(formula: all.hasErrors ? nil : partial, partial: partial, diagnostics: all, path: path)
    }

    // MARK: - Files

    /// The built-in formula a `built-in:NAME.toml` path names.
    func builtInFile(_ path: String) -> ShippedFile? {
        guard path.hasPrefix(Self.builtInPrefix) else { return nil }
        let name = path.dropFirst(Self.builtInPrefix.count)
        return builtIns.first { $0.name == name }
    }

    func parse(_ path: String) -> Result<TOMLTable, Diagnostic> {
        if let file = builtInFile(path) {
            do throws(TOMLError) {
                return .success(try TOMLParser.parse(bytes: Array(file.text.utf8), file: path))
            } catch {
                return .failure(.error(error.message, file: path, at: error.position))
            }
        }
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else {
            return .failure(
                .error("cannot read the file (it does not exist or is not readable)", file: path, at: .unknown))
        }
        if let type = attributes[.type] as? FileAttributeType, type == .typeDirectory {
            return .failure(.error("is a directory, not a formula file", file: path, at: .unknown))
        }
        if let size = attributes[.size] as? NSNumber, size.intValue > Self.maximumFileSize {
            return .failure(
                .error(
                    "the file is \(size.intValue) bytes; formulas are limited to \(Self.maximumFileSize) bytes",
                    file: path,
                    at: .unknown))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(.error("cannot read the file", file: path, at: .unknown))
        }
        do throws(TOMLError) {
            return .success(try TOMLParser.parse(bytes: [UInt8](data), file: path))
        } catch {
            return .failure(.error(error.message, file: path, at: error.position))
        }
    }

    /// `release-train.toml` → `release-train`; `x.formula.toml` → `x`; anything else → nil.
    static func formulaName(ofFile file: String) -> String? {
        for suffix in [".formula.toml", ".toml"] where file.hasSuffix(suffix) {
            let name = String(file.dropLast(suffix.count))
            return isSafeName(name) ? name : nil
        }
        return nil
    }

    static func isSafeName(_ name: String) -> Bool {
        NameValidation.problem(with: name) == nil
    }

    static func isRegularFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }
}
