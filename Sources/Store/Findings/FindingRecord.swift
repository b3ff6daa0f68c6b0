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

    /// A new finding's file, in the canonical style (docs/store.md).
    static func text(_ table: TOMLTable) -> String { TOMLFileWriter.canonicalText(header: header, table) }

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
        let r = FieldReader(table, file: file, remembersKeys: false)
        let id = r.string("id", required: true)
        if let id, id != expectedID {
            r.invalid(
                "id", "\"\(TerminalText.sanitizeLine(id))\" does not match the file name (expected \"\(expectedID)\")")
        }
        if let molecule = r.string("molecule"), molecule != expectedMolecule {
            r.invalid(
                "molecule",
                "\"\(TerminalText.sanitizeLine(molecule))\" does not match the directory (expected \"\(expectedMolecule)\"): was the file copied from another molecule?"
            )
        }
        let severity = r.oneOf("severity", Severity.allCases.map(\.rawValue), required: true)
            .flatMap(Severity.init(rawValue:))
        let category = r.string("category", required: true)
        let title = r.string("title", required: true)
        for (key, value) in [("category", category), ("title", title)]
        where value?.trimmingCharacters(in: .whitespaces).isEmpty == true {
            r.invalid(key, "expected non-blank text")
        }
        let detail = r.string("detail")
        let location = r.string("location")
        let recordedBy = r.string("recorded_by", required: true)
        let recorded = r.date("recorded", required: true)
        var resolution: ComplianceFinding.Resolution?
        var act = SignedAct()
        var atText: String?
        if let t = r.table("resolution").map({ r.reader(for: $0, path: "resolution") }) {
            let by = t.string("by", required: true)
            let when = t.date("at", required: true)
            let note = t.string("note", required: true)
            if let by, let when, let note { resolution = .init(by: by, at: when, note: note) }
            act = SignedAct.read(t)
            atText = t.table.entry("at")?.dateTimeSourceText
        }
        guard !r.hasErrors, let id, let severity, let category, let title, let recordedBy, let recorded else {
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
