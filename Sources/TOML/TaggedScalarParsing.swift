/// Parses the `value` strings of tagged JSON scalars (floats and RFC 3339 date/time forms).
/// Lenient where toml-test is (`t`/`T`/space between date and time, `z`/`Z`, optional
/// seconds), strict about ranges, so bad input is rejected rather than mis-read.
enum TaggedScalarParser {
    static func float(_ text: String) -> Double? {
        switch text {
        case "inf", "+inf": return .infinity
        case "-inf": return -.infinity
        case "nan", "+nan": return .nan
        case "-nan": return -Double.nan
        default: break
        }
        // Only plain decimal syntax: Double(_:) alone would also take hex floats and "infinity".
        var sawDigit = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): sawDigit = true
            case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): continue
            default: return nil
            }
        }
        return sawDigit ? Double(text) : nil
    }

    static func localDate(_ text: String) -> LocalDate? {
        var scanner = DigitScanner(text)
        guard let date = scanner.date(), scanner.atEnd else { return nil }
        return date
    }

    static func localTime(_ text: String) -> LocalTime? {
        var scanner = DigitScanner(text)
        guard let time = scanner.time(), scanner.atEnd else { return nil }
        return time
    }

    static func localDateTime(_ text: String) -> LocalDateTime? {
        var scanner = DigitScanner(text)
        guard let date = scanner.date(), scanner.dateTimeSeparator(), let time = scanner.time(), scanner.atEnd else {
            return nil
        }
        return LocalDateTime(date: date, time: time)
    }

    static func offsetDateTime(_ text: String) -> OffsetDateTime? {
        var scanner = DigitScanner(text)
        guard let date = scanner.date(), scanner.dateTimeSeparator(), let time = scanner.time(),
            let offset = scanner.offset(), scanner.atEnd
        else { return nil }
        return OffsetDateTime(date: date, time: time, offsetMinutes: offset)
    }
}

/// Reads fixed-width digit fields from ASCII text.
private struct DigitScanner {
    let bytes: [UInt8]
    var index = 0

    init(_ text: String) { bytes = Array(text.utf8) }

    var atEnd: Bool { index == bytes.count }

    mutating func digits(_ count: Int) -> Int? {
        guard index + count <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[index..<index + count] {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        index += count
        return value
    }

    mutating func skip(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    mutating func date() -> LocalDate? {
        guard let year = digits(4), skip(UInt8(ascii: "-")), let month = digits(2), skip(UInt8(ascii: "-")),
            let day = digits(2), (1...12).contains(month),
            (1...LocalDate.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        return LocalDate(year: year, month: month, day: day)
    }

    mutating func dateTimeSeparator() -> Bool {
        skip(UInt8(ascii: "T")) || skip(UInt8(ascii: "t")) || skip(UInt8(ascii: " "))
    }

    mutating func time() -> LocalTime? {
        guard let hour = digits(2), skip(UInt8(ascii: ":")), let minute = digits(2), hour < 24, minute < 60 else {
            return nil
        }
        var second = 0
        var nanosecond = 0
        if skip(UInt8(ascii: ":")) {
            guard let s = digits(2), s < 61 else { return nil }
            second = s
            if skip(UInt8(ascii: ".")) {
                var count = 0
                while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                    // Digits past nanoseconds are truncated, as TOML allows.
                    if count < 9 { nanosecond = nanosecond * 10 + Int(bytes[index] - UInt8(ascii: "0")) }
                    count += 1
                    index += 1
                }
                guard count > 0 else { return nil }
                for _ in min(count, 9)..<9 { nanosecond *= 10 }
            }
        }
        return LocalTime(hour: hour, minute: minute, second: second, nanosecond: nanosecond)
    }

    mutating func offset() -> Int? {
        if skip(UInt8(ascii: "Z")) || skip(UInt8(ascii: "z")) { return 0 }
        let sign: Int
        if skip(UInt8(ascii: "+")) { sign = 1 } else if skip(UInt8(ascii: "-")) { sign = -1 } else { return nil }
        guard let hours = digits(2), skip(UInt8(ascii: ":")), let minutes = digits(2), hours < 24, minutes < 60 else {
            return nil
        }
        return sign * (hours * 60 + minutes)
    }
}
