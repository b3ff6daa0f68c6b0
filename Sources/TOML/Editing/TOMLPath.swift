/// One step of a path into a document: a table key, or an array index.
public enum TOMLPathComponent: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    CustomStringConvertible
{
    case key(String)
    case index(Int)

    public init(stringLiteral value: String) { self = .key(value) }
    public init(integerLiteral value: Int) { self = .index(value) }

    /// A key as it would be written in a document (`name`, `"a b"`), an index as `[2]`.
    public var description: String {
        switch self {
        case .key(let key): KeyFormatter.format(key)
        case .index(let index): "[\(index)]"
        }
    }
}

/// Where a value sits in a document, from the root: `["steps", "build", "status"]`,
/// `["products", 1, "name"]`.
public typealias TOMLPath = [TOMLPathComponent]

extension Array where Element == TOMLPathComponent {
    /// `steps.build.status`, `products[1].name`; `(the document)` for the root.
    public var dottedDescription: String {
        guard !isEmpty else { return "(the document)" }
        var text = ""
        for component in self {
            switch component {
            case .key:
                if !text.isEmpty { text += "." }
                text += component.description
            case .index:
                text += component.description
            }
        }
        return text
    }

    /// The keys alone, as a `[header]` names them (an index into an array of tables is implied there).
    var headerKeys: [String] {
        compactMap { if case .key(let key) = $0 { key } else { nil } }
    }

    /// True when `self` is `other` or lies inside it.
    func isWithin(_ other: TOMLPath) -> Bool {
        count >= other.count && self[..<other.count].elementsEqual(other)
    }
}
