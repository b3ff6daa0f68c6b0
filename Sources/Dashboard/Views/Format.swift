import Foundation
import Screen
import Store

/// Deterministic formatting of times and durations (UTC, no locale), so tests can assert lines.
enum Format {
    /// "15m", "1h30m", "2d4h", "45s".
    static func duration(_ seconds: TimeInterval) -> String {
        let total = Int(seconds.rounded())
        if total < 60 { return "\(max(0, total))s" }
        let minutes = total / 60
        if minutes < 60 { return "\(minutes)m" }
        let hours = minutes / 60
        if hours < 48 {
            let rest = minutes % 60
            return rest == 0 ? "\(hours)h" : "\(hours)h\(rest)m"
        }
        let days = hours / 24
        let restHours = hours % 24
        return restHours == 0 ? "\(days)d" : "\(days)d\(restHours)h"
    }

    /// "now", "12s", "3m", "2h", "4d": how long ago, coarse.
    static func age(_ date: Date?, now: Date) -> String {
        guard let date else { return "—" }
        let seconds = Int(now.timeIntervalSince(date))
        if seconds < 1 { return "now" }
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3600 { return "\(seconds / 60)m" }
        if seconds < 86400 { return "\(seconds / 3600)h" }
        return "\(seconds / 86400)d"
    }

    /// "3m ago" / "now" / "—".
    static func ago(_ date: Date?, now: Date) -> String {
        let text = age(date, now: now)
        return text == "now" || text == "—" ? text : text + " ago"
    }

    /// "2026-01-05 10:32" in UTC.
    static func timestamp(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        let secondOfDay = seconds - days * 86400
        let (year, month, day) = civil(fromDays: days)
        return String(format: "%04d-%02d-%02d %02d:%02d", year, month, day, secondOfDay / 3600, secondOfDay % 3600 / 60)
    }

    /// Howard Hinnant's days-to-civil algorithm.
    private static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

/// The glyph for each state: meaning survives without colour.
enum Glyph {
    /// A step's glyph: `↺` where a rejection sent the work back (the store's sent-back flag), else its state's.
    static func of(_ step: StepSnapshot) -> String { step.sentBack ? "↺" : of(step.state) }

    static func of(_ state: StepState) -> String {
        switch state {
        case .pending: return "·"
        case .active: return "▸"
        case .awaitingApproval: return "◆"
        case .blocked: return "✗"
        case .done: return "✓"
        }
    }

    static func role(_ step: StepSnapshot) -> ColorRole { step.sentBack ? .info : role(step.state) }

    static func role(_ state: StepState) -> ColorRole {
        switch state {
        case .pending: return .muted
        case .active: return .info
        case .awaitingApproval: return .warning
        case .blocked: return .danger
        case .done: return .ok
        }
    }

    static func role(_ state: MoleculeState.Summary) -> ColorRole {
        switch state {
        case .invalid, .blocked: return .danger
        case .pending: return .muted
        case .active: return .info
        case .awaitingApproval: return .warning
        case .done: return .ok
        }
    }

    static let legend = "✓ done  ▸ active  ↺ sent back  ◆ awaiting  ✗ blocked  · pending"
}
