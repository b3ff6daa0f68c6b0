/// The serializer's output: UTF-8 bytes, appended in place (much faster than small `String`s).
typealias TOMLOutput = [UInt8]

extension Array where Element == UInt8 {
    @inline(__always)
    mutating func append(ascii text: StaticString) {
        text.withUTF8Buffer { append(contentsOf: $0) }
    }

    @inline(__always)
    mutating func append(text: String) {
        var text = text
        text.withUTF8 { append(contentsOf: $0) }
    }

    /// `number` in decimal, left-padded with zeros to `width` digits.
    mutating func append(decimal number: Int, width: Int = 1) {
        if number < 0 {
            append(UInt8(ascii: "-"))
            append(text: String(number.magnitude))
            return
        }
        // Digits come out least significant first: append them, then reverse in place.
        let start = count
        var rest = number
        repeat {
            append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        } while rest > 0
        while count - start < width { append(UInt8(ascii: "0")) }
        self[start...].reverse()
    }
}

/// Keys: bare when TOML allows it (`A-Za-z0-9_-`), a quoted basic string otherwise.
enum KeyFormatter {
    static func format(_ key: String) -> String {
        var output = TOMLOutput()
        write(key, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    static func write(_ key: String, to output: inout TOMLOutput) {
        if isBare(key) {
            output.append(text: key)
        } else {
            StringFormatter.writeBasic(key, to: &output)
        }
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
/// Works on UTF-8 bytes: only ASCII needs escaping, and every byte of a multi-byte scalar
/// is >= 0x80, so those are copied as they are.
enum StringFormatter {
    @inline(__always)
    static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == 0x7F || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    static func writeBasic(_ text: String, to output: inout TOMLOutput) {
        output.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            guard bytes.contains(where: needsEscape) else {
                output.append(contentsOf: bytes)
                return
            }
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "\""): output.append(ascii: "\\\"")
                case UInt8(ascii: "\\"): output.append(ascii: "\\\\")
                default: writeEscapingControl(byte, to: &output)
                }
            }
        }
        output.append(UInt8(ascii: "\""))
    }

    /// `"""` and a newline (which TOML trims), then the text with real newlines. Exact:
    /// carriage returns are escaped (a parser may normalize a raw CRLF), and a quote is
    /// escaped wherever it would be the third in a row or the last character, so no run
    /// of quotes can end the string early.
    static func writeMultiLine(_ text: String, to output: inout TOMLOutput) {
        output.append(ascii: "\"\"\"\n")
        var text = text
        text.withUTF8 { bytes in
            var quoteRun = 0
            for (index, byte) in bytes.enumerated() {
                switch byte {
                case UInt8(ascii: "\""):
                    if quoteRun == 2 || index == bytes.count - 1 {
                        output.append(ascii: "\\\"")
                        quoteRun = 0
                    } else {
                        output.append(byte)
                        quoteRun += 1
                    }
                    continue
                case UInt8(ascii: "\\"): output.append(ascii: "\\\\")
                case UInt8(ascii: "\n"): output.append(byte)
                default: writeEscapingControl(byte, to: &output)
                }
                quoteRun = 0
            }
        }
        output.append(ascii: "\"\"\"")
    }

    private static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    @inline(__always)
    private static func writeEscapingControl(_ byte: UInt8, to output: inout TOMLOutput) {
        switch byte {
        case 0x08: output.append(ascii: "\\b")
        case 0x09: output.append(ascii: "\\t")
        case 0x0A: output.append(ascii: "\\n")
        case 0x0C: output.append(ascii: "\\f")
        case 0x0D: output.append(ascii: "\\r")
        case 0x00...0x1F, 0x7F:
            output.append(ascii: "\\u00")
            output.append(hexDigits[Int(byte >> 4)])
            output.append(hexDigits[Int(byte & 0xF)])
        default:
            output.append(byte)
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

/// Dates and times in RFC 3339, written digit by digit.
enum DateTimeFormatter {
    static func write(_ date: LocalDate, to output: inout TOMLOutput) {
        output.append(decimal: date.year, width: 4)
        output.append(UInt8(ascii: "-"))
        output.append(decimal: date.month, width: 2)
        output.append(UInt8(ascii: "-"))
        output.append(decimal: date.day, width: 2)
    }

    /// `HH:MM:SS`, then the fraction without trailing zeros, if any.
    static func write(_ time: LocalTime, to output: inout TOMLOutput) {
        output.append(decimal: time.hour, width: 2)
        output.append(UInt8(ascii: ":"))
        output.append(decimal: time.minute, width: 2)
        output.append(UInt8(ascii: ":"))
        output.append(decimal: time.second, width: 2)
        var fraction = time.nanosecond
        guard fraction > 0 else { return }
        var width = 9
        while fraction % 10 == 0 {
            fraction /= 10
            width -= 1
        }
        output.append(UInt8(ascii: "."))
        output.append(decimal: fraction, width: width)
    }

    static func write(_ moment: LocalDateTime, to output: inout TOMLOutput) {
        write(moment.date, to: &output)
        output.append(UInt8(ascii: "T"))
        write(moment.time, to: &output)
    }

    /// `Z` for a zero offset, `±HH:MM` otherwise.
    static func write(_ moment: OffsetDateTime, to output: inout TOMLOutput) {
        write(moment.date, to: &output)
        output.append(UInt8(ascii: "T"))
        write(moment.time, to: &output)
        let offset = moment.offsetMinutes
        if offset == 0 {
            output.append(UInt8(ascii: "Z"))
            return
        }
        output.append(offset < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
        output.append(decimal: abs(offset) / 60, width: 2)
        output.append(UInt8(ascii: ":"))
        output.append(decimal: abs(offset) % 60, width: 2)
    }
}
