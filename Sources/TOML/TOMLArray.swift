/// A TOML array: values of any types, each with its source position.
///
/// A value type. A parsed array is a view into its compact `TOMLDocument` (elements are
/// built when read); the first change gives it its own storage (copy-on-write).
public struct TOMLArray: Sendable {
    enum Backing: Sendable {
        case parsed(TOMLDocument, UInt32)
        case owned(ArrayStorage)
    }

    var backing: Backing

    public init() { backing = .owned(ArrayStorage(values: [], positions: [])) }

    public init(_ values: [TOMLValue]) {
        backing = .owned(ArrayStorage(values: values, positions: Array(repeating: .unknown, count: values.count)))
    }

    public init(values: [TOMLValue], positions: [SourcePosition]) {
        precondition(values.count == positions.count, "one position per value")
        backing = .owned(ArrayStorage(values: values, positions: positions))
    }

    init(document: TOMLDocument, node: UInt32) { backing = .parsed(document, node) }

    public var values: [TOMLValue] { Array(self) }

    /// Parallel to `values`; `.unknown` for elements built in code.
    /// Working them all out costs one pass over the array's text; for one element, use `position(at:)`.
    public var positions: [SourcePosition] {
        switch backing {
        case .parsed(let document, let node):
            var cursor = LineCursor()
            return (0..<count).map {
                document.position(document.nodes[Int(document.element($0, of: node))].valueOffset, cursor: &cursor)
            }
        case .owned(let storage):
            return storage.positions
        }
    }

    /// Where element `index` starts (`.unknown` for elements built in code).
    public func position(at index: Int) -> SourcePosition {
        switch backing {
        case .parsed(let document, let node):
            document.valuePosition(document.element(index, of: node))
        case .owned(let storage):
            storage.positions[index]
        }
    }

    /// Where the array opened (`[`), or the first `[[header]]` of an array of tables.
    public var position: SourcePosition {
        get {
            switch backing {
            case .parsed(let document, let node): document.valuePosition(node)
            case .owned(let storage): storage.position
            }
        }
        set { ownedStorage().position = newValue }
    }

    public mutating func append(_ value: TOMLValue, at position: SourcePosition = .unknown) {
        let storage = ownedStorage()
        storage.values.append(value)
        storage.positions.append(position)
    }

    public mutating func reserveCapacity(_ n: Int) {
        let storage = ownedStorage()
        storage.values.reserveCapacity(n)
        storage.positions.reserveCapacity(n)
    }

    /// Storage this array alone owns, made from the parsed view or a shared copy first.
    private mutating func ownedStorage() -> ArrayStorage {
        switch backing {
        case .parsed(let document, let node):
            let storage = ArrayStorage(values: values, positions: positions)
            storage.position = document.valuePosition(node)
            backing = .owned(storage)
            return storage
        case .owned(var storage):
            // Release the enum's reference first, so a storage nobody else holds is not copied.
            backing = .owned(ArrayStorage.placeholder)
            if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
            backing = .owned(storage)
            return storage
        }
    }
}

extension TOMLArray: RandomAccessCollection, MutableCollection {
    public var startIndex: Int { 0 }

    public var endIndex: Int {
        switch backing {
        case .parsed(let document, let node): document.elementCount(of: node)
        case .owned(let storage): storage.values.count
        }
    }

    public subscript(index: Int) -> TOMLValue {
        get {
            switch backing {
            case .parsed(let document, let node): document.value(document.element(index, of: node))
            case .owned(let storage): storage.values[index]
            }
        }
        set { ownedStorage().values[index] = newValue }
    }
}

extension TOMLArray: Hashable {
    public static func == (lhs: TOMLArray, rhs: TOMLArray) -> Bool {
        switch (lhs.backing, rhs.backing) {
        case (.parsed(let a, let i), .parsed(let b, let j)) where a === b && i == j: return true
        case (.owned(let a), .owned(let b)) where a === b: return true
        default: return lhs.elementsEqual(rhs)
        }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for value in self { hasher.combine(value) }
    }
}

extension TOMLArray: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: TOMLValue...) { self.init(elements) }
}

/// The elements of an array built or changed in code.
final class ArrayStorage: @unchecked Sendable {
    // Only ever mutated through a uniquely referenced `TOMLArray` (copy-on-write).
    var values: [TOMLValue]
    var positions: [SourcePosition]
    var position: SourcePosition = .unknown

    /// Stands in the enum while an array checks whether its storage is uniquely referenced.
    static let placeholder = ArrayStorage(values: [], positions: [])

    init(values: [TOMLValue], positions: [SourcePosition]) {
        self.values = values
        self.positions = positions
    }

    func copy() -> ArrayStorage {
        let other = ArrayStorage(values: values, positions: positions)
        other.position = position
        return other
    }
}
