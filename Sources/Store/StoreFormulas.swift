import Core
import Foundation
import TOML

/// The formulas a store's molecules use: the search path of the workspace
/// (`formulas/`, `.beads/formulas/`, then `~/.beads/formulas/`), files `NAME.toml` or `NAME.formula.toml`.
public struct SearchPathFormulas: FormulaSource {
    public let directories: [String]
    let layout: StoreLayout

    public init(layout: StoreLayout, home: String?) {
        self.layout = layout
        var directories = [layout.workspace + "/formulas", layout.formulas]
        if let home, !home.isEmpty { directories.append(home + "/.beads/formulas") }
        self.directories = directories
    }

    /// The parsed document for a name, or nil when no file has it.
    func document(_ name: String) -> Result<(table: TOMLTable, file: String), FormulaLookupError>? {
        guard NameValidation.problem(with: name) == nil else { return nil }
        for directory in directories {
            for candidate in ["\(directory)/\(name).formula.toml", "\(directory)/\(name).toml"] {
                let shown = layout.relative(candidate)
                do throws(StoreError) {
                    guard let bytes = try AtomicFile.read(candidate) else { continue }
                    switch TOMLFile.parse(bytes, file: shown) {
                    case .success(let table): return .success((table, shown))
                    case .failure(let problem): return .failure(FormulaLookupError([problem]))
                    }
                } catch {
                    return .failure(FormulaLookupError([StoreProblem(.parse, file: shown, message: error.message)]))
                }
            }
        }
        return nil
    }

    public func formula(named name: String) -> Result<Formula, FormulaLookupError> {
        guard let found = document(name) else {
            return .failure(FormulaLookupError([StoreProblem(.formula, file: name,
                message: "no formula named \(TextSanitizer.escape(name)) on the search path (\(directories.map(layout.relative).joined(separator: ", ")))")]))
        }
        switch found {
        case .failure(let error): return .failure(error)
        case .success(let (table, file)):
            let (formula, diagnostics) = FormulaLoader.load(table, file: file) { parent in
                if case .success(let doc)? = document(parent) { return doc }
                return nil
            }
            guard let formula else {
                return .failure(FormulaLookupError(diagnostics.filter(\.isError).map {
                    StoreProblem(.formula, file: $0.file, position: $0.position, message: $0.message)
                }))
            }
            return .success(formula)
        }
    }
}

public enum StoreFormulas {
    /// The formula source the CLI uses for a workspace.
    public static func source(for layout: StoreLayout, environment: [String: String]) -> any FormulaSource {
        SearchPathFormulas(layout: layout, home: environment["HOME"])
    }
}
