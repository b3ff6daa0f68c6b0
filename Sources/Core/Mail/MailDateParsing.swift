import Foundation
import TOML

/// Fast, locale-free date reading and writing for mail (no DateFormatter, no Calendar: listing a thousand
/// messages must not build a thousand ICU formatters). All dates are proleptic Gregorian, UTC unless an
/// offset is written.
enum MailDateParsing {
    static let monthNames = [
        "january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december",
    ]

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
            LocalDate.isValid(year: y, month: m, day: d)
        else { return nil }
        let day = Double(LocalDate(year: y, month: m, day: d).daysSinceUnixEpoch) * 86_400
        if b.count == 10 { return Date(timeIntervalSince1970: day) }
        guard b[10] == 84 || b[10] == 116 || b[10] == 32, let h = num(11, 2), b.count >= 16, b[13] == 58,
            let mi = num(14, 2), h < 24, mi < 60
        else { return nil }
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
                while k < b.count, (48...57).contains(b[k]) {
                    seconds += Double(b[k] - 48) * scale
                    scale /= 10
                    k += 1
                }
                guard k > start else { return nil }
            }
        }
        var offset = 0
        if k == b.count {
            offset = 0  // No zone: read as UTC.
        } else if k == b.count - 1, b[k] == 90 || b[k] == 122 {
            offset = 0
        } else if k + 6 == b.count, b[k] == 43 || b[k] == 45, let oh = num(k + 1, 2), b[k + 3] == 58,
            let om = num(k + 4, 2)
        {
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
        guard let m, let d, let y, (1000...9999).contains(y), LocalDate.isValid(year: y, month: m, day: d) else {
            return nil
        }
        return Date(timeIntervalSince1970: Double(LocalDate(year: y, month: m, day: d).daysSinceUnixEpoch) * 86_400)
    }
}
