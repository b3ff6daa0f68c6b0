/// The `Decoder` behind `TOMLDecoder`: one per value being decoded.
///
/// Failures are thrown as standard `DecodingError`s (so custom `init(from:)` code can catch
/// them as usual); `TOMLDecoder` turns them into `TOMLDecodingError`s with positions.
struct TOMLValueDecoder: Decoder {
    let value: TOMLValue
    let codingPath: [any CodingKey]
    let sendableUserInfo: [CodingUserInfoKey: any Sendable]

    init(value: TOMLValue, codingPath: [any CodingKey], userInfo: [CodingUserInfoKey: any Sendable]) {
        self.value = value
        self.codingPath = codingPath
        self.sendableUserInfo = userInfo
    }

    var userInfo: [CodingUserInfoKey: Any] { sendableUserInfo }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .table(let table) = value else {
            throw mismatch(expected: "a table", as: [String: Any].self, codingPath: codingPath, found: value)
        }
        return KeyedDecodingContainer(TOMLKeyedDecodingContainer<Key>(table: table, decoder: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let array) = value else {
            throw mismatch(expected: "an array", as: [Any].self, codingPath: codingPath, found: value)
        }
        return TOMLUnkeyedDecodingContainer(array: array, decoder: self)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        TOMLSingleValueDecodingContainer(decoder: self)
    }

    /// Decodes `value` as `T`: scalars and date types directly, everything else via `T(from:)`.
    func unbox<T: Decodable>(_ value: TOMLValue, as type: T.Type, codingPath: [any CodingKey]) throws -> T {
        if T.self == String.self {
            guard case .string(let text) = value else {
                throw mismatch(expected: "a string", as: T.self, codingPath: codingPath, found: value)
            }
            return text as! T
        }
        if T.self == Bool.self {
            guard case .boolean(let flag) = value else {
                throw mismatch(expected: "a boolean", as: T.self, codingPath: codingPath, found: value)
            }
            return flag as! T
        }
        if T.self == Double.self {
            guard let number = value.doubleValue else {
                throw mismatch(expected: "a float", as: T.self, codingPath: codingPath, found: value)
            }
            return number as! T
        }
        if T.self == Float.self {
            guard let number = value.doubleValue else {
                throw mismatch(expected: "a float", as: T.self, codingPath: codingPath, found: value)
            }
            return Float(number) as! T
        }
        if let integerType = T.self as? any FixedWidthInteger.Type {
            return try unboxInteger(value, as: integerType, codingPath: codingPath) as! T
        }
        if let convertible = T.self as? any TOMLValueConvertible.Type {
            guard let result = convertible.init(tomlValue: value) else {
                throw mismatch(expected: convertible.tomlExpectation, as: T.self, codingPath: codingPath, found: value)
            }
            return result as! T
        }
        if FoundationDateBridge.isDate(T.self) {
            guard case .offsetDateTime(let moment) = value else {
                throw mismatch(expected: "an offset date-time", as: T.self, codingPath: codingPath, found: value)
            }
            let seconds = TOMLValue.float(FoundationDateBridge.referenceSeconds(for: moment))
            return try T(from: TOMLValueDecoder(value: seconds, codingPath: codingPath, userInfo: sendableUserInfo))
        }
        return try T(from: TOMLValueDecoder(value: value, codingPath: codingPath, userInfo: sendableUserInfo))
    }

    private func unboxInteger<I: FixedWidthInteger>(_ value: TOMLValue, as type: I.Type, codingPath: [any CodingKey])
        throws -> I
    {
        guard case .integer(let number) = value else {
            throw mismatch(expected: "an integer", as: I.self, codingPath: codingPath, found: value)
        }
        guard let result = I(exactly: number) else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: codingPath,
                    debugDescription: "expected an integer from \(I.min) to \(I.max) for \(I.self), found \(number)"))
        }
        return result
    }

    func mismatch(expected: String, as type: Any.Type, codingPath: [any CodingKey], found value: TOMLValue)
        -> DecodingError
    {
        DecodingError.typeMismatch(
            type,
            DecodingError.Context(
                codingPath: codingPath, debugDescription: "expected \(expected), found \(Self.describe(value))"))
    }

    /// `integer 3`, `string "x"`, `table` - short, escaped, safe for a terminal.
    static func describe(_ value: TOMLValue) -> String {
        switch value {
        case .table: return "a table"
        case .array(let array): return "an array of \(array.count) element\(array.count == 1 ? "" : "s")"
        default:
            var text = TOMLSerializer.serializeInline(value)
            if text.count > 60 { text = String(text.prefix(57)) + "..." }
            return "\(value.typeName) \(text)"
        }
    }
}

/// A coding key for array elements and arbitrary table keys.
struct TOMLCodingKey: CodingKey {
    let stringValue: String
    let intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        intValue = nil
    }

    init(intValue: Int) {
        stringValue = "Index \(intValue)"
        self.intValue = intValue
    }
}

struct TOMLKeyedDecodingContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let table: TOMLTable
    let decoder: TOMLValueDecoder

    var codingPath: [any CodingKey] { decoder.codingPath }
    var allKeys: [Key] { table.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { table[key.stringValue] != nil }

    private func value<T>(for key: Key, as type: T.Type, expecting: @autoclosure () -> String) throws -> TOMLValue {
        guard let value = table[key.stringValue] else {
            throw DecodingError.keyNotFound(
                key,
                DecodingError.Context(
                    codingPath: codingPath,
                    debugDescription: "missing key \(KeyFormatter.format(key.stringValue)), expected \(expecting())"))
        }
        return value
    }

    /// TOML has no null: a present key is never nil.
    func decodeNil(forKey key: Key) throws -> Bool {
        _ = try value(for: key, as: Never.self, expecting: "a value")
        return false
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let found = try value(for: key, as: T.self, expecting: Self.expectation(for: T.self))
        return try decoder.unbox(found, as: T.self, codingPath: codingPath + [key])
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decode(type as Bool.Type, key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try decode(type as String.Type, key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decode(type as Double.Type, key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try decode(type as Float.Type, key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decode(type as Int.Type, key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decode(type as Int8.Type, key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try decode(type as Int16.Type, key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decode(type as Int32.Type, key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decode(type as Int64.Type, key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decode(type as UInt.Type, key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decode(type as UInt8.Type, key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try decode(type as UInt16.Type, key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try decode(type as UInt32.Type, key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try decode(type as UInt64.Type, key) }

    private func decode<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T {
        try decode(T.self, forKey: key) as T
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        let found = try value(for: key, as: Never.self, expecting: "a table")
        return try TOMLValueDecoder(value: found, codingPath: codingPath + [key], userInfo: decoder.sendableUserInfo)
            .container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        let found = try value(for: key, as: Never.self, expecting: "an array")
        return try TOMLValueDecoder(value: found, codingPath: codingPath + [key], userInfo: decoder.sendableUserInfo)
            .unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        try superDecoder(forKey: Key(stringValue: "super")!)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        let found = try value(for: key, as: Never.self, expecting: "a value")
        return TOMLValueDecoder(value: found, codingPath: codingPath + [key], userInfo: decoder.sendableUserInfo)
    }

    static func expectation(for type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "a boolean"
        case is Double.Type, is Float.Type: "a float"
        case is any FixedWidthInteger.Type: "an integer"
        case let convertible as any TOMLValueConvertible.Type: convertible.tomlExpectation
        case is any Collection.Type: "an array or table"
        default: FoundationDateBridge.isDate(type) ? "an offset date-time" : "a value of type \(type)"
        }
    }
}

struct TOMLUnkeyedDecodingContainer: UnkeyedDecodingContainer {
    let array: TOMLArray
    let decoder: TOMLValueDecoder
    private(set) var currentIndex = 0

    init(array: TOMLArray, decoder: TOMLValueDecoder) {
        self.array = array
        self.decoder = decoder
    }

    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { array.count }
    var isAtEnd: Bool { currentIndex >= array.count }

    private mutating func next(expecting: String) throws -> (TOMLValue, [any CodingKey]) {
        let path = codingPath + [TOMLCodingKey(intValue: currentIndex)]
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                Any.self,
                DecodingError.Context(
                    codingPath: path,
                    debugDescription: "expected \(expecting), found the end of an array of \(array.count)"))
        }
        defer { currentIndex += 1 }
        return (array[currentIndex], path)
    }

    mutating func decodeNil() throws -> Bool { false }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (value, path) = try next(expecting: TOMLKeyedDecodingContainer<TOMLCodingKey>.expectation(for: T.self))
        return try decoder.unbox(value, as: T.self, codingPath: path)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<
        NestedKey
    > {
        let (value, path) = try next(expecting: "a table")
        return try TOMLValueDecoder(value: value, codingPath: path, userInfo: decoder.sendableUserInfo).container(
            keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (value, path) = try next(expecting: "an array")
        return try TOMLValueDecoder(value: value, codingPath: path, userInfo: decoder.sendableUserInfo)
            .unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let (value, path) = try next(expecting: "a value")
        return TOMLValueDecoder(value: value, codingPath: path, userInfo: decoder.sendableUserInfo)
    }
}

struct TOMLSingleValueDecodingContainer: SingleValueDecodingContainer {
    let decoder: TOMLValueDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool { false }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try decoder.unbox(decoder.value, as: T.self, codingPath: codingPath)
    }
}
