import MCP

/// JSON Schema fragments for the tools' inputs and outputs (draft 2020-12 subset clients understand).
enum Schema {
    static let string: Value = ["type": "string"]
    static let integer: Value = ["type": "integer"]
    static let number: Value = ["type": "number"]
    static let boolean: Value = ["type": "boolean"]
    static let anyObject: Value = ["type": "object"]
    static let time: Value = ["type": ["string", "null"], "description": "RFC 3339, UTC"]

    static func string(_ description: String) -> Value { ["type": "string", "description": .string(description)] }
    static func integer(_ description: String, minimum: Int = 0) -> Value {
        ["type": "integer", "minimum": .int(minimum), "description": .string(description)]
    }
    static func boolean(_ description: String) -> Value { ["type": "boolean", "description": .string(description)] }
    static func oneOf(_ values: [String], _ description: String) -> Value {
        ["type": "string", "enum": .array(values.map(Value.string)), "description": .string(description)]
    }
    static func array(_ items: Value, _ description: String? = nil) -> Value {
        var schema: [String: Value] = ["type": "array", "items": items]
        if let description { schema["description"] = .string(description) }
        return .object(schema)
    }
    /// A value that may also be null.
    static func nullable(_ type: String) -> Value { ["type": [.string(type), "null"]] }

    /// An object with these properties; `required` lists the ones always present. Other properties may be added
    /// (the schemas only ever grow: docs/store.md).
    static func object(_ properties: [String: Value], required: [String] = [], description: String? = nil) -> Value {
        var schema: [String: Value] = [
            "type": "object", "properties": .object(properties), "required": .array(required.map(Value.string)),
        ]
        if let description { schema["description"] = .string(description) }
        return .object(schema)
    }

    /// An input schema: no properties beyond these.
    static func input(_ properties: [String: Value], required: [String] = []) -> Value {
        guard case .object(var schema) = object(properties, required: required) else { return anyObject }
        schema["additionalProperties"] = false
        return .object(schema)
    }
}
