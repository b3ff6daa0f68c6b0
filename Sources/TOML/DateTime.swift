/// A calendar date without a time zone (`1979-05-27`).
public struct LocalDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// RFC 3339 form, `YYYY-MM-DD`.
    public var description: String {
        pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    }
}

/// A time of day without a date or zone (`07:32:00.999999`). Nanosecond precision.
public struct LocalTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var hour: Int
    public var minute: Int
    public var second: Int
    public var nanosecond: Int

    public init(hour: Int, minute: Int, second: Int = 0, nanosecond: Int = 0) {
        self.hour = hour
        self.minute = minute
        self.second = second
        self.nanosecond = nanosecond
    }

    public static func < (lhs: LocalTime, rhs: LocalTime) -> Bool {
        (lhs.hour, lhs.minute, lhs.second, lhs.nanosecond)
            < (rhs.hour, rhs.minute, rhs.second, rhs.nanosecond)
    }

    /// `HH:MM:SS` followed by the fraction, if any, with trailing zeros removed.
    public var description: String {
        var text = pad(hour, 2) + ":" + pad(minute, 2) + ":" + pad(second, 2)
        if nanosecond > 0 {
            var digits = pad(nanosecond, 9)
            while digits.hasSuffix("0") { digits.removeLast() }
            text += "." + digits
        }
        return text
    }
}

/// A date and time without a zone (`1979-05-27T07:32:00`).
public struct LocalDateTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var date: LocalDate
    public var time: LocalTime

    public init(date: LocalDate, time: LocalTime) {
        self.date = date
        self.time = time
    }

    public static func < (lhs: LocalDateTime, rhs: LocalDateTime) -> Bool {
        (lhs.date, lhs.time) < (rhs.date, rhs.time)
    }

    public var description: String { "\(date)T\(time)" }
}

/// A date and time at a fixed offset from UTC (`1979-05-27T07:32:00-07:00`, or `Z`).
public struct OffsetDateTime: Sendable, Hashable, CustomStringConvertible {
    public var date: LocalDate
    public var time: LocalTime
    /// Minutes east of UTC; `Z` and `+00:00` are both 0.
    public var offsetMinutes: Int

    public init(date: LocalDate, time: LocalTime, offsetMinutes: Int) {
        self.date = date
        self.time = time
        self.offsetMinutes = offsetMinutes
    }

    /// RFC 3339: `Z` for a zero offset, `±HH:MM` otherwise.
    public var description: String {
        let zone: String
        if offsetMinutes == 0 {
            zone = "Z"
        } else {
            let magnitude = abs(offsetMinutes)
            zone = (offsetMinutes < 0 ? "-" : "+") + pad(magnitude / 60, 2) + ":" + pad(magnitude % 60, 2)
        }
        return "\(date)T\(time)\(zone)"
    }
}

@inline(__always)
func pad(_ number: Int, _ width: Int) -> String {
    let digits = String(number)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}
