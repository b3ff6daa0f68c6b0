import Core
import DisplayText
import Foundation
import TOML

/// A compliance finding as stored: `M/findings/ID.toml`, one file per finding (format: docs/store.md).
/// Created once by `gastown finding add` (never overwritten), rewritten only to add its resolution.
public struct FindingRecord: Sendable, Hashable {
    /// `f-` and 8 lowercase hex digits; equals the file's name without `.toml`.
    public var id: String
    public var molecule: String
    /// Category, severity, title, detail, location and resolution, as the report uses them.
    public var finding: ComplianceFinding
    public var recordedBy: String
    public var recorded: Date
    /// Workspace-relative path of the file.
    public var path: String
    /// The resolution's signature (critical and high findings: docs/store.md) and its `at` as written.
    public var resolutionAct = SignedAct()
    var resolutionAtText: String?

    public init(
        id: String, molecule: String, finding: ComplianceFinding, recordedBy: String, recorded: Date, path: String
    ) {
        self.id = id
        self.molecule = molecule
        self.finding = finding
        self.recordedBy = recordedBy
        self.recorded = recorded
        self.path = path
    }

    public var isOpen: Bool { finding.isOpen }

    /// Oldest first; the id breaks ties so the order never depends on the directory listing.
    static func chronological(_ a: FindingRecord, _ b: FindingRecord) -> Bool {
        (a.recorded, a.id) < (b.recorded, b.id)
    }
}

// MARK: - TOML

extension FindingRecord {
    static let header =
        "# gastown compliance finding (format: docs/store.md). Resolve it with `gastown finding resolve`.\n"

    /// The table of a new finding (no resolution yet).
    var table: TOMLTable {
        var t = TOMLTable()
        t["id"] = .string(id)
        t["molecule"] = .string(molecule)
        t["severity"] = .string(finding.severity.rawValue)
        t["category"] = .string(finding.category)
        t["title"] = .string(finding.title)
        if let detail = finding.detail { t["detail"] = .string(detail) }
        if let location = finding.location { t["location"] = .string(location) }
        t["recorded_by"] = .string(recordedBy)
        t["recorded"] = .offsetDateTime(Timestamp.toml(recorded))
        if let r = finding.resolution { t["resolution"] = .table(Self.resolutionTable(r)) }
        return t
    }

    static func resolutionTable(_ r: ComplianceFinding.Resolution) -> TOMLTable {
        ["by": .string(r.by), "at": .offsetDateTime(Timestamp.toml(r.at)), "note": .string(r.note)]
    }

    static func text(_ table: TOMLTable) -> String {
        let body = TOMLSerializer.serialize(table)
        return header + body + (body.hasSuffix("\n") ? "" : "\n")
    }

    /// Reads a finding file. `id` and `molecule` are what its place in the store says they must be.
    /// Returns nil (with positioned problems) when it does not parse or a required field is missing or wrong;
    /// the parsed table is returned too, so a rewrite keeps keys gastown does not know.
    static func parse(_ bytes: [UInt8], id expectedID: String, molecule expectedMolecule: String, file: String)
        -> (record: FindingRecord?, table: TOMLTable?, problems: [StoreProblem])
    {
        let table: TOMLTable
        switch TOMLFile.parse(bytes, file: file) {
        case .failure(let problem): return (nil, nil, [problem])
        case .success(let parsed): table = parsed
        }
        var r = FieldReader(file: file)
        func at(_ key: String, in t: TOMLTable = table) -> SourcePosition {
            t.entry(key)?.valuePosition ?? (t.position.isKnown ? t.position : SourcePosition(line: 1, column: 1))
        }
        let id = r.requiredString(table, "id")
        if let id, id != expectedID {
            r.fail(
                "id \"\(TerminalText.sanitizeLine(id))\" does not match the file name (expected \"\(expectedID)\")",
                at: at("id"))
        }
        if let molecule = r.string(table, "molecule"), molecule != expectedMolecule {
            r.fail(
                "molecule \"\(TerminalText.sanitizeLine(molecule))\" does not match the directory (expected \"\(expectedMolecule)\"): was the file copied from another molecule?",
                at: at("molecule"))
        }
        var severity: Severity?
        if table.entry("severity") == nil {
            r.fail("missing required key \"severity\" (one of \(FindingInput.severityNames))", at: at("severity"))
        } else if let name = r.oneOf(table, "severity", Severity.allCases.map(\.rawValue)) {
            severity = Severity(rawValue: name)
        }
        let category = r.requiredString(table, "category")
        let title = r.requiredString(table, "title")
        for (key, value) in [("category", category), ("title", title)]
        where value?.trimmingCharacters(in: .whitespaces).isEmpty == true {
            r.fail("\(key) must not be empty", at: at(key))
        }
        let detail = r.string(table, "detail")
        let location = r.string(table, "location")
        let recordedBy = r.requiredString(table, "recorded_by")
        let recorded = r.date(table, "recorded")
        if table.entry("recorded") == nil {
            r.fail(
                "missing required key \"recorded\" (an offset date-time such as 2026-11-21T15:40:00Z)",
                at: at("recorded"))
        }
        var resolution: ComplianceFinding.Resolution?
        var act = SignedAct()
        var atText: String?
        if let t = r.table(table, "resolution") {
            let c = "resolution."
            let by = r.requiredString(t, "by", context: c)
            let when = r.date(t, "at", context: c)
            if t.entry("at") == nil {
                r.fail("missing required key \"resolution.at\" (an offset date-time)", at: at("at", in: t))
            }
            let note = r.requiredString(t, "note", context: c)
            if let by, let when, let note { resolution = .init(by: by, at: when, note: note) }
            act = SignedAct.read(t, &r, context: c)
            atText = t.entry("at")?.dateTimeSourceText
        }
        guard r.problems.isEmpty, let id, let severity, let category, let title, let recordedBy, let recorded else {
            return (nil, table, r.problems)
        }
        let finding = ComplianceFinding(
            id: id, category: category, severity: severity, title: title, detail: detail,
            location: location, resolution: resolution)
        var record = FindingRecord(
            id: id, molecule: expectedMolecule, finding: finding, recordedBy: recordedBy, recorded: recorded,
            path: file)
        record.resolutionAct = act
        record.resolutionAtText = atText
        return (record, table, [])
    }
}
