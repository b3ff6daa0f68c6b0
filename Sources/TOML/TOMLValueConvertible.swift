/// A type that `TOMLEncoder` and `TOMLDecoder` store as one native TOML value instead of
/// going through `Codable` containers. The date and time types conform, so a `LocalDate`
/// property is written as `due = 2026-12-01`, not as a string.
public protocol TOMLValueConvertible {
    /// The value as TOML.
    var tomlValue: TOMLValue { get }
    /// Nil when `tomlValue` is not of this type's TOML kind.
    init?(tomlValue: TOMLValue)
    /// What a decoding error says was expected, e.g. `a local date`.
    static var tomlExpectation: String { get }
}

extension LocalDate: TOMLValueConvertible {
    public var tomlValue: TOMLValue { .localDate(self) }
    public init?(tomlValue: TOMLValue) {
        guard case .localDate(let value) = tomlValue else { return nil }
        self = value
    }
    public static var tomlExpectation: String { "a local date (YYYY-MM-DD)" }
}

extension LocalTime: TOMLValueConvertible {
    public var tomlValue: TOMLValue { .localTime(self) }
    public init?(tomlValue: TOMLValue) {
        guard case .localTime(let value) = tomlValue else { return nil }
        self = value
    }
    public static var tomlExpectation: String { "a local time (HH:MM:SS)" }
}

extension LocalDateTime: TOMLValueConvertible {
    public var tomlValue: TOMLValue { .localDateTime(self) }
    public init?(tomlValue: TOMLValue) {
        guard case .localDateTime(let value) = tomlValue else { return nil }
        self = value
    }
    public static var tomlExpectation: String { "a local date-time" }
}

extension OffsetDateTime: TOMLValueConvertible {
    public var tomlValue: TOMLValue { .offsetDateTime(self) }
    public init?(tomlValue: TOMLValue) {
        guard case .offsetDateTime(let value) = tomlValue else { return nil }
        self = value
    }
    public static var tomlExpectation: String { "an offset date-time" }
}

// Other coders (JSON, property lists) see the date and time types as their RFC 3339 text.

extension LocalDate: Codable {
    public init(from decoder: any Decoder) throws {
        self = try decodeRFC3339(from: decoder, TaggedScalarParser.localDate, expecting: Self.tomlExpectation)
    }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension LocalTime: Codable {
    public init(from decoder: any Decoder) throws {
        self = try decodeRFC3339(from: decoder, TaggedScalarParser.localTime, expecting: Self.tomlExpectation)
    }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension LocalDateTime: Codable {
    public init(from decoder: any Decoder) throws {
        self = try decodeRFC3339(from: decoder, TaggedScalarParser.localDateTime, expecting: Self.tomlExpectation)
    }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension OffsetDateTime: Codable {
    public init(from decoder: any Decoder) throws {
        self = try decodeRFC3339(from: decoder, TaggedScalarParser.offsetDateTime, expecting: Self.tomlExpectation)
    }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

private func decodeRFC3339<T>(from decoder: any Decoder, _ parse: (String) -> T?, expecting: String) throws -> T {
    let container = try decoder.singleValueContainer()
    let text = try container.decode(String.self)
    guard let value = parse(text) else {
        throw DecodingError.dataCorruptedError(
            in: container, debugDescription: "expected \(expecting), found \"\(text)\"")
    }
    return value
}
