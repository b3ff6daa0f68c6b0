/// A TOML array: values of any types, each with its source position.
///
/// Two words wide: the positions (the array's own and its elements') live in a small shared
/// object beside `values`, so `TOMLValue` — and every table entry and array element — stays small.
public struct TOMLArray: Sendable, Hashable {
    public private(set) var values: [TOMLValue]
    private var located: ArrayPositions

    /// Parallel to `values`; `.unknown` for elements built in code.
    public var positions: [SourcePosition] { located.elements }

    /// Where the array opened (`[`), or the first `[[header]]` of an array of tables.
    public var position: SourcePosition {
        get { located.position }
        set {
            makePositionsUnique()
            located.position = newValue
        }
    }

    public init() {
        values = []
        located = ArrayPositions.empty
    }

    public init(_ values: [TOMLValue]) {
        self.values = values
        located = ArrayPositions(Array(repeating: .unknown, count: values.count), position: .unknown)
    }

    public init(values: [TOMLValue], positions: [SourcePosition]) {
        precondition(values.count == positions.count, "one position per value")
        self.init(values: values, positions: positions, position: .unknown)
    }

    init(values: [TOMLValue], positions: [SourcePosition], position: SourcePosition) {
        self.values = values
        located = ArrayPositions(positions, position: position)
    }

    public mutating func append(_ value: TOMLValue, at position: SourcePosition = .unknown) {
        values.append(value)
        makePositionsUnique()
        located.elements.append(position)
    }

    public mutating func reserveCapacity(_ n: Int) {
        values.reserveCapacity(n)
        makePositionsUnique()
        located.elements.reserveCapacity(n)
    }

    private mutating func makePositionsUnique() {
        if !isKnownUniquelyReferenced(&located) {
            located = ArrayPositions(located.elements, position: located.position)
        }
    }

    public static func == (lhs: TOMLArray, rhs: TOMLArray) -> Bool { lhs.values == rhs.values }
    public func hash(into hasher: inout Hasher) { hasher.combine(values) }
}

/// The positions of a `TOMLArray`, shared between copies until one of them changes them.
private final class ArrayPositions: @unchecked Sendable {
    /// Shared by every array created empty (it is copied before any change).
    static let empty = ArrayPositions([], position: .unknown)

    var elements: [SourcePosition]
    var position: SourcePosition

    init(_ elements: [SourcePosition], position: SourcePosition) {
        self.elements = elements
        self.position = position
    }
}

extension TOMLArray: RandomAccessCollection, MutableCollection {
    public var startIndex: Int { 0 }
    public var endIndex: Int { values.count }
    public subscript(index: Int) -> TOMLValue {
        get { values[index] }
        set { values[index] = newValue }
    }
}

extension TOMLArray: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: TOMLValue...) { self.init(elements) }
}
