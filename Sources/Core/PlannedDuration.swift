/// Parses the planned durations formulas use: `"15m"`, `"1h30m"`, `"90s"`, `"2h"`, and ranges such as
/// `"30m-45m"` or `"30-45m"` (the seed's compliance triage). Pure.
public enum PlannedDuration {
    /// The (minimum, maximum) of a duration text, or a message saying what was expected.
    public static func parse(_ text: String) -> Result<(minimum: Duration, maximum: Duration), DurationError> {
        let trimmed = text.trimmingWhitespace()
        let parts = trimmed.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        switch parts.count {
        case 1:
            guard let value = seconds(parts[0]) else { return .failure(DurationError(text: text)) }
            return .success((.seconds(value), .seconds(value)))
        case 2:
            var low = parts[0].trimmingWhitespace()
            let high = parts[1].trimmingWhitespace()
            // "30-45m": the unit of the upper bound applies to a bare lower bound.
            if !low.isEmpty, low.allSatisfy(\.isASCIIDigit), let unit = high.last, unit.isLetter {
                low += String(unit)
            }
            guard let a = seconds(low), let b = seconds(high), a <= b else {
                return .failure(DurationError(text: text))
            }
            return .success((.seconds(a), .seconds(b)))
        default:
            return .failure(DurationError(text: text))
        }
    }

    /// Total seconds of `1h30m`-style text (units h, m, s, each at most once, in that order).
    static func seconds(_ text: String) -> Int64? {
        let text = text.trimmingWhitespace()
        guard !text.isEmpty else { return nil }
        var total: Int64 = 0
        var number: Int64? = nil
        var lastUnitRank = -1
        for character in text {
            if let digit = character.wholeNumberValue, character.isASCIIDigit {
                let (product, overflow1) = (number ?? 0).multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = product.addingReportingOverflow(Int64(digit))
                guard !overflow1, !overflow2, sum < 1_000_000_000 else { return nil }
                number = sum
                continue
            }
            let rank: Int, scale: Int64
            switch character {
            case "h": (rank, scale) = (0, 3600)
            case "m": (rank, scale) = (1, 60)
            case "s": (rank, scale) = (2, 1)
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
        let hours = total / 3600, minutes = (total % 3600) / 60, seconds = total % 60
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

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
    func trimmingWhitespace() -> String {
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view.removeFirst() }
        while let last = view.last, last.isWhitespace { view.removeLast() }
        return String(view)
    }
}
