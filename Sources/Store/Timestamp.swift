import Foundation
import TOML

/// Conversions between Foundation dates and TOML offset date-times, always written in UTC
/// with millisecond precision (so a time survives a write/read round trip exactly).
public enum Timestamp {
    public static func toml(_ date: Date) -> OffsetDateTime {
        let totalMilliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        var seconds = totalMilliseconds / 1000
        var milliseconds = totalMilliseconds % 1000
        if milliseconds < 0 { milliseconds += 1000; seconds -= 1 }
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 { secondOfDay += 86_400; days -= 1 }
        let (year, month, day) = civil(fromDays: days)
        return OffsetDateTime(
            date: LocalDate(year: year, month: month, day: day),
            time: LocalTime(hour: Int(secondOfDay / 3600), minute: Int(secondOfDay % 3600 / 60),
                            second: Int(secondOfDay % 60), nanosecond: Int(milliseconds) * 1_000_000),
            offsetMinutes: 0)
    }

    public static func date(_ value: OffsetDateTime) -> Date {
        let days = daysFromCivil(value.date.year, value.date.month, value.date.day)
        let seconds = days * 86_400 + Int64(value.time.hour * 3600 + value.time.minute * 60 + value.time.second)
            - Int64(value.offsetMinutes * 60)
        return Date(timeIntervalSince1970: Double(seconds) + Double(value.time.nanosecond) / 1e9)
    }

    /// RFC 3339 text in UTC, e.g. `2026-11-21T15:40:00.123Z`.
    public static func text(_ date: Date) -> String { toml(date).description }

    /// A compact, sortable form for file names: `20261121T154000123Z`.
    public static func compact(_ date: Date) -> String {
        let t = toml(date)
        return pad4(t.date.year) + pad2(t.date.month) + pad2(t.date.day) + "T" + pad2(t.time.hour)
            + pad2(t.time.minute) + pad2(t.time.second) + pad3(t.time.nanosecond / 1_000_000) + "Z"
    }

    // Howard Hinnant's days-from-civil algorithms (proleptic Gregorian calendar).
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int64 {
        let y = Int64(m <= 2 ? y0 - 1 : y0)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = Int64((m + 9) % 12)
        let doy = (153 * mp + 2) / 5 + Int64(d) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDays z0: Int64) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return (Int(y), Int(m), Int(d))
    }

    private static func pad2(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
    private static func pad3(_ n: Int) -> String { n < 10 ? "00\(n)" : n < 100 ? "0\(n)" : "\(n)" }
    private static func pad4(_ n: Int) -> String { String(repeating: "0", count: max(0, 4 - String(n).count)) + "\(n)" }
}
