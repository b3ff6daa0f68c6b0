import ArgumentParser
import DisplayText
import Foundation
import TOML

/// `gastown toml ...`: the TOML library on the command line, so any TOML tool chain
/// (e.g. toml-test) can check it.
struct TOMLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "toml",
        abstract: "Decode and encode TOML documents with gastown's TOML 1.1 library.",
        subcommands: [Decode.self, TOMLEncodeCommand.self]
    )

    struct Decode: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read TOML and print it as toml-test's tagged JSON.",
            discussion: """
                Reads a TOML 1.1 document from standard input (or --file) and writes toml-test's tagged \
                JSON to standard output: tables as objects, arrays as arrays, every other value as \
                {"type": ..., "value": ...}. Exits 0 on success; on invalid TOML prints the error \
                (file, line:column, the line and a caret) to standard error and exits 1.
                """
        )

        @Option(name: .long, help: "Read this file instead of standard input.")
        var file: String?

        func run() throws {
            let name = file ?? "<stdin>"
            let data: Data
            do {
                if let file {
                    data = try Data(contentsOf: URL(fileURLWithPath: file))
                } else {
                    data = FileHandle.standardInput.readDataToEndOfFile()
                }
            } catch {
                FileHandle.standardError.write(
                    Data((TerminalText.sanitizeLine("\(name): cannot read: \(error.localizedDescription)") + "\n").utf8)
                )
                throw ExitCode.failure
            }
            do {
                let table = try data.withUnsafeBytes { raw throws(TOMLError) in
                    try TOMLParser.parse(buffer: raw.bindMemory(to: UInt8.self), file: name)
                }
                FileHandle.standardOutput.write(Data((TaggedJSON.encode(table) + "\n").utf8))
            } catch {
                FileHandle.standardError.write(Data((TerminalText.sanitize("\(error)") + "\n").utf8))
                throw ExitCode.failure
            }
        }
    }
}
