/// Lets `TOMLEncoder`/`TOMLDecoder` store Foundation's `Date` as a TOML offset date-time
/// (`2026-11-21T15:38:36.25Z`) without the TOML module importing Foundation.
///
/// `Date` encodes itself as one `Double`, seconds since 2001-01-01T00:00:00Z, through a
/// single-value container. The coders recognise the type by name and translate that number
/// to and from an `OffsetDateTime` (UTC when encoding; any offset when decoding).
enum FoundationDateBridge {
    static func isDate(_ type: Any.Type) -> Bool {
        let name = String(reflecting: type)
        return name == "Foundation.Date" || name == "FoundationEssentials.Date"
    }

    /// Seconds from 1970-01-01 to 2001-01-01, Foundation's reference date.
    static let referenceDateUnixSeconds: Int64 = 978_307_200

    /// Seconds since the reference date for a TOML offset date-time.
    static func referenceSeconds(for moment: OffsetDateTime) -> Double {
        let days = daysFromCivil(year: moment.date.year, month: moment.date.month, day: moment.date.day)
        let unix = days * 86_400 + Int64(moment.time.hour * 3_600 + moment.time.minute * 60 + moment.time.second)
            - Int64(moment.offsetMinutes * 60)
        return Double(unix - referenceDateUnixSeconds) + Double(moment.time.nanosecond) / 1e9
    }

    /// The UTC offset date-time for seconds since the reference date, to the nanosecond;
    /// nil outside the years TOML can write (0001-9999).
    static func offsetDateTime(referenceSeconds: Double) -> OffsetDateTime? {
        guard referenceSeconds.isFinite, abs(referenceSeconds) < 400_000_000_000 else { return nil }
        var whole = referenceSeconds.rounded(.down)
        var nanosecond = Int(((referenceSeconds - whole) * 1e9).rounded())
        if nanosecond >= 1_000_000_000 {
            whole += 1
            nanosecond -= 1_000_000_000
        }
        let unix = Int64(whole) + referenceDateUnixSeconds
        let days = unix >= 0 ? unix / 86_400 : (unix - 86_399) / 86_400
        let secondOfDay = Int(unix - days * 86_400)
        let (year, month, day) = civilFromDays(days)
        guard (1...9999).contains(year) else { return nil }
        return OffsetDateTime(
            date: LocalDate(year: year, month: month, day: day),
            time: LocalTime(hour: secondOfDay / 3_600, minute: secondOfDay / 60 % 60, second: secondOfDay % 60,
                            nanosecond: nanosecond),
            offsetMinutes: 0)
    }

    // Howard Hinnant's proleptic Gregorian day arithmetic (days since 1970-01-01).

    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civilFromDays(_ days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }
}
