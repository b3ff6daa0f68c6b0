/// Dates and times (RFC 3339 as TOML 1.1 restricts it): `1979-05-27`, `07:32` / `07:32:00.5`,
/// `1979-05-27T07:32:00`, and with `Z` or `±HH:MM`. `T` may be `t` or a space; seconds are optional.
extension DocumentParser {
    /// At `YYYY-`: a local date, local date-time or offset date-time.
    mutating func parseDateValue() throws(TOMLError) -> TOMLValue {
        let start = pos
        let year = try fixedDigits(4, what: "year")
        try expect(ASCII.minus, after: "the year")
        let month = try fixedDigits(2, what: "month")
        try expect(ASCII.minus, after: "the month")
        let dayOffset = pos
        let day = try fixedDigits(2, what: "day")
        guard month >= 1 && month <= 12 else {
            throw error("month \(month) is out of range (01 to 12)", at: dayOffset - 3)
        }
        let daysInMonth = LocalDate.daysIn(month: month, year: year)
        guard day >= 1 && day <= daysInMonth else {
            throw error(
                "day \(day) is out of range for \(year)-\(pad(month, 2)) (01 to \(daysInMonth))",
                at: dayOffset)
        }
        let date = LocalDate(year: year, month: month, day: day)

        let separator = peek()
        let hasTime =
            separator | 0x20 == UInt8(ascii: "t")
            || (separator == ASCII.space && ASCII.isDigit(peek(1)) && ASCII.isDigit(peek(2)) && peek(3) == ASCII.colon)
        guard hasTime else {
            try expectEndOfValue(start: start, what: "date")
            return .localDate(date)
        }
        pos += 1
        let time = try parseTime()
        let zone = peek()
        if zone | 0x20 == UInt8(ascii: "z") {
            pos += 1
            try expectEndOfValue(start: start, what: "date-time")
            return .offsetDateTime(OffsetDateTime(date: date, time: time, offsetMinutes: 0))
        }
        if zone == ASCII.plus || zone == ASCII.minus {
            let offsetStart = pos
            pos += 1
            let hours = try fixedDigits(2, what: "offset hour")
            try expect(ASCII.colon, after: "the offset hour")
            let minutes = try fixedDigits(2, what: "offset minute")
            guard hours <= 23 && minutes <= 59 else {
                throw error(
                    "time offset \(quotedSlice(offsetStart, pos)) is out of range (at most ±23:59)",
                    at: offsetStart)
            }
            try expectEndOfValue(start: start, what: "date-time")
            let magnitude = hours * 60 + minutes
            return .offsetDateTime(
                OffsetDateTime(
                    date: date, time: time,
                    offsetMinutes: zone == ASCII.minus ? -magnitude : magnitude))
        }
        try expectEndOfValue(start: start, what: "date-time")
        return .localDateTime(LocalDateTime(date: date, time: time))
    }

    /// At `HH:`: a local time.
    mutating func parseLocalTimeValue() throws(TOMLError) -> TOMLValue {
        let start = pos
        let time = try parseTime()
        try expectEndOfValue(start: start, what: "time")
        return .localTime(time)
    }

    /// `HH:MM`, `HH:MM:SS` or `HH:MM:SS.fraction` (nanosecond precision; further digits are dropped).
    private mutating func parseTime() throws(TOMLError) -> LocalTime {
        let start = pos
        let hour = try fixedDigits(2, what: "hour")
        try expect(ASCII.colon, after: "the hour")
        let minute = try fixedDigits(2, what: "minute")
        var second = 0
        var nanosecond = 0
        if peek() == ASCII.colon {
            pos += 1
            second = try fixedDigits(2, what: "second")
            if peek() == ASCII.dot {
                pos += 1
                guard ASCII.isDigit(peek()) else {
                    throw error(
                        "expected a digit after the decimal point in the seconds, found \(found(at: pos))",
                        at: pos)
                }
                var digits = 0
                while pos < end, ASCII.isDigit(base[pos]) {
                    if digits < 9 {
                        nanosecond = nanosecond * 10 + Int(base[pos] - ASCII.zero)
                        digits += 1
                    }
                    pos += 1
                }
                while digits < 9 {
                    nanosecond *= 10
                    digits += 1
                }
            }
        }
        guard hour <= 23, minute <= 59, second <= 60 else {
            throw error(
                "time \(quotedSlice(start, pos)) is out of range (hour 00-23, minute 00-59, second 00-60)",
                at: start)
        }
        return LocalTime(hour: hour, minute: minute, second: second, nanosecond: nanosecond)
    }

    /// Exactly `count` decimal digits.
    private mutating func fixedDigits(_ count: Int, what: String) throws(TOMLError) -> Int {
        var value = 0
        for _ in 0..<count {
            guard pos < end, ASCII.isDigit(base[pos]) else {
                throw error("expected \(count) digits for the \(what), found \(found(at: pos))", at: pos)
            }
            value = value * 10 + Int(base[pos] - ASCII.zero)
            pos += 1
        }
        return value
    }

    private mutating func expect(_ byte: UInt8, after what: String) throws(TOMLError) {
        guard peek() == byte else {
            throw error(
                "expected \"\(Character(Unicode.Scalar(byte)))\" after \(what), found \(found(at: pos))",
                at: pos)
        }
        pos += 1
    }
}
