import ArgumentParser
import DisplayText
import Foundation
import TOML

/// `gastown toml encode`: toml-test's tagged JSON on stdin, a TOML document on stdout.
struct TOMLEncodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encode",
        abstract: "Read toml-test tagged JSON on stdin and write the TOML document to stdout.",
        discussion: """
            The input is one JSON object in the toml-test format: scalars are written as
            {"type": "integer", "value": "42"} (types: string, integer, float, bool, datetime,
            datetime-local, date-local, time-local), tables as objects, arrays as arrays.
            Invalid JSON or an unknown tag prints an error with line and column to stderr and
            exits with status 1. Output rules: docs/toml-encoding.md.
            """
    )

    func run() throws {
        let data = FileHandle.standardInput.readDataToEndOfFile()
        guard let json = String(validating: data, as: UTF8.self) else {
            FileHandle.standardError.write(Data("<stdin>: the input is not valid UTF-8\n".utf8))
            throw ExitCode.failure
        }
        do {
            let table = try TaggedJSON.decode(json)
            FileHandle.standardOutput.write(Data(TOMLSerializer.serialize(table).utf8))
        } catch {
            var located = error
            located.file = "<stdin>"
            FileHandle.standardError.write(Data((TerminalText.sanitize("\(located)") + "\n").utf8))
            throw ExitCode.failure
        }
    }
}
