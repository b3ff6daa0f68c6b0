import Foundation
import TOML
import Testing

/// Every case toml-test lists for TOML 1.1.0: valid ones must decode to the expected tagged
/// JSON, invalid ones must be rejected. No skip list.
@Suite struct ConformanceTests {
    @Test func everyValidCaseDecodesToTheExpectedJSON() throws {
        guard let files = TOMLTestSuite.listedFiles() else {
            Issue.record(Comment(rawValue: TOMLTestSuite.missingMessage))
            return
        }
        let cases = files.filter { $0.hasPrefix("valid/") && $0.hasSuffix(".toml") }
        #expect(cases.count > 100, "suspiciously few valid cases listed")
        var failures: [String] = []
        for path in cases {
            let name = String(path.dropLast(".toml".count))
            do {
                let table = try TOMLParser.parse(bytes: Array(try TOMLTestSuite.data(path)), file: path)
                let actualText = TaggedJSON.encode(table)
                let expected = try JSONSerialization.jsonObject(
                    with: try TOMLTestSuite.data(name + ".json"),
                    options: [.fragmentsAllowed])
                guard
                    let actual = try? JSONSerialization.jsonObject(
                        with: Data(actualText.utf8),
                        options: [.fragmentsAllowed])
                else {
                    failures.append("\(name): TaggedJSON produced invalid JSON: \(actualText.prefix(300))")
                    continue
                }
                if let difference = TaggedJSONComparison.difference(expected: expected, actual: actual) {
                    failures.append("\(name): \(difference)")
                }
            } catch let error as TOMLError {
                failures.append("\(name): rejected a valid document:\n\(error)")
            }
        }
        for failure in failures { Issue.record(Comment(rawValue: failure)) }
        print("toml-test valid: \(cases.count - failures.count)/\(cases.count) passed")
    }

    @Test func everyInvalidCaseIsRejected() throws {
        guard let files = TOMLTestSuite.listedFiles() else {
            Issue.record(Comment(rawValue: TOMLTestSuite.missingMessage))
            return
        }
        let cases = files.filter { $0.hasPrefix("invalid/") }
        #expect(cases.count > 100, "suspiciously few invalid cases listed")
        var failures: [String] = []
        for path in cases {
            let bytes = Array(try TOMLTestSuite.data(path))
            do {
                let table = try TOMLParser.parse(bytes: bytes, file: path)
                failures.append(
                    "\(path): accepted an invalid document, decoded as \(TaggedJSON.encode(table).prefix(300))")
            } catch {
                // Every error must point into the document.
                if error.position.line < 1 || error.position.column < 1 {
                    failures.append("\(path): error without a position: \(error)")
                }
            }
        }
        for failure in failures { Issue.record(Comment(rawValue: failure)) }
        print("toml-test invalid: \(cases.count - failures.count)/\(cases.count) rejected")
    }
}
