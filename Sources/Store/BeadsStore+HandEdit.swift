import Core
import DisplayText
import Foundation

/// A molecule file edited by hand (the dashboard's `e`, through `$EDITOR`): a copy is edited, then written back
/// under the molecule's lock only if nobody wrote the file meanwhile (its `revision`) and the edited text is a valid
/// molecule of a usable formula. The edited text is kept as written (comments, layout); only `revision` and
/// `updated` change in it, through the same format-preserving writer as every store rewrite.
extension BeadsStore {
    /// The molecule file as it is now and its revision.
    public func moleculeFileForEditing(_ name: String) throws(StoreError) -> (bytes: [UInt8], revision: Int) {
        let convoy = try convoy(ofMolecule: name)
        let path = layout.moleculeFile(convoy, name)
        guard let bytes = try AtomicFile.read(path) else {
            throw StoreError(.notFound, "\(layout.relative(path)) is missing")
        }
        let revision = MoleculeFile.parse(bytes, name: name, convoy: convoy, file: layout.relative(path)).0?.revision
        return (bytes, revision ?? 0)
    }

    /// Writes `edited` back as the molecule's file. Refused (nothing written) when the file's revision is no
    /// longer `revision`, or when the edited text does not parse as a molecule, names a formula that cannot be used
    /// or steps and gates the formula does not have.
    public func writeHandEdit(molecule name: String, edited: [UInt8], revision: Int, now: Date) throws(StoreError) {
        let convoy = try convoy(ofMolecule: name)
        let path = layout.moleculeFile(convoy, name)
        let relative = layout.relative(path)
        try FileLock.withLock(layout.moleculeLock(convoy, name), timeout: lockTimeout) { () throws(StoreError) in
            let current = try AtomicFile.read(path).flatMap {
                MoleculeFile.parse($0, name: name, convoy: convoy, file: relative).0
            }
            if let current, current.revision != revision {
                throw StoreError(
                    .refused,
                    "\(relative) changed while you edited it (revision \(revision) → \(current.revision)); nothing written"
                )
            }
            let (parsed, problems) = MoleculeFile.parse(edited, name: name, convoy: convoy, file: relative)
            let errors = problems.filter { $0.severity == .error }
            guard var file = parsed, errors.isEmpty else {
                throw StoreError(
                    .invalidInput,
                    "the edited file is not a valid molecule; nothing written:\n"
                        + errors.map(\.description).joined(separator: "\n"))
            }
            let formula: Formula
            switch formulas.formula(named: file.formula) {
            case .failure(let error):
                throw StoreError(
                    .invalidInput,
                    "the edited file names formula \(TerminalText.sanitizeLine(file.formula)), which cannot be used: "
                        + error.problems.map(\.description).joined(separator: "; "))
            case .success(let found): formula = found
            }
            let unknown =
                file.steps.map(\.id).filter { formula.step($0) == nil }.map { "step \($0)" }
                + file.gates.map(\.id).filter { formula.stepOwning(gate: $0) == nil }.map { "gate \($0)" }
            if !unknown.isEmpty {
                throw StoreError(
                    .invalidInput,
                    "the edited file names \(unknown.joined(separator: ", ")), not in formula \(formula.name); nothing written"
                )
            }
            let previous = TOMLFileWriter.Previous(bytes: edited, values: file.tomlTable)
            file.revision = max(file.revision, revision) + 1
            file.updated = now
            try TOMLFileWriter.write(file.tomlTable, header: MoleculeFile.header, to: path, replacing: previous)
        }
    }
}
