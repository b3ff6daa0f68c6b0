import Core
import DisplayText
import Foundation
import TOML

/// Where a molecule's compliance findings live: `M/findings/ID.toml`, one file per finding, so concurrent
/// writers (and git clones) never touch the same file when adding (format: docs/store.md).
public enum FindingStore {
    public static func directory(_ layout: StoreLayout, convoy: String, molecule: String) -> String {
        layout.moleculeDirectory(convoy, molecule) + "/findings"
    }

    /// `f-` and 8 lowercase hex digits.
    public static func isValidID(_ id: String) -> Bool {
        id.count == 10 && id.hasPrefix("f-") && id.dropFirst(2).allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }

    static func newID() -> String {
        let hex = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        return "f-" + String(repeating: "0", count: 8 - hex.count) + hex
    }

    /// Every finding of a molecule, oldest first; each unreadable or invalid file is a problem
    /// (`file:line:column: error: …`) and is left out. Files not named `f-XXXXXXXX.toml` are ignored.
    /// With an `authority`, the resolution of a critical or high finding counts only when a reviewer signed it
    /// (`ConvoyAuthority`); otherwise the finding stays open and the resolution is a problem.
    public static func load(
        _ layout: StoreLayout, convoy: String, molecule: String, authority: ConvoyAuthority?, now: Date = Date()
    ) -> (findings: [FindingRecord], problems: [StoreProblem]) {
        load(
            layout, convoy: convoy, molecule: molecule,
            in: StoreFolder(byPath: layout.moleculeDirectory(convoy, molecule)),
            authority: authority, now: now)
    }

    /// `load`, reading inside the molecule's folder `moleculeFolder` (opened once by a load).
    static func load(
        _ layout: StoreLayout, convoy: String, molecule: String, in moleculeFolder: StoreFolder,
        authority: ConvoyAuthority?, now: Date
    ) -> (findings: [FindingRecord], problems: [StoreProblem]) {
        let dir = moleculeFolder.path + "/findings"
        var findings: [FindingRecord] = []
        var problems: [StoreProblem] = []
        let (folder, names): (Int32, [String])
        do throws(StoreError) {
            (folder, names) = try moleculeFolder.openAndList("findings")
        } catch {
            // An unreadable folder might hide a blocking finding: a problem, so the report and approvals refuse.
            return (
                [], [StoreProblem(.parse, file: layout.relative(dir), message: layout.relativeMessage(error.message))]
            )
        }
        defer { if folder >= 0 { close(folder) } }
        for name in names where name.hasSuffix(".toml") {
            let id = String(name.dropLast(5))
            guard isValidID(id) else { continue }
            let path = dir + "/" + name
            let relative = layout.relative(path)
            do throws(StoreError) {
                guard let bytes = try AtomicFile.read(name, in: folder, path: path) else { continue }
                let parsed = FindingRecord.parse(bytes, id: id, molecule: molecule, file: relative)
                problems += parsed.problems
                if var record = parsed.record {
                    if let authority, record.finding.isBlocking, let claim = record.resolutionClaim(convoy: convoy),
                        let problem = authority.problem(with: claim, now: now)
                    {
                        problems.append(
                            StoreProblem(
                                .signature, file: relative,
                                message:
                                    "the resolution of \(record.finding.severity.rawValue) finding \(id) by \(TerminalText.sanitizeLine(claim.reviewer)) does not count (the finding stays open): \(problem)"
                            ))
                        record.finding.resolution = nil
                    }
                    findings.append(record)
                }
            } catch {
                problems.append(StoreProblem(.parse, file: relative, message: layout.relativeMessage(error.message)))
            }
        }
        return (findings.sorted(by: FindingRecord.chronological), problems)
    }
}

/// The findings of one molecule, with the problems of the files that could not be read.
public struct MoleculeFindings: Sendable {
    public var molecule: String
    public var convoy: String
    public var findings: [FindingRecord]
    public var problems: [StoreProblem]
}

extension BeadsStore {
    /// The findings of molecule `name`, oldest first.
    public func findings(of name: String) throws(StoreError) -> MoleculeFindings {
        let convoy = try convoy(ofMolecule: name)
        let (findings, problems) = FindingStore.load(
            layout, convoy: convoy, molecule: name, authority: signingContext().authority(for: convoy), now: clock())
        return MoleculeFindings(molecule: name, convoy: convoy, findings: findings, problems: problems)
    }

    /// The findings of every molecule that has a `findings/` folder, by convoy then molecule name.
    public func allFindings() throws(StoreError) -> [MoleculeFindings] {
        var out: [MoleculeFindings] = []
        let signing = signingContext()
        for convoy in try convoyNames() {
            for molecule in try moleculeNames(in: convoy)
            where StoreDiscovery.isDirectory(FindingStore.directory(layout, convoy: convoy, molecule: molecule)) {
                let (findings, problems) = FindingStore.load(
                    layout, convoy: convoy, molecule: molecule, authority: signing.authority(for: convoy), now: clock())
                out.append(MoleculeFindings(molecule: molecule, convoy: convoy, findings: findings, problems: problems))
            }
        }
        return out
    }

    /// Records a new finding on a molecule. The text is checked and cleaned (`FindingInput`), the category must be
    /// one of the formula's validation categories. The file is created under the molecule's lock with link(2), so
    /// it never replaces another finding: concurrent writers each add their own file.
    public func addFinding(molecule name: String, _ new: NewFinding, by who: String, now: Date) throws(StoreError)
        -> FindingRecord
    {
        try NameValidation.validate(who, field: "--by")
        let title = try FindingInput.title(new.title)
        let detail = try new.detail.flatMap { (text) throws(StoreError) in try FindingInput.detail(text) }
        let location = try new.location.map { (text) throws(StoreError) in try FindingInput.location(text) }
        let convoy = try convoy(ofMolecule: name)
        let state = try loadMolecule(name)
        guard let formula = state.formula else {
            let problems = state.problems.filter { $0.severity == .error }.map(\.description).joined(separator: "\n")
            throw StoreError(.io, "molecule \(name) cannot take a finding until its file is fixed:\n\(problems)")
        }
        let category = try FindingInput.category(new.category, formula: formula)
        let dir = FindingStore.directory(layout, convoy: convoy, molecule: name)
        return try FileLock.withLock(layout.moleculeLock(convoy, name), timeout: lockTimeout) { () throws(StoreError) in
            try StoreInitializer.makeDirectories(dir)
            for _ in 0..<16 {
                let id = FindingStore.newID()
                let path = dir + "/\(id).toml"
                let finding = ComplianceFinding(
                    id: id, category: category, severity: new.severity, title: title,
                    detail: detail, location: location)
                let record = FindingRecord(
                    id: id, molecule: name, finding: finding, recordedBy: who, recorded: now,
                    path: layout.relative(path))
                if try AtomicFile.create(Array(FindingRecord.text(record.table).utf8), at: path) { return record }
            }
            throw StoreError(.io, "could not choose an unused finding id in \(layout.relative(dir))")
        }
    }

    /// Resolves an open finding with a note. Critical and high findings block sign-off, so only a person who is a
    /// reviewer of the convoy may resolve them (an agent is refused, exit 3); anyone may resolve medium and low ones.
    /// The file is rewritten atomically under the molecule's lock, keeping keys gastown does not know.
    public func resolveFinding(
        molecule name: String, id: String, by who: String, note: String, isAgent: Bool,
        signer: SignerProvider? = nil, now: Date
    ) throws(StoreError) -> FindingRecord {
        try NameValidation.validate(who, field: "--by")
        guard FindingStore.isValidID(id) else {
            throw StoreError(
                .invalidInput,
                "invalid finding id \"\(TerminalText.sanitizeLine(id))\": expected f- and 8 lowercase hex digits, as `gastown finding list` shows"
            )
        }
        let cleanNote = try FindingInput.note(note)
        let convoyName = try convoy(ofMolecule: name)
        let path = FindingStore.directory(layout, convoy: convoyName, molecule: name) + "/\(id).toml"
        let relative = layout.relative(path)
        return try FileLock.withLock(layout.moleculeLock(convoyName, name), timeout: lockTimeout) {
            () throws(StoreError) in
            guard let bytes = try AtomicFile.read(path) else {
                throw StoreError(
                    .notFound, "molecule \(name) has no finding \(id) (see `gastown finding list \(name)`)")
            }
            let parsed = FindingRecord.parse(bytes, id: id, molecule: name, file: relative)
            guard var record = parsed.record, var table = parsed.table else {
                throw StoreError(
                    .io,
                    "cannot resolve \(relative) until it is fixed:\n"
                        + parsed.problems.map(\.description).joined(separator: "\n"))
            }
            if let r = record.finding.resolution {
                throw StoreError(
                    .refused,
                    "refused: finding \(id) was already resolved by \(TerminalText.sanitizeLine(r.by)) at \(Timestamp.text(r.at))"
                )
            }
            if record.finding.isBlocking {
                if isAgent {
                    throw StoreError(
                        .refused,
                        "refused: this process identifies itself as an agent (GASTOWN_AGENT is set); a \(record.finding.severity.rawValue) finding blocks sign-off and only a reviewer may resolve it"
                    )
                }
            }
            let previous = TOMLFileWriter.Previous(bytes: bytes, values: table)
            let resolution = ComplianceFinding.Resolution(by: who, at: now, note: cleanNote)
            var resolutionTable = FindingRecord.resolutionTable(resolution)
            if record.finding.isBlocking {
                let act: SignedActor?
                do throws(StoreError) {
                    act = try signedAct(convoy: try requireConvoy(convoyName), reviewer: who, signer: signer)
                } catch  where error.kind == .refused {
                    throw StoreError(
                        .refused,
                        "\(error.message); a \(record.finding.severity.rawValue) finding blocks sign-off and only a reviewer may resolve it"
                    )
                }
                if let act {
                    var signed = SignedAct(signer: act.signer.publicKey.fingerprint, reviewersHead: act.head)
                    let canonical = record.resolutionCanonicalText(
                        convoy: convoyName, by: who, atText: Timestamp.text(now), note: cleanNote, act: signed)
                    signed.signature = try act.sign(canonical)
                    signed.write(into: &resolutionTable)
                    record.resolutionAct = signed
                }
            }
            table["resolution"] = .table(resolutionTable)
            // `[resolution]` is added to the file as it is: comments and unknown keys stay.
            try TOMLFileWriter.write(table, header: FindingRecord.header, to: path, replacing: previous)
            record.finding.resolution = resolution
            return record
        }
    }
}
