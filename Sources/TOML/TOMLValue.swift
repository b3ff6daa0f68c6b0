/// A TOML value. Tables and arrays carry the source position of each member.
///
/// Equality is semantic: positions are ignored, and a NaN equals a NaN (so that
/// `decode(encode(v)) == v` holds for every document).
public enum TOMLValue: Sendable {
    case string(String)
    case integer(Int64)
    case float(Double)
    case boolean(Bool)
    case offsetDateTime(OffsetDateTime)
    case localDateTime(LocalDateTime)
    case localDate(LocalDate)
    case localTime(LocalTime)
    case array(TOMLArray)
    case table(TOMLTable)
}

extension TOMLValue {
    /// The type's name as toml-test and error messages spell it.
    public var typeName: String { kind.typeName }

    var kind: NodeKind {
        switch self {
        case .string: .string
        case .integer: .integer
        case .float: .float
        case .boolean: .boolean
        case .offsetDateTime: .offsetDateTime
        case .localDateTime: .localDateTime
        case .localDate: .localDate
        case .localTime: .localTime
        case .array: .array
        case .table: .table
        }
    }

    public var stringValue: String? { if case .string(let v) = self { v } else { nil } }
    public var integerValue: Int64? { if case .integer(let v) = self { v } else { nil } }
    /// A float, or an integer widened to a float.
    public var doubleValue: Double? {
        switch self {
        case .float(let v): v
        case .integer(let v): Double(v)
        default: nil
        }
    }
    public var boolValue: Bool? { if case .boolean(let v) = self { v } else { nil } }
    public var arrayValue: TOMLArray? { if case .array(let v) = self { v } else { nil } }
    public var tableValue: TOMLTable? { if case .table(let v) = self { v } else { nil } }
    public var offsetDateTimeValue: OffsetDateTime? {
        if case .offsetDateTime(let v) = self { v } else { nil }
    }
    public var localDateTimeValue: LocalDateTime? {
        if case .localDateTime(let v) = self { v } else { nil }
    }
    public var localDateValue: LocalDate? { if case .localDate(let v) = self { v } else { nil } }
    public var localTimeValue: LocalTime? { if case .localTime(let v) = self { v } else { nil } }

    /// Looks up a key when this value is a table.
    public subscript(key: String) -> TOMLValue? { tableValue?[key] }
}

extension TOMLValue: Hashable {
    public static func == (lhs: TOMLValue, rhs: TOMLValue) -> Bool {
        switch (lhs, rhs) {
        case (.string(let a), .string(let b)): a == b
        case (.integer(let a), .integer(let b)): a == b
        case (.float(let a), .float(let b)): a == b || (a.isNaN && b.isNaN)
        case (.boolean(let a), .boolean(let b)): a == b
        case (.offsetDateTime(let a), .offsetDateTime(let b)): a == b
        case (.localDateTime(let a), .localDateTime(let b)): a == b
        case (.localDate(let a), .localDate(let b)): a == b
        case (.localTime(let a), .localTime(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.table(let a), .table(let b)): a == b
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind.rawValue)
        switch self {
        case .string(let v): hasher.combine(v)
        case .integer(let v): hasher.combine(v)
        case .float(let v): hasher.combine(v.isNaN ? Double.nan.bitPattern : v.bitPattern)
        case .boolean(let v): hasher.combine(v)
        case .offsetDateTime(let v): hasher.combine(v)
        case .localDateTime(let v): hasher.combine(v)
        case .localDate(let v): hasher.combine(v)
        case .localTime(let v): hasher.combine(v)
        case .array(let v): hasher.combine(v)
        case .table(let v): hasher.combine(v)
        }
    }
}

extension TOMLValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .float(value) }
    public init(booleanLiteral value: Bool) { self = .boolean(value) }
    public init(arrayLiteral elements: TOMLValue...) { self = .array(TOMLArray(elements)) }
    public init(dictionaryLiteral elements: (String, TOMLValue)...) {
        self = .table(TOMLTable(uniqueKeysWithValues: elements))
    }
}
