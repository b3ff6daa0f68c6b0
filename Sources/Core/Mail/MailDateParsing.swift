import Foundation

/// Fast, locale-free date reading and writing for mail (no DateFormatter, no Calendar: listing a thousand
/// messages must not build a thousand ICU formatters). All dates are proleptic Gregorian, UTC unless an
/// offset is written.
enum MailDateParsing {
    static let monthNames = ["january", "february", "march", "april", "may", "june", "july", "august",
                             "september", "october", "november", "december"]

    /// RFC 3339 (`2026-01-22T10:15:00Z`, `…+02:00`, fractional seconds, `T` or a space), `2026-01-22`,
    /// `2026-01-22 10:15`, `December 23, 2025`, `Dec 23, 2025`, `23 December 2025`; text after a `(` is
    /// ignored ("2026-01-11 (evening)").
    static func instant(_ text: String) -> Date? {
        var candidate = Substring(text)
        if let paren = candidate.firstIndex(of: "(") { candidate = candidate[..<paren] }
        let trimmed = candidate.trimmingCharacters(in: .whitespaces)
        return numeric(Array(trimmed.utf8)) ?? worded(trimmed)
    }

    private static func numeric(_ b: [UInt8]) -> Date? {
        func num(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= b.count else { return nil }
            var n = 0
            for k in from..<(from + count) {
                guard (48...57).contains(b[k]) else { return nil }
                n = n * 10 + Int(b[k] - 48)
            }
            return n
        }
        guard b.count >= 10, let y = num(0, 4), b[4] == 45, let m = num(5, 2), b[7] == 45, let d = num(8, 2),
              valid(y, m, d) else { return nil }
        let day = Double(daysFromCivil(y, m, d)) * 86_400
        if b.count == 10 { return Date(timeIntervalSince1970: day) }
        guard b[10] == 84 || b[10] == 116 || b[10] == 32, let h = num(11, 2), b.count >= 16, b[13] == 58,
              let mi = num(14, 2), h < 24, mi < 60 else { return nil }
        var k = 16
        var seconds = Double(h * 3600 + mi * 60)
        if k < b.count, b[k] == 58 {
            guard let s = num(k + 1, 2), s < 61 else { return nil }
            seconds += Double(s)
            k += 3
            if k < b.count, b[k] == 46 {
                k += 1
                var scale = 0.1
                let start = k
                while k < b.count, (48...57).contains(b[k]) { seconds += Double(b[k] - 48) * scale; scale /= 10; k += 1 }
                guard k > start else { return nil }
            }
        }
        var offset = 0
        if k == b.count {
            offset = 0  // No zone: read as UTC.
        } else if k == b.count - 1, b[k] == 90 || b[k] == 122 {
            offset = 0
        } else if k + 6 == b.count, b[k] == 43 || b[k] == 45, let oh = num(k + 1, 2), b[k + 3] == 58, let om = num(k + 4, 2) {
            offset = (b[k] == 45 ? -1 : 1) * (oh * 3600 + om * 60)
        } else {
            return nil
        }
        return Date(timeIntervalSince1970: day + seconds - Double(offset))
    }

    private static func worded(_ text: String) -> Date? {
        let words = text.lowercased().split { $0 == " " || $0 == "," }.map(String.init)
        guard words.count == 3 else { return nil }
        func month(_ w: String) -> Int? {
            let name = w.hasSuffix(".") ? String(w.dropLast()) : w
            guard name.count >= 3 else { return nil }
            return monthNames.firstIndex { $0 == name || ($0.hasPrefix(name) && name.count == 3) }.map { $0 + 1 }
        }
        let (m, d, y): (Int?, Int?, Int?)
        if let first = month(words[0]) {
            (m, d, y) = (first, Int(words[1]), Int(words[2]))
        } else {
            (m, d, y) = (month(words[1]), Int(words[0]), Int(words[2]))
        }
        guard let m, let d, let y, (1000...9999).contains(y), valid(y, m, d) else { return nil }
        return Date(timeIntervalSince1970: Double(daysFromCivil(y, m, d)) * 86_400)
    }

    private static func valid(_ y: Int, _ m: Int, _ d: Int) -> Bool {
        guard (1...12).contains(m), d >= 1 else { return false }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return d <= lengths[m - 1]
    }

    /// `2026-01-22T10:15:00Z` (UTC, whole seconds).
    static func rfc3339(_ date: Date) -> String {
        let total = Int(date.timeIntervalSince1970.rounded(.down))
        let days = total >= 0 ? total / 86_400 : -((-total + 86_399) / 86_400)
        let secs = total - days * 86_400
        let (y, m, d) = civilFromDays(days)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let year = String(y)
        return String(repeating: "0", count: max(0, 4 - year.count)) + year + "-\(two(m))-\(two(d))T"
            + "\(two(secs / 3600)):\(two(secs % 3600 / 60)):\(two(secs % 60))Z"
    }

    /// Days since 1970-01-01 (Howard Hinnant's algorithm).
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
