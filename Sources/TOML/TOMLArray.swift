/// A TOML array: values of any types, each with its source position.
public struct TOMLArray: Sendable, Hashable {
    public private(set) var values: [TOMLValue]
    /// Parallel to `values`; `.unknown` for elements built in code.
    public private(set) var positions: [SourcePosition]
    /// Where the array opened (`[`), or the first `[[header]]` of an array of tables.
    public var position: SourcePosition = .unknown

    public init() {
        values = []
        positions = []
    }

    public init(_ values: [TOMLValue]) {
        self.values = values
        positions = Array(repeating: .unknown, count: values.count)
    }

    public init(values: [TOMLValue], positions: [SourcePosition]) {
        precondition(values.count == positions.count, "one position per value")
        self.values = values
        self.positions = positions
    }

    public mutating func append(_ value: TOMLValue, at position: SourcePosition = .unknown) {
        values.append(value)
        positions.append(position)
    }

    public mutating func reserveCapacity(_ n: Int) {
        values.reserveCapacity(n)
        positions.reserveCapacity(n)
    }

    public static func == (lhs: TOMLArray, rhs: TOMLArray) -> Bool { lhs.values == rhs.values }
    public func hash(into hasher: inout Hasher) { hasher.combine(values) }
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
