/// A formula's version: Gas Town writes an integer (`version = 3`), the seed a string (`version = "2.1"`).
public enum FormulaVersion: Sendable, Hashable, CustomStringConvertible {
    case integer(Int)
    case text(String)

    public var description: String {
        switch self {
        case .integer(let n): String(n)
        case .text(let s): s
        }
    }
}
