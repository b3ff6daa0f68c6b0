import Core
import Foundation
import TOML

/// Where gate evidence and manual confirmations live with a molecule:
/// `M/gates/GATE.toml` (one per gate, replaced by each check) and `M/manual-checks.toml`.
/// Written atomically, under the molecule's lock, by `BeadsStore.checkGate` / `resolveGate` / `confirmManualCheck`.
public enum GateEvidenceStore {
    public static func directory(_ layout: StoreLayout, convoy: String, molecule: String) -> String {
        layout.moleculeDirectory(convoy, molecule) + "/gates"
    }

    public static func file(_ layout: StoreLayout, convoy: String, molecule: String, gate: String) -> String {
        directory(layout, convoy: convoy, molecule: molecule) + "/\(gate).toml"
    }

    public static func manualChecksFile(_ layout: StoreLayout, convoy: String, molecule: String) -> String {
        layout.moleculeDirectory(convoy, molecule) + "/manual-checks.toml"
    }

    /// Every readable evidence file of the molecule whose folder is `molecule`, by gate id; unreadable ones
    /// become problems.
    static func load(_ layout: StoreLayout, in molecule: StoreFolder) -> (
        evidence: [String: GateEvidence], problems: [StoreProblem]
    ) {
        let dir = molecule.path + "/gates"
        var evidence: [String: GateEvidence] = [:]
        var problems: [StoreProblem] = []
        let (folder, names): (Int32, [String])
        do throws(StoreError) {
            (folder, names) = try molecule.openAndList("gates")
        } catch {
            return (
                [:], [StoreProblem(.parse, file: layout.relative(dir), message: layout.relativeMessage(error.message))]
            )
        }
        defer { if folder >= 0 { close(folder) } }
        for name in names where name.hasSuffix(".toml") {
            let path = dir + "/" + name
            let relative = layout.relative(path)
            do throws(StoreError) {
                guard let bytes = try AtomicFile.read(name, in: folder, path: path) else { continue }
                let (parsed, found) = GateEvidence.parse(bytes, file: relative)
                problems += found.map {
                    StoreProblem(
                        $0.category, file: $0.file, position: $0.position, message: $0.message, severity: .warning)
                }
                if let parsed { evidence[parsed.gateID] = parsed }
            } catch {
                problems.append(
                    StoreProblem(
                        .parse, file: relative, message: layout.relativeMessage(error.message), severity: .warning))
            }
        }
        return (evidence, problems)
    }

    public static func write(_ evidence: GateEvidence, layout: StoreLayout, convoy: String, molecule: String)
        throws(StoreError)
    {
        try StoreInitializer.makeDirectories(directory(layout, convoy: convoy, molecule: molecule))
        let path = file(layout, convoy: convoy, molecule: molecule, gate: evidence.gateID)
        // The new evidence replaces every value of the old; comments on what did not change stay.
        let previous = try TOMLFileWriter.previous(at: path) { try? TOMLParser.parse(bytes: $0) }
        try TOMLFileWriter.write(evidence.tomlTable, header: GateEvidence.header, to: path, replacing: previous)
    }
}

/// A manual day-completion check someone confirmed (`gastown gate confirm`).
public struct ManualConfirmation: Sendable, Hashable {
    public var check: String
    public var by: String
    public var at: Date
    public var note: String?
    /// The confirmer's signature (a signed workspace), and `at` as written.
    public var act = SignedAct()
    var atText: String?

    public init(check: String, by: String, at: Date, note: String? = nil) {
        self.check = check
        self.by = by
        self.at = at
        self.note = note
    }

    /// `[checks."NAME"]` tables with `by`, `at`, optional `note`, in file order.
    public static func parse(_ bytes: [UInt8], file: String) -> ([ManualConfirmation], [StoreProblem]) {
        let table: TOMLTable
        switch TOMLFile.parse(bytes, file: file) {
        case .failure(let problem): return ([], [problem])
        case .success(let parsed): table = parsed
        }
        let reader = FieldReader(table, file: file, remembersKeys: false)
        let result = reader.subtables("checks").map { check, row in
            var confirmation = ManualConfirmation(
                check: check, by: row.string("by", required: true) ?? "?",
                at: row.date("at") ?? Date(timeIntervalSince1970: 0), note: row.string("note"))
            confirmation.act = SignedAct.read(row)
            if !confirmation.act.signer.isEmpty { confirmation.atText = row.table.entry("at")?.dateTimeSourceText }
            return confirmation
        }
        // A field of the wrong type: no confirmation counts until the file is fixed (and `gate confirm` refuses).
        return (reader.hasErrors ? [] : result, reader.problems)
    }

    static let header = "# gastown manual day-completion checks (format: docs/gates.md)\n"

    /// The file as gastown creates it (the canonical style, docs/store.md).
    public static func tomlText(_ confirmations: [ManualConfirmation]) -> String {
        TOMLFileWriter.canonicalText(header: header, table(confirmations))
    }

    /// Gastown's model of the file: `[checks."NAME"]` tables in order.
    static func table(_ confirmations: [ManualConfirmation]) -> TOMLTable {
        var checks = TOMLTable()
        for c in confirmations {
            var row: TOMLTable = ["by": .string(c.by), "at": .offsetDateTime(Timestamp.toml(c.at))]
            if let note = c.note { row["note"] = .string(note) }
            c.act.write(into: &row)
            checks[c.check] = .table(row)
        }
        var table = TOMLTable()
        table["checks"] = .table(checks)
        return table
    }

    static func load(_ layout: StoreLayout, convoy: String, molecule: String) -> ([ManualConfirmation], [StoreProblem])
    {
        load(layout, in: StoreFolder(byPath: layout.moleculeDirectory(convoy, molecule)))
    }

    /// The confirmations of the molecule whose folder is `molecule`.
    static func load(_ layout: StoreLayout, in molecule: StoreFolder) -> ([ManualConfirmation], [StoreProblem]) {
        let path = molecule.path + "/manual-checks.toml"
        do throws(StoreError) {
            guard let bytes = try molecule.read("manual-checks.toml") else { return ([], []) }
            return parse(bytes, file: layout.relative(path))
        } catch {
            return (
                [], [StoreProblem(.parse, file: layout.relative(path), message: layout.relativeMessage(error.message))]
            )
        }
    }
}
