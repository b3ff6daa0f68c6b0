import Foundation
import TOML

/// Conversions between Foundation dates and TOML offset date-times, always written in UTC
/// with millisecond precision (so a time survives a write/read round trip exactly).
public enum Timestamp {
    public static func toml(_ date: Date) -> OffsetDateTime {
        let totalMilliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        var seconds = totalMilliseconds / 1000
        var milliseconds = totalMilliseconds % 1000
        if milliseconds < 0 {
            milliseconds += 1000
            seconds -= 1
        }
        return OffsetDateTime(unixSeconds: seconds, nanosecond: Int(milliseconds) * 1_000_000)
    }

    public static func date(_ value: OffsetDateTime) -> Date {
        Date(timeIntervalSince1970: Double(value.unixSeconds) + Double(value.time.nanosecond) / 1e9)
    }

    /// RFC 3339 text in UTC, e.g. `2026-11-21T15:40:00.123Z`.
    public static func text(_ date: Date) -> String { toml(date).description }

    /// A compact, sortable form for file names: `20261121T154000123Z`.
    public static func compact(_ date: Date) -> String {
        let t = toml(date)
        // Written digit by digit: a load checks every record's file name against it.
        if (0...9999).contains(t.date.year) {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(19)
            func digits(_ n: Int, _ count: Int) {
                var divisor = 1
                for _ in 1..<count { divisor *= 10 }
                while divisor > 0 {
                    bytes.append(UInt8(ascii: "0") + UInt8(n / divisor % 10))
                    divisor /= 10
                }
            }
            digits(t.date.year, 4)
            digits(t.date.month, 2)
            digits(t.date.day, 2)
            bytes.append(UInt8(ascii: "T"))
            digits(t.time.hour, 2)
            digits(t.time.minute, 2)
            digits(t.time.second, 2)
            digits(t.time.nanosecond / 1_000_000, 3)
            bytes.append(UInt8(ascii: "Z"))
            return String(decoding: bytes, as: UTF8.self)
        }
        return pad4(t.date.year) + pad2(t.date.month) + pad2(t.date.day) + "T" + pad2(t.time.hour)
            + pad2(t.time.minute) + pad2(t.time.second) + pad3(t.time.nanosecond / 1_000_000) + "Z"
    }

    private static func pad2(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
    private static func pad3(_ n: Int) -> String { n < 10 ? "00\(n)" : n < 100 ? "0\(n)" : "\(n)" }
    private static func pad4(_ n: Int) -> String { String(repeating: "0", count: max(0, 4 - String(n).count)) + "\(n)" }
}
