/// The one way a pass rate is written, everywhere (gate summaries, `gate check`, reports): truncated to
/// one decimal, never rounded up, so "100%" appears only when every executed test passed and 2 of 3 is
/// "66.6%" on every screen.
public enum PassRate {
    /// `passed` of `executed` tests, computed in whole tenths of a percent (no floating point, so no
    /// 99.99999 that prints as 100).
    public static func text(passed: Int, executed: Int) -> String {
        guard executed > 0 else { return "0%" }
        // Full width: passed × 1000 cannot overflow, and the quotient is at most 1000.
        let (high, low) = min(max(passed, 0), executed).multipliedFullWidth(by: 1000)
        return text(tenths: executed.dividingFullWidth((high, low)).quotient)
    }

    /// A percentage given as a number (a formula's `required_pass_rate`), truncated to one decimal.
    public static func text(_ percent: Double) -> String {
        guard percent.isFinite else { return "0%" }
        // The epsilon keeps 99.9 (stored as 99.8999…) at 99.9.
        return text(tenths: Int((percent * 10 + 1e-6).rounded(.down)))
    }

    static func text(tenths: Int) -> String {
        let sign = tenths < 0 ? "-" : ""
        let magnitude = abs(tenths)
        return sign + String(magnitude / 10) + (magnitude % 10 == 0 ? "" : "." + String(magnitude % 10)) + "%"
    }
}

extension TestCounts {
    /// The pass rate of executed (non-skipped) tests, as `PassRate` writes it.
    public var passRateText: String {
        // Counts are checked where they come in; this stays exact (and never traps) for any two.
        let (passed, failed) = (UInt64(max(passed, 0)), UInt64(max(failed, 0)))
        guard passed + failed > 0 else { return "0%" }
        let tenths = (passed + failed).dividingFullWidth(passed.multipliedFullWidth(by: 1000)).quotient
        return PassRate.text(tenths: Int(tenths))
    }
}
