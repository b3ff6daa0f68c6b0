import Core
import Store

/// A gate's verdict and its evidence as the molecule view shows them: counts, anti-pattern hits (file:line
/// severity pattern), what the scan could not fully read, and the failing and skipped tests by name.
enum GateEvidenceLines {
    /// At most this many hits; the rest are counted.
    static let limit = 8

    static func snapshot(_ status: GateStatus) -> GateSnapshot {
        let result = status.result
        var gate = GateSnapshot(
            stepID: status.stepID, gateID: status.gate.id, passed: result?.passed ?? false,
            summary: result?.summary ?? "not checked", at: result?.checkedAt, mandatory: status.gate.mandatory,
            blocking: status.blocking, evidence: status.evidence.map(lines) ?? [])
        if let evidence = status.evidence {
            gate.tests = tests(evidence)
            gate.unlistedTests = evidence.unlistedCases
        }
        return gate
    }

    /// `failed: NAME — message`, then `skipped: NAME`: every test the evidence names.
    static func tests(_ evidence: GateEvidence) -> [String] {
        evidence.failures.map { "failed: " + $0.name + ($0.message.isEmpty ? "" : " — " + $0.message) }
            + evidence.skippedTests.map { "skipped: " + $0.name + ($0.message.isEmpty ? "" : " — " + $0.message) }
    }

    static func lines(_ evidence: GateEvidence) -> [String] {
        var lines: [String] = []
        if let tests = evidence.tests {
            lines.append(
                "tests: \(tests.passed) passed, \(tests.failed) failed, \(tests.skipped) skipped of \(tests.total)"
                    + (tests.passed + tests.failed > 0 ? " (\(tests.passRateText))" : ""))
        }
        if let scan = evidence.scan {
            lines += listed(
                scan.hits.map { "\($0.file):\($0.line) \($0.severity.rawValue) \($0.antiPatternID): \($0.excerpt)" },
                noun: "anti-pattern hits")
            if !scan.skipped.isEmpty {
                lines.append("\(scan.skipped.count) files not scanned (too large, binary or unreadable)")
            }
            if !scan.cutShort.isEmpty { lines.append("\(scan.cutShort.count) scans cut short (work limit)") }
            if !scan.invalidRules.isEmpty { lines.append("\(scan.invalidRules.count) rules did not compile") }
        }
        if let note = evidence.note, !note.isEmpty { lines.append("note: " + note) }
        return lines
    }

    private static func listed(_ items: [String], noun: String) -> [String] {
        guard items.count > limit else { return items }
        return Array(items.prefix(limit)) + ["… and \(items.count - limit) more " + noun]
    }
}
