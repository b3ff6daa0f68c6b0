import Foundation

/// Message ids: the file is `.beads/mail/<id>.md`, so an id is a safe file name on every platform.
///
/// Valid: 1–128 characters from `A–Z a–z 0–9 . _ -`, starting with a letter or digit, no `..`.
public enum MailID {
    public static let maximumLength = 128

    public static func isValid(_ id: String) -> Bool {
        guard (1...maximumLength).contains(id.utf8.count), !id.contains(".."), let first = id.utf8.first,
            isAlphanumeric(first)
        else { return false }
        return id.utf8.allSatisfy {
            isAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-")
        }
    }

    /// `20260122-101500-phase-2-implementation-summary`: UTC time of sending, then the subject's slug.
    public static func make(date: Date, subject: String) -> String {
        let stamp = Timestamps.iso8601(date)  // 2026-01-22T10:15:00Z
        let digits = stamp.filter(\.isNumber)  // 20260122101500
        let prefix = String(digits.prefix(8)) + "-" + String(digits.dropFirst(8).prefix(6))
        let tail = slug(subject, maximumLength: 48)
        return tail.isEmpty ? prefix : prefix + "-" + tail
    }

    /// Lowercased ASCII letters and digits, everything else folded into single dashes.
    public static func slug(_ text: String, maximumLength: Int) -> String {
        var out = ""
        var pendingDash = false
        for scalar in text.unicodeScalars {
            if scalar.isASCII, let byte = UInt8(exactly: scalar.value), isAlphanumeric(byte) {
                if pendingDash, !out.isEmpty { out.append("-") }
                pendingDash = false
                out.unicodeScalars.append(Unicode.Scalar(byte).properties.lowercaseMapping.unicodeScalars.first!)
                if out.count >= maximumLength { break }
            } else {
                pendingDash = true
            }
        }
        return out
    }

    private static func isAlphanumeric(_ b: UInt8) -> Bool {
        (48...57).contains(b) || (65...90).contains(b) || (97...122).contains(b)
    }
}
