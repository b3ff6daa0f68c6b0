import Core
import DisplayText
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A rendered report in `M/reports/`: `TEMPLATE-rSEQ-HASH.md`.
public struct ReportFile: Sendable, Hashable {
    /// The file name.
    public var name: String
    /// Workspace-relative path.
    public var path: String
    /// Absolute path (to read it).
    public var absolutePath: String
    public var template: String
    /// The molecule's revision plus its number of checkpoint decisions when rendered: rises with
    /// every change made through gastown.
    public var sequence: Int
    /// The first 12 hex digits of the SHA-256 of the content.
    public var hash: String
    public var modified: Date
}

/// Renders report templates for molecules and lists what was rendered (format: docs/reports.md).
public enum ReportStore {
    public static let defaultTemplate = "compliance-triage-report-v2"

    /// `TEMPLATE-rSEQ-HASH.md` → (template, seq, hash).
    static func parseName(_ name: String) -> (template: String, sequence: Int, hash: String)? {
        guard name.hasSuffix(".md") else { return nil }
        let stem = name.dropLast(3)
        let parts = stem.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 3, let hash = parts.last, hash.count == 12, hash.allSatisfy(\.isHexDigit),
            let seqPart = parts.dropLast().last, seqPart.first == "r", let sequence = Int(seqPart.dropFirst())
        else { return nil }
        return (parts.dropLast(2).joined(separator: "-"), sequence, String(hash))
    }

    /// Reports of a molecule, oldest first (by sequence, then modification time, then name).
    public static func list(_ layout: StoreLayout, convoy: String, molecule: String) throws(StoreError) -> [ReportFile]
    {
        try list(layout, in: StoreFolder(byPath: layout.moleculeDirectory(convoy, molecule)))
    }

    /// The reports of the molecule whose folder is `molecule`.
    static func list(_ layout: StoreLayout, in molecule: StoreFolder) throws(StoreError) -> [ReportFile] {
        let dir = molecule.path + "/reports"
        var files: [ReportFile] = []
        let (folder, names) = try molecule.openAndList("reports")
        defer { if folder >= 0 { close(folder) } }
        for name in names {
            guard let parsed = parseName(name) else { continue }
            let path = dir + "/" + name
            var info = stat()
            guard fstatat(folder, name, &info, 0) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            let modified = Date(timeIntervalSince1970: Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9)
            files.append(
                ReportFile(
                    name: name, path: layout.relative(path), absolutePath: path, template: parsed.template,
                    sequence: parsed.sequence, hash: parsed.hash, modified: modified))
        }
        return files.sorted { ($0.sequence, $0.modified, $0.name) < ($1.sequence, $1.modified, $1.name) }
    }

    /// The text of a report (nil if it vanished).
    public static func read(_ report: ReportFile) throws(StoreError) -> String? {
        try AtomicFile.read(report.absolutePath).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Finds a template by name: `WORKSPACE/templates/NAME.md`, `.beads/templates/NAME.md`, then the
    /// copy shipped inside gastown. Returns (text, where it came from).
    public static func findTemplate(_ name: String, layout: StoreLayout) throws(StoreError) -> (
        text: String, source: String
    ) {
        try NameValidation.validate(name, field: "template name")
        let candidates = ["\(layout.workspace)/templates/\(name).md", "\(layout.templates)/\(name).md"]
        for path in candidates {
            if let bytes = try AtomicFile.read(path) {
                return (try decodeTemplate(bytes, name: layout.relative(path)), layout.relative(path))
            }
        }
        if let shipped = ShippedFiles.template(named: name) { return (shipped.text, "built-in \(shipped.name)") }
        throw StoreError(
            .notFound,
            "no template \(name): looked for \(candidates.map(layout.relative).joined(separator: ", ")) and the built-in templates (\(ShippedFiles.templates.map(\.stem).joined(separator: ", ")))"
        )
    }

    static func decodeTemplate(_ bytes: [UInt8], name: String) throws(StoreError) -> String {
        guard bytes.count <= 4 << 20 else { throw StoreError(.invalidInput, "template \(name) is larger than 4 MiB") }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw StoreError(.invalidInput, "template \(name) is not UTF-8 text")
        }
        return text
    }
}

/// The result of `BeadsStore.renderReport`.
public struct RenderedReport: Sendable {
    public var file: ReportFile
    public var text: String
    public var templateSource: String
    /// False when the same state had been rendered already (the file was identical).
    public var created: Bool
}

extension BeadsStore {
    /// Renders a template for a molecule into `M/reports/TEMPLATE-rSEQ-HASH.md` (atomic write, under the
    /// molecule's lock). The report's date is the time of the state (the latest activity, decision, gate
    /// check or confirmation), never the wall clock, so the same state gives the same bytes and name.
    /// `templatePath`: a template file given by path (absolute) instead of by name.
    public func renderReport(
        molecule name: String, template: String?, templatePath: (path: String, display: String)? = nil
    ) throws(StoreError) -> RenderedReport {
        let state = try loadMolecule(name)
        guard let formula = state.formula, let progress = state.progress, let file = state.file else {
            let problems = state.problems.filter { $0.severity == .error }.map(\.description).joined(separator: "\n")
            throw StoreError(.io, "molecule \(name) cannot be reported until its file is fixed:\n\(problems)")
        }
        let templateName: String
        let text: String
        let source: String
        if let templatePath {
            let base = FilePath.lastComponent(of: templatePath.path)
            templateName = base.hasSuffix(".md") ? String(base.dropLast(3)) : base
            try NameValidation.validate(templateName, field: "template file name")
            guard let bytes = try AtomicFile.read(templatePath.path) else {
                throw StoreError(.notFound, "cannot read template \(TerminalText.sanitizeLine(templatePath.display))")
            }
            text = try ReportStore.decodeTemplate(bytes, name: templatePath.display)
            source = templatePath.display
        } else {
            templateName = template ?? formula.template ?? ReportStore.defaultTemplate
            (text, source) = try ReportStore.findTemplate(templateName, layout: layout)
        }
        // Findings: a file that cannot be read might hide a blocking finding, so the report waits for the fix.
        let (findings, findingProblems) = FindingStore.load(
            layout, convoy: state.convoy, molecule: name, authority: signingContext().authority(for: state.convoy),
            now: clock())
        if !findingProblems.isEmpty {
            throw StoreError(
                .io,
                "molecule \(name) cannot be reported until its finding files are fixed:\n"
                    + findingProblems.map(\.description).joined(separator: "\n"))
        }
        let input = ReportInput(
            moleculeName: name, convoy: state.convoy,
            variables: Dictionary(file.variables.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a }),
            inputs: file.inputs, formula: formula, progress: progress, findings: findings.map(\.finding),
            manualChecks: state.gateRecords.confirmedChecks, generatedAt: stateTime(state, findings: findings))
        var rendered: String
        do throws(ReportRenderer.TemplateError) {
            rendered = try ReportRenderer.render(template: text, named: source, input: input)
        } catch {
            throw StoreError(.invalidInput, error.description)
        }
        // What it was rendered from, so every screen can tell whether it is still current.
        if let digest = ReportInputs.digest(of: state) { rendered += ReportInputs.trailer(digest) }
        let hash = String(Hashing.sha256Hex(Array(rendered.utf8)).prefix(12))
        // Adding or resolving a finding is a change made through gastown too: each one raises the sequence.
        let sequence = file.revision + state.trail.entries.count + findings.count + findings.filter { !$0.isOpen }.count
        let fileName = "\(templateName)-r\(sequence)-\(hash).md"
        let directory = layout.reportsDirectory(state.convoy, name)
        let path = directory + "/" + fileName
        var created = false
        try FileLock.withLock(layout.moleculeLock(state.convoy, name), timeout: lockTimeout) { () throws(StoreError) in
            try StoreInitializer.makeDirectories(directory)
            if try AtomicFile.read(path).map({ $0 == Array(rendered.utf8) }) != true {
                try AtomicFile.write(rendered, to: path)
                created = true
            }
        }
        let report =
            (try? ReportStore.list(layout, convoy: state.convoy, molecule: name))?.first { $0.name == fileName }
            ?? ReportFile(
                name: fileName, path: layout.relative(path), absolutePath: path, template: templateName,
                sequence: sequence, hash: hash, modified: Date())
        return RenderedReport(file: report, text: rendered, templateSource: source, created: created)
    }

    /// The time of a molecule's state: its latest activity, decision, gate check, confirmation, or finding
    /// recorded or resolved.
    func stateTime(_ state: MoleculeState, findings: [FindingRecord] = []) -> Date {
        var dates = [state.lastActivity ?? Date(timeIntervalSince1970: 0)]
        dates += state.progress?.gateResults.values.map(\.checkedAt) ?? []
        dates += state.gateRecords.manualChecks.map(\.at)
        dates += findings.map(\.recorded) + findings.compactMap(\.finding.resolution?.at)
        return dates.max()!
    }
}
