/// Encodes `Encodable` values as TOML tables or documents.
///
/// Properties keep their encoding order (declaration order for synthesized conformances);
/// dictionaries with `String` keys are written sorted by key, so output is deterministic.
/// `nil` optionals are left out (TOML has no null); a `nil` inside an array is an error.
/// The date types become TOML dates and times, Foundation's `Date` a UTC offset date-time.
public struct TOMLEncoder: Sendable {
    /// Passed to `Encoder.userInfo` of every encoder in the tree.
    public var userInfo: [CodingUserInfoKey: any Sendable] = [:]

    public init() {}

    /// The value as a table; it must encode as a keyed container (a struct, class or dictionary).
    public func encode<T: Encodable>(_ value: T) throws(EncodingError) -> TOMLTable {
        let root = EncodingNode()
        do {
            try TOMLValueEncoder(node: root, codingPath: [], userInfo: userInfo).box(value, into: root, codingPath: [])
            switch try root.materialize(codingPath: []) {
            case .table(let table):
                return table
            case nil:
                return TOMLTable()
            case let other?:
                throw EncodingError.invalidValue(
                    value,
                    EncodingError.Context(
                        codingPath: [],
                        debugDescription: "a TOML document is a table, but the value encoded as \(other.typeName)"))
            }
        } catch let error as EncodingError {
            throw error
        } catch {
            throw EncodingError.invalidValue(
                value, EncodingError.Context(codingPath: [], debugDescription: "\(error)", underlyingError: error))
        }
    }

    /// The value as a TOML document (see `TOMLSerializer` for the layout).
    public func encodeToString<T: Encodable>(_ value: T) throws(EncodingError) -> String {
        TOMLSerializer.serialize(try encode(value))
    }
}
