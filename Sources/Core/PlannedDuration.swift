/// Parses the planned durations formulas use: `"15m"`, `"1h30m"`, `"90s"`, `"2h"`, and ranges such as
/// `"30m-45m"` or `"30-45m"` (the seed's compliance triage). Pure.
public enum PlannedDuration {
    /// The (minimum, maximum) of a duration text, or a message saying what was expected.
    public static func parse(_ text: String) -> Result<(minimum: Duration, maximum: Duration), DurationError> {
        // Works on bytes: formulas of 1,000 steps parse one duration each.
        let bytes = Array(text.utf8)
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        let body = bytes[start..<end]
        guard let dash = body.firstIndex(of: UInt8(ascii: "-")) else {
            guard let value = seconds(body) else { return .failure(DurationError(text: text)) }
            return .success((.seconds(value), .seconds(value)))
        }
        var low = Array(body[body.startIndex..<dash])
        let high = Array(body[(dash + 1)...])
        while let last = low.last, last == 0x20 { low.removeLast() }
        let highTrimmed = high.drop { $0 == 0x20 }
        guard !highTrimmed.contains(UInt8(ascii: "-")) else { return .failure(DurationError(text: text)) }
        // "30-45m": the unit of the upper bound applies to a bare lower bound.
        if !low.isEmpty, low.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let unit = highTrimmed.last,
            unit >= 0x61 && unit <= 0x7A
        {
            low.append(unit)
        }
        guard let a = seconds(low[...]), let b = seconds(highTrimmed), a <= b else {
            return .failure(DurationError(text: text))
        }
        return .success((.seconds(a), .seconds(b)))
    }

    /// Total seconds of `1h30m`-style text (units h, m, s, each at most once, in that order).
    static func seconds(_ text: String) -> Int64? {
        seconds(Array(text.utf8)[...])
    }

    static func seconds(_ bytes: ArraySlice<UInt8>) -> Int64? {
        guard !bytes.isEmpty else { return nil }
        var total: Int64 = 0
        var number: Int64? = nil
        var lastUnitRank = -1
        for byte in bytes {
            if byte >= 0x30 && byte <= 0x39 {
                let value = (number ?? 0) * 10 + Int64(byte - 0x30)
                guard value < 1_000_000_000 else { return nil }
                number = value
                continue
            }
            let rank: Int
            let scale: Int64
            switch byte {
            case UInt8(ascii: "h"): (rank, scale) = (0, 3600)
            case UInt8(ascii: "m"): (rank, scale) = (1, 60)
            case UInt8(ascii: "s"): (rank, scale) = (2, 1)
            default: return nil
            }
            guard let value = number, rank > lastUnitRank else { return nil }
            total += value * scale
            lastUnitRank = rank
            number = nil
        }
        guard number == nil else { return nil }  // a trailing number without unit
        return total
    }

    /// `1h30m`, `45m`, `0m`: the compact form formulas use.
    public static func format(_ duration: Duration) -> String {
        let total = max(0, duration.components.seconds)
        let hours = total / 3600
        let minutes = (total % 3600) / 60
        let seconds = total % 60
        var text = ""
        if hours > 0 { text += "\(hours)h" }
        if minutes > 0 { text += "\(minutes)m" }
        if seconds > 0 { text += "\(seconds)s" }
        return text.isEmpty ? "0m" : text
    }

    /// `2h25m` or `2h25m-2h40m` for a range.
    public static func format(minimum: Duration, maximum: Duration) -> String {
        minimum == maximum ? format(minimum) : format(minimum) + "-" + format(maximum)
    }
}

public struct DurationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var text: String
    public var description: String {
        "bad duration \"\(text)\": expected hours, minutes and seconds such as \"15m\", \"1h30m\", \"90s\", or a range \"30m-45m\""
    }
}

extension String {
    /// Without leading and trailing white space (scalar-based: grapheme breaking is needlessly slow here).
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        if first == scalars.startIndex && scalars.index(after: last) == scalars.endIndex { return self }
        return String(scalars[first...last])
    }
}
