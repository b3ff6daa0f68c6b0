import Dashboard
import DisplayText
import Foundation
import Screen

/// `$PAGER` and `$EDITOR`: each runs through `/bin/sh -c` (so `less -R` or `code --wait` work) on a file of ours,
/// with the terminal lent to it (curses off, then back on and everything drawn again).
struct ExternalPrograms {
    let environment: [String: String]

    var pager: String { nonEmpty("PAGER") ?? "less -R" }
    var editor: String { nonEmpty("VISUAL") ?? nonEmpty("EDITOR") ?? "vi" }

    private func nonEmpty(_ name: String) -> String? {
        environment[name].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
    }

    /// Shows a document in the pager, every line sanitized first (no escape sequence of an agent's text reaches the
    /// terminal); a problem to show, or nil.
    func page(title: String, lines: [String]) -> String? {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "gastown-page-" + UUID().uuidString)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent(Self.fileName(title) + ".txt")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let text = lines.map(TerminalText.sanitizeLine).joined(separator: "\n") + "\n"
            try Data(text.utf8).write(to: file)
        } catch {
            return "Could not write the document for the pager: \(error.localizedDescription)"
        }
        let status = Self.run(pager, on: file.path)
        return status == 0 ? nil : "The pager (\(pager)) exited with status \(status)"
    }

    /// Edits a copy of the molecule's file; on return writes it back through the source (which checks the revision
    /// and validates), or keeps the copy and says why.
    func edit(convoy: String, molecule: String, source: any WorkspaceSource, port: any TerminalPort, now: Date)
        -> EditOutcome
    {
        let copy: (bytes: [UInt8], revision: Int)
        do {
            copy = try source.moleculeFileForEditing(convoy: convoy, molecule: molecule)
        } catch {
            return .kept("✗ cannot edit \(molecule): \(error.message)")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "gastown-edit-" + UUID().uuidString)
        let file = directory.appendingPathComponent("molecule.toml")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(copy.bytes).write(to: file)
        } catch {
            return .kept("✗ cannot write a copy of \(molecule) to edit: \(error.localizedDescription)")
        }
        let status = port.suspended { Self.run(editor, on: file.path) }
        guard status == 0, let edited = try? Data(contentsOf: file) else {
            return .kept("✗ the editor (\(editor)) exited with status \(status); your copy is kept in \(file.path)")
        }
        if Array(edited) == copy.bytes {
            try? FileManager.default.removeItem(at: directory)
            return .unchanged("\(molecule) unchanged")
        }
        do {
            try source.writeHandEdit(
                convoy: convoy, molecule: molecule, edited: Array(edited), revision: copy.revision, now: now)
        } catch {
            return .kept("✗ \(error.message) — your copy is kept in \(file.path)")
        }
        try? FileManager.default.removeItem(at: directory)
        return .written("\(molecule) written back (revision \(copy.revision + 1))")
    }

    /// A title as a file name: letters, digits, `-`, `.` and `_`, the rest `_`.
    static func fileName(_ title: String) -> String {
        let safe = String(
            title.unicodeScalars.prefix(60).map { scalar -> Character in
                CharacterSet.alphanumerics.contains(scalar) && scalar.isASCII || "-._".unicodeScalars.contains(scalar)
                    ? Character(scalar) : "_"
            })
        return safe.isEmpty ? "document" : safe
    }

    /// Runs `command FILE` through the shell on the terminal; its exit status (127 when it could not start).
    static func run(_ command: String, on file: String) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command + " \"$1\"", "sh", file]
        do {
            try process.run()
        } catch {
            return 127
        }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
