import Foundation
import Testing

@testable import TOML

/// Every valid toml-test case must survive `parse(serialize(v)) == v`, both for the value
/// our decoder produces and for the value the case's expected JSON describes.
@Suite struct RoundTripSuiteTests {
    @Test func everyValidCaseRoundTripsThroughTheSerializer() throws {
        let cases = try validCases()
        #expect(cases.count > 200, "expected the whole valid suite, found \(cases.count) cases")
        var passed = 0
        for name in cases {
            let source = try TOMLTestSuite.data("\(name).toml")
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
        let cases = try validCases()
        var passed = 0
        for name in cases {
            let json = String(decoding: try TOMLTestSuite.data("\(name).json"), as: UTF8.self)
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

    /// Case names like `valid/array/array`; a missing suite is a recorded failure, never a skip.
    private func validCases() throws -> [String] {
        guard let files = TOMLTestSuite.listedFiles() else {
            Issue.record(Comment(rawValue: TOMLTestSuite.missingMessage))
            return []
        }
        return files.filter { $0.hasPrefix("valid/") && $0.hasSuffix(".toml") }.map {
            String($0.dropLast(".toml".count))
        }
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
