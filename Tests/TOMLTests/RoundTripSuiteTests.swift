import Foundation
import Testing
@testable import TOML

/// Every valid toml-test case must survive `parse(serialize(v)) == v`, both for the value
/// our decoder produces and for the value the case's expected JSON describes.
@Suite struct RoundTripSuiteTests {
    @Test func everyValidCaseRoundTripsThroughTheSerializer() throws {
        guard let suite = TOMLTestSuiteFiles.locate() else { return }
        let cases = try suite.validCases()
        #expect(cases.count > 200, "expected the whole valid suite, found \(cases.count) cases")
        var passed = 0
        for name in cases {
            let source = try suite.read("\(name).toml")
            let parsed: TOMLTable
            do {
                parsed = try TOMLParser.parse(bytes: Array(source), file: name)
            } catch {
                Issue.record("\(name): the decoder rejects a valid case: \(error)")
                continue
            }
            if roundTrips(parsed, name: name) { passed += 1 }
        }
        #expect(passed == cases.count, "\(passed) of \(cases.count) valid cases round-trip")
    }

    @Test func everyExpectedJSONValueRoundTripsThroughTheSerializer() throws {
        guard let suite = TOMLTestSuiteFiles.locate() else { return }
        let cases = try suite.validCases()
        var passed = 0
        for name in cases {
            let json = String(decoding: try suite.read("\(name).json"), as: UTF8.self)
            let expected: TOMLTable
            do {
                expected = try TaggedJSON.decode(json)
            } catch {
                Issue.record("\(name).json: \(error)")
                continue
            }
            if roundTrips(expected, name: name) { passed += 1 }
        }
        #expect(passed == cases.count, "\(passed) of \(cases.count) expected values round-trip")
    }

    private func roundTrips(_ value: TOMLTable, name: String) -> Bool {
        let text = TOMLSerializer.serialize(value)
        do {
            let again = try TOMLParser.parse(text, file: "\(name) (serialized)")
            guard again == value else {
                Issue.record("\(name): the serialized document parses to a different value:\n\(text)")
                return false
            }
            guard TOMLSerializer.serialize(again) == text else {
                Issue.record("\(name): serializing the re-parsed value gives different text:\n\(text)")
                return false
            }
            return true
        } catch {
            Issue.record("\(name): the serialized document does not parse: \(error)\n\(text)")
            return false
        }
    }
}

/// Finds toml-test: `TOML_TEST_DIR`, else `../shared/toml-test/tests` beside the repository.
/// A missing suite is a recorded failure that says how to get it, never a skip.
struct TOMLTestSuiteFiles {
    let directory: URL

    static func locate(sourceFile: String = #filePath) -> TOMLTestSuiteFiles? {
        let fromEnvironment = ProcessInfo.processInfo.environment["TOML_TEST_DIR"]
        let repository = URL(fileURLWithPath: sourceFile).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let directory = fromEnvironment.map { URL(fileURLWithPath: $0) }
            ?? repository.deletingLastPathComponent().appendingPathComponent("shared/toml-test/tests")
        let list = directory.appendingPathComponent("files-toml-1.1.0")
        guard FileManager.default.fileExists(atPath: list.path) else {
            Issue.record("""
                toml-test not found: \(list.path) is missing. Get it with \
                `git clone https://github.com/toml-lang/toml-test` and point TOML_TEST_DIR at its tests/ \
                folder (or place it at ../shared/toml-test beside this repository).
                """)
            return nil
        }
        return TOMLTestSuiteFiles(directory: directory)
    }

    /// Case names like `valid/array/array` for every valid case listed for TOML 1.1.0.
    func validCases() throws -> [String] {
        let list = try String(contentsOf: directory.appendingPathComponent("files-toml-1.1.0"), encoding: .utf8)
        return list.split(whereSeparator: \.isNewline)
            .filter { $0.hasPrefix("valid/") && $0.hasSuffix(".toml") }
            .map { String($0.dropLast(".toml".count)) }
    }

    func read(_ relativePath: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(relativePath))
    }
}
