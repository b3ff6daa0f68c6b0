import Foundation
import TestSupport
import Testing

/// `gastown toml decode`: TOML on stdin, tagged JSON on stdout; errors on stderr with exit 1.
@Suite struct TOMLDecodeCommandTests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    func decode(_ input: String, arguments: [String] = []) throws -> Run {
        let process = Process()
        process.executableURL = BuiltProducts.gastown
        process.arguments = ["toml", "decode"] + arguments
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
            stderr: String(decoding: err, as: UTF8.self))
    }

    @Test func validTOMLBecomesTaggedJSON() throws {
        let run = try decode("a = 1\n[t]\nb = [true]\n")
        #expect(run.status == 0)
        #expect(
            run.stdout == #"{"a":{"type":"integer","value":"1"},"t":{"b":[{"type":"bool","value":"true"}]}}"# + "\n")
        #expect(run.stderr.isEmpty)
    }

    @Test func invalidTOMLExitsOneWithTheErrorOnStderr() throws {
        let run = try decode("a = 1\nname \"x\"\n")
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(
            run.stderr == "<stdin>:2:6: expected \"=\" after key \"name\", found \"\\\"\"\n  name \"x\"\n       ^\n")
    }

    @Test func readsAFileWhenGiven() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gastown-decode-\(UUID()).toml")
        try Data("x = 'y'\ny = ".utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let run = try decode("", arguments: ["--file", url.path])
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("\(url.path):2:5: expected a value"))
    }
}
