/// Proleptic Gregorian calendar arithmetic (Howard Hinnant's days-from-civil algorithms), the one copy every
/// module uses to turn instants into dates and back: no Foundation Calendar, no locale, no time-zone state.
extension LocalDate {
    /// Days in `month` (1-12) of `year`.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Whether `year-month-day` names a real day.
    public static func isValid(year: Int, month: Int, day: Int) -> Bool {
        (1...12).contains(month) && day >= 1 && day <= daysIn(month: month, year: year)
    }

    /// Days since 1970-01-01 (negative before it).
    public var daysSinceUnixEpoch: Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The day `days` after 1970-01-01.
    public init(daysSinceUnixEpoch days: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        self.init(year: Int(yearOfEra + era * 400 + (month <= 2 ? 1 : 0)), month: Int(month), day: Int(day))
    }
}

extension OffsetDateTime {
    /// Whole seconds since 1970-01-01T00:00:00Z (the fraction is `time.nanosecond`).
    public var unixSeconds: Int64 {
        date.daysSinceUnixEpoch * 86_400 + Int64(time.hour * 3_600 + time.minute * 60 + time.second)
            - Int64(offsetMinutes * 60)
    }

    /// The UTC date-time `unixSeconds` after 1970-01-01T00:00:00Z, plus `nanosecond`.
    public init(unixSeconds: Int64, nanosecond: Int = 0) {
        var days = unixSeconds / 86_400
        var secondOfDay = Int(unixSeconds % 86_400)
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        self.init(
            date: LocalDate(daysSinceUnixEpoch: days),
            time: LocalTime(
                hour: secondOfDay / 3_600, minute: secondOfDay / 60 % 60, second: secondOfDay % 60,
                nanosecond: nanosecond),
            offsetMinutes: 0)
    }
}
