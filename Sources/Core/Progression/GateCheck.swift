import Foundation

/// Evaluates a gate from its evidence, including how complete the anti-pattern scan was: a scan that
/// could not prove the absence of anti-patterns (an expression that does not compile, a rule cut short
/// by its work budget or abandoned) fails a gate that forbids them. Pure.
public enum GateCheck {
    /// The verdict for a `tests` or `compliance` gate (a compliance gate also weighs the molecule's
    /// findings); nil for gates resolved by a command.
    public static func evaluate(
        _ gate: Gate, tests: TestCounts?, scan: AntiPatternReport?, findings: [ComplianceFinding] = [], at now: Date
    ) -> GateResult? {
        guard var result = gate.evaluate(tests: tests, hits: scan?.hits ?? [], findings: findings, at: now) else {
            return nil
        }
        guard let scan, forbidsAntiPatterns(gate) else { return result }
        let incomplete = incompleteness(scan)
        if !incomplete.isEmpty {
            result.passed = false
            let reason = "anti-pattern scan incomplete (" + incomplete.joined(separator: ", ") + ")"
            result.summary = result.summary.isEmpty ? reason : result.summary + "; " + reason
        }
        return result
    }

    /// Whether hits fail this gate (so an incomplete scan must too).
    static func forbidsAntiPatterns(_ gate: Gate) -> Bool {
        switch gate.type {
        case .tests(_, _, let allow): !allow
        case .compliance(let blocking): !blocking.isEmpty
        default: false
        }
    }

    /// What the scan could not search: invalid expressions, budget cut-shorts, abandoned rules.
    /// (Long lines searched in part and the hit limit are reported but do not fail the gate: the
    /// first leaves only the tail of a giant line, the second already found hits.)
    public static func incompleteness(_ scan: AntiPatternReport) -> [String] {
        var parts: [String] = []
        if !scan.invalidRules.isEmpty {
            parts.append(
                "\(scan.invalidRules.count) invalid expression\(scan.invalidRules.count == 1 ? "" : "s"): "
                    + scan.invalidRules.map(\.patternID).joined(separator: ", "))
        }
        let budget = scan.cutShort.filter { $0.reason == .stepBudget }
        if !budget.isEmpty {
            parts.append("\(budget.count) file\(budget.count == 1 ? "" : "s") cut short by the regex work limit")
        }
        if !scan.abandonedRules.isEmpty {
            parts.append("abandoned: " + scan.abandonedRules.joined(separator: ", "))
        }
        let outside = scan.outsideWorkspace
        if !outside.isEmpty {
            parts.append(
                "\(outside.count) symlinked file\(outside.count == 1 ? "" : "s") outside the workspace, not scanned: "
                    + outside.map(\.file).joined(separator: ", "))
        }
        return parts
    }

    /// A timer gate passes once its timeout has elapsed since the step started.
    public static func evaluateTimer(_ gate: Gate, startedAt: Date?, at now: Date) -> GateResult? {
        guard case .timer = gate.type, let timeout = gate.timeout else { return nil }
        guard let startedAt else {
            return GateResult(
                gateID: gate.id, passed: false, summary: "timer not running: the step has not started", checkedAt: now)
        }
        let seconds = Double(timeout.components.seconds)
        let due = startedAt.addingTimeInterval(seconds)
        if now >= due {
            return GateResult(
                gateID: gate.id, passed: true,
                summary: "timer elapsed (\(PlannedDuration.format(timeout)) since the step started)", checkedAt: now)
        }
        let left = Int((due.timeIntervalSince(now) / 60).rounded(.up))
        return GateResult(
            gateID: gate.id, passed: false,
            summary: "timer running: \(left) min left of \(PlannedDuration.format(timeout))", checkedAt: now)
    }
}
