import Foundation
import TOML
import TestSupport
import Testing

/// `gastown toml encode` run as a process: tagged JSON in, TOML out that decodes back.
@Suite struct TOMLEncodeCommandTests {
    private struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    private func run(_ arguments: [String], input: String) throws -> Result {
        let process = Process()
        process.executableURL = BuiltProducts.gastown
        process.arguments = arguments
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
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
    }

    @Test func encodedOutputDecodesBackToTheSameValue() throws {
        let json = """
            {
              "title": {"type": "string", "value": "convoy \\"7\\"\\nsecond line"},
              "odd key": {"type": "float", "value": "-0"},
              "when": {"type": "datetime", "value": "1979-05-27T07:32:00.5-07:00"},
              "molecule": [
                {"id": {"type": "integer", "value": "1"}, "tags": [{"type": "bool", "value": "true"}]},
                {"id": {"type": "integer", "value": "2"}, "empty": {}}
              ],
              "mixed": [{"type": "time-local", "value": "07:32:00"}, {"a": {"type": "date-local", "value": "2026-01-01"}}]
            }
            """
        let result = try run(["toml", "encode"], input: json)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let decoded = try TOMLParser.parse(result.stdout)
        #expect(decoded == (try TaggedJSON.decode(json)))
        #expect(result.stdout.hasPrefix("title = \"\"\"\nconvoy \"7\"\nsecond line\"\"\"\n\"odd key\" = -0.0\n"))
    }

    @Test func badJSONIsAnErrorOnStderrWithExitStatus1() throws {
        let result = try run(["toml", "encode"], input: "{\"a\": {\"type\": \"integer\", \"value\": \"x\"}")
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("<stdin>:1:"))
        #expect(result.stderr.contains("expected"))
    }
}
