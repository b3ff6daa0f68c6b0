import Core
import Foundation

/// Finds formulas by name for the store. The store caches answers per load, so a formula
/// shared by 10,000 molecules is read and validated once.
public protocol FormulaSource: Sendable {
    /// The formula named `name`, or the problems that make it unusable (not found, invalid).
    func formula(named name: String) -> Result<Formula, FormulaLookupError>
}

public struct FormulaLookupError: Error, Sendable, Hashable {
    public var problems: [StoreProblem]
    public init(_ problems: [StoreProblem]) { self.problems = problems }
    public var message: String { problems.map(\.description).joined(separator: "\n") }
}

/// Formulas given in code (tests, tools that already loaded them).
public struct FixedFormulas: FormulaSource {
    public var formulas: [String: Formula]
    public init(_ formulas: [Formula]) {
        self.formulas = Dictionary(formulas.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    }
    public func formula(named name: String) -> Result<Formula, FormulaLookupError> {
        if let formula = formulas[name] { return .success(formula) }
        return .failure(FormulaLookupError([StoreProblem(.formula, file: name, message: "no formula named \(name)")]))
    }
}

/// Memoizes a resolver for one load; safe to share between the threads of a parallel load.
final class FormulaCache: @unchecked Sendable {
    let resolver: any FormulaSource
    private var cache: [String: Result<Formula, FormulaLookupError>] = [:]
    private let lock = NSLock()
    init(_ resolver: any FormulaSource) { self.resolver = resolver }
    func formula(named name: String) -> Result<Formula, FormulaLookupError> {
        lock.lock()
        defer { lock.unlock() }
        if let hit = cache[name] { return hit }
        let result = resolver.formula(named: name)
        cache[name] = result
        return result
    }
}
