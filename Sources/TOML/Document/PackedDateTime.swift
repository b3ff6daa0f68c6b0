/// Date-times packed into a node's 64-bit payload, so the common ones (years 0–9999, at most
/// millisecond precision) need no room of their own; others go to `TOMLDocument.dateTimes`.
///
/// Bits, low to high: offset + 1439 (12), millisecond (10), second (6), minute (6), hour (5),
/// day (5), month (4), year (14). Local kinds store zeros in the fields they lack.
enum PackedDateTime {
    static func pack(_ value: OffsetDateTime) -> UInt64? {
        let date = value.date
        let time = value.time
        guard (0...9999).contains(date.year), time.nanosecond % 1_000_000 == 0,
            (-1439...1439).contains(value.offsetMinutes)
        else { return nil }
        var bits = UInt64(date.year)
        bits = bits << 4 | UInt64(date.month)
        bits = bits << 5 | UInt64(date.day)
        bits = bits << 5 | UInt64(time.hour)
        bits = bits << 6 | UInt64(time.minute)
        bits = bits << 6 | UInt64(time.second)
        bits = bits << 10 | UInt64(time.nanosecond / 1_000_000)
        bits = bits << 12 | UInt64(value.offsetMinutes + 1439)
        return bits
    }

    static func unpack(_ bits: UInt64) -> OffsetDateTime {
        func field(_ shift: UInt64, _ width: UInt64) -> Int { Int(bits >> shift & (1 << width - 1)) }
        let date = LocalDate(year: field(48, 14), month: field(44, 4), day: field(39, 5))
        let time = LocalTime(
            hour: field(34, 5), minute: field(28, 6), second: field(22, 6),
            nanosecond: field(12, 10) * 1_000_000)
        return OffsetDateTime(date: date, time: time, offsetMinutes: field(0, 12) - 1439)
    }
}
