/// A calendar date without a time zone (`1979-05-27`).
///
/// Fields are stored compactly (every parsed value carries one, and `TOMLValue` is as large as
/// its largest case); they read and write as `Int`.
public struct LocalDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    private var storedYear: Int32
    private var storedMonth: UInt8
    private var storedDay: UInt8

    public var year: Int {
        get { Int(storedYear) }
        set { storedYear = Int32(clamping: newValue) }
    }
    public var month: Int {
        get { Int(storedMonth) }
        set { storedMonth = UInt8(clamping: newValue) }
    }
    public var day: Int {
        get { Int(storedDay) }
        set { storedDay = UInt8(clamping: newValue) }
    }

    public init(year: Int, month: Int, day: Int) {
        storedYear = Int32(clamping: year)
        storedMonth = UInt8(clamping: month)
        storedDay = UInt8(clamping: day)
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
/// Stored compactly like `LocalDate`.
public struct LocalTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    private var storedHour: UInt8
    private var storedMinute: UInt8
    private var storedSecond: UInt8
    private var storedNanosecond: Int32

    public var hour: Int {
        get { Int(storedHour) }
        set { storedHour = UInt8(clamping: newValue) }
    }
    public var minute: Int {
        get { Int(storedMinute) }
        set { storedMinute = UInt8(clamping: newValue) }
    }
    public var second: Int {
        get { Int(storedSecond) }
        set { storedSecond = UInt8(clamping: newValue) }
    }
    public var nanosecond: Int {
        get { Int(storedNanosecond) }
        set { storedNanosecond = Int32(clamping: newValue) }
    }

    public init(hour: Int, minute: Int, second: Int = 0, nanosecond: Int = 0) {
        storedHour = UInt8(clamping: hour)
        storedMinute = UInt8(clamping: minute)
        storedSecond = UInt8(clamping: second)
        storedNanosecond = Int32(clamping: nanosecond)
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
    private var storedOffsetMinutes: Int32
    /// Minutes east of UTC; `Z` and `+00:00` are both 0.
    public var offsetMinutes: Int {
        get { Int(storedOffsetMinutes) }
        set { storedOffsetMinutes = Int32(clamping: newValue) }
    }

    public init(date: LocalDate, time: LocalTime, offsetMinutes: Int) {
        self.date = date
        self.time = time
        storedOffsetMinutes = Int32(clamping: offsetMinutes)
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
