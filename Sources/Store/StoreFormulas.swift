import Core
import Foundation

/// The formulas a store's molecules use: the search path of the workspace (`formulas/`,
/// `.beads/formulas/`, then `~/.beads/formulas/`), then the formulas built into gastown, read through
/// `FormulaLibrary`.
public struct SearchPathFormulas: FormulaSource {
    public let library: FormulaLibrary
    let layout: StoreLayout

    public init(layout: StoreLayout, home: String?) {
        self.layout = layout
        library = FormulaLibrary.workspace(layout.workspace, home: home)
    }

    public var directories: [String] { library.directories }

    public func formula(named name: String) -> Result<Formula, FormulaLookupError> {
        let loaded = library.load(named: name)
        if let formula = loaded.formula { return .success(formula) }
        return .failure(
            FormulaLookupError(
                loaded.diagnostics.filter(\.isError).map {
                    StoreProblem(.formula, file: layout.relative($0.file), position: $0.position, message: $0.message)
                }))
    }
}

public enum StoreFormulas {
    /// The formula source the CLI uses for a workspace.
    public static func source(for layout: StoreLayout, environment: [String: String]) -> any FormulaSource {
        SearchPathFormulas(layout: layout, home: environment["HOME"])
    }
}
