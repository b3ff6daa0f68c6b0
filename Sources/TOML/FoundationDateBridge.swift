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
        Double(moment.unixSeconds - referenceDateUnixSeconds) + Double(moment.time.nanosecond) / 1e9
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
        let moment = OffsetDateTime(unixSeconds: Int64(whole) + referenceDateUnixSeconds, nanosecond: nanosecond)
        return (1...9999).contains(moment.date.year) ? moment : nil
    }
}
