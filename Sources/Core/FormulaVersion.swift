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

extension FormulaVersion {
    /// Whether this version comes before `other`, comparing dotted numbers numerically ("2.1" < "2.10" < "3",
    /// "2" = "2.0"); nil when either is not made of dotted numbers (then no order is claimed).
    public func precedes(_ other: FormulaVersion) -> Bool? {
        guard let mine = numbers, let theirs = other.numbers else { return nil }
        for index in 0..<max(mine.count, theirs.count) {
            let a = index < mine.count ? mine[index] : 0
            let b = index < theirs.count ? theirs[index] : 0
            if a != b { return a < b }
        }
        return false
    }

    private var numbers: [Int]? {
        switch self {
        case .integer(let n): return [n]
        case .text(let text):
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            let numbers = parts.compactMap { part in part.allSatisfy(\.isASCII) ? Int(part) : nil }
            return numbers.count == parts.count && !parts.isEmpty ? numbers : nil
        }
    }
}
