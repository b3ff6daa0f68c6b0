import Core
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Whether a report still describes its molecule: "current" is a digest of what it was rendered from, never a
/// date (times written by agents decide nothing). The digest is written as the report's last line, an HTML
/// comment (`<!-- gastown report inputs: sha256:… -->`), and compared with the molecule's digest now.
///
/// The inputs are what a reviewer decides on:
/// - every finding: id, severity, category, title, detail, location, and its resolution (who, when, note);
/// - every gate's current evidence: the verdict recomputed from it, the test counts, the failing and skipped
///   tests, the anti-pattern hits, when it was checked;
/// - every verified decision that decides a checkpoint, except those of the steps that need a report (their
///   own approval must not make the report it approves stale);
/// - every step's attempt (a rejection that sends work back starts a new attempt: the molecule's revision
///   as far as the report is concerned).
///
/// Not included: step statuses and times, molecule.toml's `revision` and `updated`. So completing the step
/// (which renders the report) and approving its checkpoint leave the report current, while adding or
/// resolving a finding, checking a gate again or sending work back makes it stale.
public enum ReportInputs {
    static let prefix = "<!-- gastown report inputs: sha256:"

    /// The molecule's digest now; nil for a molecule whose file or formula cannot be used.
    public static func digest(of state: MoleculeState) -> String? {
        guard let formula = state.formula, let progress = state.progress else { return nil }
        var text = CanonicalText(version: "gastown-report-inputs-v1")
        text.field("molecule", state.name)
        for step in formula.steps {
            text.field("step", step.id)
            text.field("attempt", String(progress.steps[step.id]?.attempt ?? 1))
        }
        for record in state.findings.sorted(by: { $0.id < $1.id }) {
            let f = record.finding
            text.field("finding", record.id)
            text.field("severity", f.severity.rawValue)
            text.field("category", f.category)
            text.field("title", f.title)
            text.field("detail", f.detail ?? "")
            text.field("location", f.location ?? "")
            text.field("resolved_by", f.resolution?.by ?? "")
            text.field("resolved_at", f.resolution.map { Timestamp.text($0.at) } ?? "")
            text.field("resolution_note", f.resolution?.note ?? "")
        }
        for gate in formula.gates {
            text.field("gate", gate.id)
            guard let result = progress.gateResults[gate.id] else { continue }
            text.field("passed", String(result.passed))
            text.field("checked", Timestamp.text(result.checkedAt))
            if let tests = result.tests {
                text.field("tests", "\(tests.passed)/\(tests.failed)/\(tests.skipped)")
            }
            if let evidence = state.gateRecords.current(gate.id, in: progress) {
                for failure in evidence.failures { text.field("failed_test", failure.name) }
                for skipped in evidence.skippedTests { text.field("skipped_test", skipped.name) }
            }
            for hit in result.antiPatternHits {
                text.field("hit", "\(hit.file):\(hit.line):\(hit.antiPatternID):\(hit.severity.rawValue)")
            }
        }
        let reportCheckpoints = Set(
            formula.steps.filter { formula.reportTemplate(forStep: $0.id, defaultTemplate: "") != nil }.compactMap(
                \.checkpoint?.id))
        for record in state.trail.decidingRecords where !reportCheckpoints.contains(record.checkpoint) {
            text.field("decision", record.hash)
        }
        return text.hash
    }

    /// The line appended to a rendered report.
    static func trailer(_ digest: String) -> String { "\n" + prefix + digest + " -->\n" }

    /// The digest a report file carries (read from its last bytes), or nil.
    public static func stored(in path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        let size = Int(info.st_size)
        let count = min(size, 256)
        var bytes = [UInt8](repeating: 0, count: count)
        let got = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(size - count)) }
        guard got == count else { return nil }
        return parse(String(decoding: bytes, as: UTF8.self))
    }

    /// The digest in a report's text (its last such line).
    public static func parse(_ text: String) -> String? {
        guard let range = text.range(of: prefix, options: .backwards) else { return nil }
        let digest = text[range.upperBound...].prefix(64)
        guard digest.count == 64, digest.allSatisfy(\.isHexDigit) else { return nil }
        return String(digest)
    }
}

/// Where a step that needs a report stands: its template, the latest report of that template, and whether that
/// report is current (`ReportInputs`).
public struct ReportStatus: Sendable, Hashable {
    public var step: String
    public var template: String
    /// The latest report of `template`, if any.
    public var report: ReportFile?
    /// The report's inputs are the molecule's inputs now.
    public var isCurrent: Bool

    /// Why the report cannot be decided on, or nil when it is current.
    public var problem: String? {
        guard let report else { return "no \(template) report has been rendered" }
        return isCurrent
            ? nil : "the latest report (\(report.name)) is stale: findings, gate evidence or decisions changed after it"
    }
}

extension MoleculeState {
    /// For each step of the formula that needs a report and has been reached (not pending), its report status.
    func computeReportStatuses() -> [ReportStatus] {
        guard let formula, let progress else { return [] }
        let needing: [(step: String, template: String)] = formula.steps.compactMap { step in
            guard progress.steps[step.id]?.status != .pending,
                let template = formula.reportTemplate(forStep: step.id, defaultTemplate: ReportStore.defaultTemplate)
            else { return nil }
            return (step.id, template)
        }
        guard !needing.isEmpty else { return [] }
        let digest = ReportInputs.digest(of: self)
        return needing.map { need in
            let report = gateRecords.reports.last { $0.template == need.template }
            let stored = report.flatMap { ReportInputs.stored(in: $0.absolutePath) }
            return ReportStatus(
                step: need.step, template: need.template, report: report, isCurrent: stored != nil && stored == digest)
        }
    }

    /// The report status of a step that needs a report.
    public func reportStatus(forStep step: String) -> ReportStatus? { reportStatuses.first { $0.step == step } }
}
