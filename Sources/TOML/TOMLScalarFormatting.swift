/// Keys: bare when TOML allows it (`A-Za-z0-9_-`), a quoted basic string otherwise.
enum KeyFormatter {
    static func format(_ key: String) -> String {
        if isBare(key) { return key }
        var quoted = ""
        StringFormatter.writeBasic(key, to: &quoted)
        return quoted
    }

    static func isBare(_ key: String) -> Bool {
        guard !key.isEmpty else { return false }
        for byte in key.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
                continue
            default:
                return false
            }
        }
        return true
    }
}

/// Strings are written as basic strings (`"..."`), or multi-line basic strings when they
/// contain a newline. Escapes are the TOML 1.0 ones, so 1.0 parsers read the output too.
enum StringFormatter {
    static func writeBasic(_ text: String, to output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            default: writeEscapingControl(scalar, to: &output)
            }
        }
        output += "\""
    }

    /// `"""` on its own line, then the text with real newlines. Exact: carriage returns are
    /// escaped (a parser may normalize a raw CRLF), and quotes are escaped wherever three
    /// in a row, or one before the closing delimiter, could end the string early.
    static func writeMultiLine(_ text: String, to output: inout String) {
        output += "\"\"\"\n"
        let scalars = Array(text.unicodeScalars)
        var quoteRun = 0
        for (index, scalar) in scalars.enumerated() {
            switch scalar {
            case "\"":
                if quoteRun == 2 || index == scalars.count - 1 {
                    output += "\\\""
                    quoteRun = 0
                } else {
                    output += "\""
                    quoteRun += 1
                }
                continue
            case "\\": output += "\\\\"
            case "\n": output += "\n"
            default: writeEscapingControl(scalar, to: &output)
            }
            quoteRun = 0
        }
        output += "\"\"\""
    }

    private static func writeEscapingControl(_ scalar: Unicode.Scalar, to output: inout String) {
        switch scalar.value {
        case 0x08: output += "\\b"
        case 0x09: output += "\\t"
        case 0x0A: output += "\\n"
        case 0x0C: output += "\\f"
        case 0x0D: output += "\\r"
        case 0x00...0x1F, 0x7F:
            let hex = String(scalar.value, radix: 16, uppercase: true)
            output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default:
            output.unicodeScalars.append(scalar)
        }
    }
}

/// Floats in the shortest form that parses back to the same bits, always valid TOML:
/// a fraction or an exponent is always present (`1.0`, `1e+300`), plus `inf`, `-inf`,
/// `nan` and `-0.0`.
enum FloatFormatter {
    static func format(_ number: Double) -> String {
        if number.isNaN { return number.sign == .minus ? "-nan" : "nan" }
        if number.isInfinite { return number < 0 ? "-inf" : "inf" }
        // Swift's description is the shortest round-tripping form and already has the TOML
        // shape: `1.0`, `0.1`, `-0.0`, `1e-05`, `1.5e+300` (a leading-zero exponent is valid).
        let text = number.description
        if text.contains(".") || text.contains("e") { return text }
        return text + ".0"
    }
}
