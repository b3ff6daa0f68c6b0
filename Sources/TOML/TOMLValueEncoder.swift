/// A value under construction. Containers hand out child nodes; `materialize` builds the
/// `TOMLValue` once everything is encoded. A reference type because containers outlive the
/// calls that create them.
final class EncodingNode {
    enum Kind { case empty, scalar, table, array }

    private(set) var kind = Kind.empty
    private var scalar: TOMLValue?
    private var keys: [String] = []
    private var children: [String: EncodingNode] = [:]
    private var elements: [EncodingNode] = []

    func setScalar(_ value: TOMLValue) {
        kind = .scalar
        scalar = value
    }

    /// The child for `key`, created on first use (encoding a key twice replaces its value).
    func child(_ key: String) -> EncodingNode {
        if kind != .table { becomeTable() }
        if let existing = children[key] { return existing }
        let node = EncodingNode()
        keys.append(key)
        children[key] = node
        return node
    }

    func appendElement() -> EncodingNode {
        if kind != .array { becomeArray() }
        let node = EncodingNode()
        elements.append(node)
        return node
    }

    /// Keeps members already encoded, so a subclass and its superclass can share a container.
    func becomeTable() {
        if kind != .table {
            kind = .table
            keys = []
            children = [:]
        }
    }

    func becomeArray() {
        if kind != .array {
            kind = .array
            elements = []
        }
    }

    /// Nil when nothing was encoded (a `nil` optional): the parent leaves the key out.
    func materialize(codingPath: [any CodingKey]) throws -> TOMLValue? {
        switch kind {
        case .empty:
            return nil
        case .scalar:
            return scalar
        case .table:
            var table = TOMLTable()
            for key in keys {
                if let value = try children[key]!.materialize(
                    codingPath: codingPath + [TOMLCodingKey(stringValue: key)])
                {
                    table[key] = value
                }
            }
            return .table(table)
        case .array:
            var array = TOMLArray()
            array.reserveCapacity(elements.count)
            for (index, element) in elements.enumerated() {
                let path = codingPath + [TOMLCodingKey(intValue: index)]
                guard let value = try element.materialize(codingPath: path) else {
                    throw EncodingError.invalidValue(
                        Optional<Int>.none as Any,
                        EncodingError.Context(
                            codingPath: path, debugDescription: "TOML arrays cannot hold nil or empty values"))
                }
                array.append(value)
            }
            return .array(array)
        }
    }
}

/// Dictionaries with string keys, encoded in sorted key order for deterministic output.
protocol StringKeyedDictionaryEncodable {
    func encodeSorted(into node: EncodingNode, encoder: TOMLValueEncoder, codingPath: [any CodingKey]) throws
}

extension Dictionary: StringKeyedDictionaryEncodable where Key == String, Value: Encodable {
    func encodeSorted(into node: EncodingNode, encoder: TOMLValueEncoder, codingPath: [any CodingKey]) throws {
        node.becomeTable()
        for key in keys.sorted() {
            let path = codingPath + [TOMLCodingKey(stringValue: key)]
            try encoder.box(self[key]!, into: node.child(key), codingPath: path)
        }
    }
}

/// The `Encoder` behind `TOMLEncoder`: one per node being filled.
struct TOMLValueEncoder: Encoder {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    let sendableUserInfo: [CodingUserInfoKey: any Sendable]

    init(node: EncodingNode, codingPath: [any CodingKey], userInfo: [CodingUserInfoKey: any Sendable]) {
        self.node = node
        self.codingPath = codingPath
        self.sendableUserInfo = userInfo
    }

    var userInfo: [CodingUserInfoKey: Any] { sendableUserInfo }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.becomeTable()
        return KeyedEncodingContainer(TOMLKeyedEncodingContainer<Key>(encoder: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.becomeArray()
        return TOMLUnkeyedEncodingContainer(encoder: self)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        TOMLSingleValueEncodingContainer(encoder: self)
    }

    func encoder(for node: EncodingNode, codingPath: [any CodingKey]) -> TOMLValueEncoder {
        TOMLValueEncoder(node: node, codingPath: codingPath, userInfo: sendableUserInfo)
    }

    /// Stores `value` in `node`: scalars and date types directly, everything else via `encode(to:)`.
    func box<T: Encodable>(_ value: T, into node: EncodingNode, codingPath: [any CodingKey]) throws {
        switch value {
        case let text as String:
            node.setScalar(.string(text))
        case let flag as Bool:
            node.setScalar(.boolean(flag))
        case let number as Double:
            node.setScalar(.float(number))
        case let number as Float:
            // Float's shortest text read as a Double: 0.1 stays 0.1, not 0.10000000149011612.
            node.setScalar(.float(Double(number.description) ?? Double(number)))
        case let number as any FixedWidthInteger:
            guard let wide = Int64(exactly: number) else {
                throw EncodingError.invalidValue(
                    value,
                    EncodingError.Context(
                        codingPath: codingPath,
                        debugDescription: "\(number) does not fit in a TOML integer (64-bit signed)"))
            }
            node.setScalar(.integer(wide))
        case let convertible as any TOMLValueConvertible:
            node.setScalar(convertible.tomlValue)
        case let dictionary as any StringKeyedDictionaryEncodable:
            try dictionary.encodeSorted(into: node, encoder: self, codingPath: codingPath)
        default:
            if FoundationDateBridge.isDate(T.self) {
                try boxDate(value, into: node, codingPath: codingPath)
            } else {
                try value.encode(to: encoder(for: node, codingPath: codingPath))
            }
        }
    }

    /// `Date` encodes its seconds since 2001 as a Double; that number becomes a UTC date-time.
    private func boxDate<T: Encodable>(_ value: T, into node: EncodingNode, codingPath: [any CodingKey]) throws {
        let captured = EncodingNode()
        try value.encode(to: encoder(for: captured, codingPath: codingPath))
        guard case .float(let seconds)? = try captured.materialize(codingPath: codingPath),
            let moment = FoundationDateBridge.offsetDateTime(referenceSeconds: seconds)
        else {
            throw EncodingError.invalidValue(
                value,
                EncodingError.Context(
                    codingPath: codingPath,
                    debugDescription: "the date is outside the years 0001-9999 that TOML can write"))
        }
        node.setScalar(.offsetDateTime(moment))
    }
}

struct TOMLKeyedEncodingContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: TOMLValueEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    /// TOML has no null: the key is simply left out.
    mutating func encodeNil(forKey key: Key) throws {}

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try encoder.box(value, into: encoder.node.child(key.stringValue), codingPath: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        encoder.encoder(for: encoder.node.child(key.stringValue), codingPath: codingPath + [key]).container(
            keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        encoder.encoder(for: encoder.node.child(key.stringValue), codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        encoder.encoder(
            for: encoder.node.child("super"), codingPath: codingPath + [TOMLCodingKey(stringValue: "super")])
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        encoder.encoder(for: encoder.node.child(key.stringValue), codingPath: codingPath + [key])
    }
}

struct TOMLUnkeyedEncodingContainer: UnkeyedEncodingContainer {
    let encoder: TOMLValueEncoder
    private(set) var count = 0

    init(encoder: TOMLValueEncoder) { self.encoder = encoder }

    var codingPath: [any CodingKey] { encoder.codingPath }

    private mutating func nextPath() -> [any CodingKey] {
        defer { count += 1 }
        return codingPath + [TOMLCodingKey(intValue: count)]
    }

    mutating func encodeNil() throws {
        throw EncodingError.invalidValue(
            Optional<Int>.none as Any,
            EncodingError.Context(
                codingPath: nextPath(), debugDescription: "TOML arrays cannot hold nil"))
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let path = nextPath()
        try encoder.box(value, into: encoder.node.appendElement(), codingPath: path)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<
        NestedKey
    > {
        let path = nextPath()
        return encoder.encoder(for: encoder.node.appendElement(), codingPath: path).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let path = nextPath()
        return encoder.encoder(for: encoder.node.appendElement(), codingPath: path).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let path = nextPath()
        return encoder.encoder(for: encoder.node.appendElement(), codingPath: path)
    }
}

struct TOMLSingleValueEncodingContainer: SingleValueEncodingContainer {
    let encoder: TOMLValueEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    /// Leaves the node empty, so an enclosing table omits the key.
    mutating func encodeNil() throws {}

    mutating func encode<T: Encodable>(_ value: T) throws {
        try encoder.box(value, into: encoder.node, codingPath: codingPath)
    }
}
