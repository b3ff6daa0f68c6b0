import ArgumentParser
import Core
import DisplayText
import Foundation
import Store

/// Options every store command shares: where the store is, and machine-readable output.
struct StoreOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The workspace holding .beads/ (default: GASTOWN_ROOT, else the nearest parent of the working directory with a .beads/).",
            valueName: "DIR"))
    var root: String?

    @Flag(name: .long, help: "Print JSON (schemas: docs/store.md).")
    var json = false

    var environment: [String: String] { ProcessInfo.processInfo.environment }

    func layout() throws(StoreError) -> StoreLayout {
        try StoreDiscovery.locate(
            explicitRoot: root, environment: environment,
            currentDirectory: FileManager.default.currentDirectoryPath)
    }

    func store() throws(StoreError) -> BeadsStore {
        try AgentVerbs.openStore(
            root: root, environment: environment, currentDirectory: FileManager.default.currentDirectoryPath)
    }

    /// What a verb that changes something prints: `json()` with --json, otherwise the one line `text`.
    func report(_ text: @autoclosure () -> String, json: () throws(StoreError) -> JSON) throws(StoreError) {
        if self.json { Output.json(try json()) } else { Output.line(text()) }
    }
}

/// The documented exit codes (docs/store.md).
enum Exit {
    static let ok: Int32 = 0
    static let failure: Int32 = 1
    static let invalidInput: Int32 = 2
    static let refused: Int32 = 3
    static let auditFailure: Int32 = 4
    /// `gastown sync`: the pull stopped on a conflict the merge driver could not merge.
    static let syncConflict: Int32 = 6

    static func code(for kind: StoreError.Kind) -> Int32 {
        switch kind {
        case .invalidInput: invalidInput
        case .refused: refused
        case .auditFailure: auditFailure
        case .notFound, .alreadyExists, .io, .lockTimeout: failure
        }
    }

    /// The `kind` of a `--json` error (docs/store.md, "Errors under --json").
    static func kind(for kind: StoreError.Kind) -> String {
        switch kind {
        case .invalidInput: "invalid-input"
        case .notFound: "not-found"
        case .alreadyExists, .lockTimeout: "conflict"
        case .refused: "refused"
        case .io: "io"
        case .auditFailure: "audit"
        }
    }

    /// `{"code": 3, "kind": "refused", "message": "…"}`: what an agent reads instead of parsing stderr.
    static func errorJSON(code: Int32, kind: String, message: String) -> JSON {
        .object([("code", .integer(Int(code))), ("kind", .string(kind)), ("message", .string(message))])
    }

    static func errorJSON(_ error: StoreError) -> JSON {
        errorJSON(code: code(for: error.kind), kind: kind(for: error.kind), message: error.message)
    }
}

/// Runs a command body, turning a store error into a message on stderr and its exit code; under `--json` also
/// `{"error": {...}}` on stdout, so an agent never gets an empty answer. A verb that prints an object of its own
/// on failure (`gate check`, `audit verify`, `convoy advance-day`) adds the `error` member to it and returns
/// the exit code instead of throwing (`exitCode`).
public func runStoreCommand(json: Bool = false, _ body: () throws(StoreError) -> Void) throws {
    do throws(StoreError) {
        try body()
    } catch {
        // Messages quote names and file content: never let an escape sequence through.
        Output.error(TerminalText.sanitize(error.message))
        if json { Output.json(.object([("error", Exit.errorJSON(error))])) }
        throw ExitCode(Exit.code(for: error.kind))
    }
}

/// `runStoreCommand` for a verb whose body decides the exit code itself (after printing its own object).
func runStoreCommandReturningCode(json: Bool, _ body: () throws(StoreError) -> Int32) throws {
    var code = Exit.ok
    try runStoreCommand(json: json) { () throws(StoreError) in code = try body() }
    if code != Exit.ok { throw ExitCode(code) }
}

/// The only place that writes to stdout/stderr for store commands.
/// The one way human-readable text reaches the terminal: through `TerminalText`, so no control character, escape
/// sequence or invisible format character in a record, a file name or a message is ever sent raw, whatever the
/// command forgot. (Sanitizing twice changes nothing.) JSON has its own escaping and is written as it is.
enum Output {
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((TerminalText.sanitize(text) + "\n").utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data(("gastown: " + TerminalText.sanitize(text) + "\n").utf8))
    }

    static func json(_ value: JSON) {
        var bytes = value.renderedBytes()
        bytes.append(UInt8(ascii: "\n"))
        FileHandle.standardOutput.write(Data(bytes))
    }

    /// Machine-readable text (JSON, escaped where it must be), as it is.
    static func raw(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// Untrusted text made safe for the terminal (control characters and escapes shown escaped).
    static func safe(_ text: String) -> String { TerminalText.sanitizeLine(text) }
}
