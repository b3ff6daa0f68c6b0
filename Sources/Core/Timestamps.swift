import Foundation
import TOML

/// UTC timestamps as text without locale or time-zone state (reports must be deterministic).
public enum Timestamps {
    /// `2026-01-05T08:30:00Z` (whole seconds, UTC).
    public static func iso8601(_ date: Date) -> String {
        OffsetDateTime(unixSeconds: Int64(date.timeIntervalSince1970.rounded(.down))).description
    }
}
