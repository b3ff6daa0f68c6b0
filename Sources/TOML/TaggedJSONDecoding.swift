extension TaggedJSON {
    /// The deepest nesting of JSON objects and arrays accepted; deeper input is an error.
    public static let maximumJSONDepth = 512

    /// Reads toml-test's tagged JSON back into a table: `{"type": "integer", "value": "42"}`
    /// objects are scalars, other objects are tables, arrays are arrays.
    ///
    /// Errors carry the JSON line and column and say what was expected.
    public static func decode(_ json: String) throws(TOMLError) -> TOMLTable {
        var reader = JSONReader(bytes: Array(json.utf8))
        let document = try reader.readDocument()
        guard case .object(let members) = document.node else {
            throw reader.error(
                at: document.position, "expected a JSON object at the top level, found \(document.node.kindName)")
        }
        return try TaggedJSONConverter(reader: reader).table(from: members)
    }
}

/// A parsed JSON value, with the byte offset of its first character.
struct JSONNode {
    enum Kind {
        case object([(key: String, value: JSONNode)])
        case array([JSONNode])
        case string(String)
        case number(String)
        case boolean(Bool)
        case null

        var kindName: String {
            switch self {
            case .object: "an object"
            case .array: "an array"
            case .string: "a string"
            case .number: "a number"
            case .boolean: "a boolean"
            case .null: "null"
            }
        }
    }

    var node: Kind
    var position: Int
}

/// Maps parsed JSON onto TOML values following toml-test's tagging rules.
struct TaggedJSONConverter {
    let reader: JSONReader

    func table(from members: [(key: String, value: JSONNode)]) throws(TOMLError) -> TOMLTable {
        var table = TOMLTable()
        for member in members {
            guard table[member.key] == nil else {
                throw reader.error(at: member.value.position, "duplicate key \"\(member.key)\"")
            }
            table[member.key] = try value(from: member.value)
        }
        return table
    }

    func value(from json: JSONNode) throws(TOMLError) -> TOMLValue {
        switch json.node {
        case .object(let members):
            if let tagged = try scalar(from: members, at: json.position) { return tagged }
            return .table(try table(from: members))
        case .array(let elements):
            var array = TOMLArray()
            array.reserveCapacity(elements.count)
            for element in elements { array.append(try value(from: element)) }
            return .array(array)
        default:
            throw reader.error(at: json.position, "expected an object or an array, found \(json.node.kindName)")
        }
    }

    /// `{"type": ..., "value": ...}` with two strings is a scalar; anything else is a table.
    private func scalar(from members: [(key: String, value: JSONNode)], at position: Int) throws(TOMLError)
        -> TOMLValue?
    {
        guard members.count == 2,
            let type = members.first(where: { $0.key == "type" }),
            let value = members.first(where: { $0.key == "value" }),
            case .string(let typeName) = type.value.node,
            case .string(let text) = value.value.node
        else { return nil }
        let location = value.value.position
        func bad(_ what: String) -> TOMLError {
            reader.error(at: location, "expected \(what) for type \"\(typeName)\", found \"\(text)\"")
        }
        switch typeName {
        case "string":
            return .string(text)
        case "integer":
            guard let number = Int64(text) else { throw bad("a 64-bit decimal integer") }
            return .integer(number)
        case "float":
            guard let number = TaggedScalarParser.float(text) else { throw bad("a decimal number, inf or nan") }
            return .float(number)
        case "bool":
            switch text {
            case "true": return .boolean(true)
            case "false": return .boolean(false)
            default: throw bad("true or false")
            }
        case "datetime":
            guard let moment = TaggedScalarParser.offsetDateTime(text) else {
                throw bad("an RFC 3339 date-time with offset")
            }
            return .offsetDateTime(moment)
        case "datetime-local":
            guard let moment = TaggedScalarParser.localDateTime(text) else { throw bad("a local date-time") }
            return .localDateTime(moment)
        case "date-local":
            guard let date = TaggedScalarParser.localDate(text) else { throw bad("a local date YYYY-MM-DD") }
            return .localDate(date)
        case "time-local":
            guard let time = TaggedScalarParser.localTime(text) else { throw bad("a local time HH:MM[:SS[.fraction]]") }
            return .localTime(time)
        default:
            throw reader.error(
                at: type.value.position,
                "expected a type of string, integer, float, bool, datetime, datetime-local, date-local or time-local, found \"\(typeName)\""
            )
        }
    }
}
