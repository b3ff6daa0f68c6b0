import Core
import Store

/// A gate check's evidence as short lines for the molecule view: counts, failing and skipped tests,
/// anti-pattern hits (file:line severity pattern), and what the scan could not fully read.
enum GateEvidenceLines {
    /// At most this many tests and hits each; the rest are counted.
    static let limit = 8

    static func lines(_ evidence: GateEvidence) -> [String] {
        var lines: [String] = []
        if let tests = evidence.tests {
            lines.append(
                "tests: \(tests.passed) passed, \(tests.failed) failed, \(tests.skipped) skipped of \(tests.total)")
        }
        lines += listed(
            evidence.failures.map { "failed: " + $0.name + ($0.message.isEmpty ? "" : " — " + $0.message) },
            noun: "failures")
        lines += listed(evidence.skippedTests.map { "skipped: " + $0.name }, noun: "skipped tests")
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

    /// The snapshot's gates with the store's verdicts: mandatory, blocking, evidence.
    static func enrich(_ gates: [GateSnapshot], with statuses: [GateStatus]) -> [GateSnapshot] {
        gates.map { gate in
            guard let status = statuses.first(where: { $0.gate.id == gate.gateID }) else { return gate }
            var gate = gate
            gate.mandatory = status.gate.mandatory
            gate.blocking = status.blocking
            gate.evidence = status.evidence.map(lines) ?? []
            return gate
        }
    }
}
