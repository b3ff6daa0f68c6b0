/// toml-test's tagged JSON: tables become objects, arrays become arrays, and every other value
/// becomes `{"type": "integer", "value": "42"}` with its value as a string.
/// (https://github.com/toml-lang/toml-test#json-encoding)
public enum TaggedJSON {
    /// The document as tagged JSON, keys in document order.
    public static func encode(_ table: TOMLTable) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(table.count * 48)
        write(table, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// One value as tagged JSON.
    public static func encode(_ value: TOMLValue) -> String {
        var output: [UInt8] = []
        write(value, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// A float as toml-test spells it: `inf`, `-inf`, `nan`, or the shortest decimal that
    /// reads back as the same double.
    public static func floatText(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        return value.description
    }

    private static func write(_ table: TOMLTable, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "{"))
        var first = true
        for entry in table.unpositionedEntries {
            if !first { output.append(UInt8(ascii: ",")) }
            first = false
            writeString(entry.key, to: &output)
            output.append(UInt8(ascii: ":"))
            write(entry.value, to: &output)
        }
        output.append(UInt8(ascii: "}"))
    }

    private static func write(_ value: TOMLValue, to output: inout [UInt8]) {
        let text: String
        switch value {
        case .table(let table):
            write(table, to: &output)
            return
        case .array(let array):
            output.append(UInt8(ascii: "["))
            for (i, element) in array.values.enumerated() {
                if i > 0 { output.append(UInt8(ascii: ",")) }
                write(element, to: &output)
            }
            output.append(UInt8(ascii: "]"))
            return
        case .string(let v): text = v
        case .integer(let v): text = String(v)
        case .float(let v): text = floatText(v)
        case .boolean(let v): text = v ? "true" : "false"
        case .offsetDateTime(let v): text = v.description
        case .localDateTime(let v): text = v.description
        case .localDate(let v): text = v.description
        case .localTime(let v): text = v.description
        }
        append("{\"type\":\"", to: &output)
        output.append(contentsOf: value.typeName.utf8)
        append("\",\"value\":", to: &output)
        writeString(text, to: &output)
        output.append(UInt8(ascii: "}"))
    }

    private static func append(_ text: StaticString, to output: inout [UInt8]) {
        output.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped.
    private static func writeString(_ text: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): append("\\\"", to: &output)
            case UInt8(ascii: "\\"): append("\\\\", to: &output)
            case 0x0A: append("\\n", to: &output)
            case 0x0D: append("\\r", to: &output)
            case 0x09: append("\\t", to: &output)
            case 0x08: append("\\b", to: &output)
            case 0x0C: append("\\f", to: &output)
            case 0..<0x20, 0x7F:
                append("\\u00", to: &output)
                let digits: StaticString = "0123456789abcdef"
                output.append(digits.utf8Start[Int(byte >> 4)])
                output.append(digits.utf8Start[Int(byte & 0xF)])
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
