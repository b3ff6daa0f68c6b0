import Core
import DisplayText
import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The one JUnit XML reader, for `molecule record-tests --junit` and `gate check --junit` alike: the same
/// file checks (a regular file of at most `maximumFileBytes`), the same counts — every `<testcase>`, in any
/// nesting of `<testsuites>`/`<testsuite>`; one with `<failure>` or `<error>` failed, else one with
/// `<skipped>` skipped, else passed — and the names and messages of the failing and skipped cases, so the
/// evidence says which tests broke the gate.
public enum JUnitReport {
    /// Reports larger than this are refused (a JUnit file is text; this bounds memory).
    public static let maximumFileBytes = 64 << 20
    /// At most this many failing / skipped cases are listed per check; the rest are counted.
    public static let maximumListedCases = 100

    /// What became of one test case.
    public enum Outcome: Sendable, Hashable {
        case passed, failed, skipped
    }

    public struct Parsed: Sendable, Hashable {
        public var counts: TestCounts
        /// Failing (failure or error) and skipped cases, in file order, names and messages sanitized; at most
        /// `maximumListedCases` of each (`counts` counts them all).
        public var failures: [GateEvidence.TestCase]
        public var skipped: [GateEvidence.TestCase]
    }

    /// Reads the report at `path`; `displayName` (the path as the user gave it) names it in messages
    /// and in the listed cases.
    public static func read(path: String, displayName: String) throws(StoreError) -> Parsed {
        let name = TerminalText.sanitizeLine(displayName)
        let bytes = try AtomicFile.readRegularFile(
            path, maximumBytes: maximumFileBytes, describedAs: "JUnit report \(name)")
        return try parse(Data(bytes), file: displayName)
    }

    /// Parses a report's bytes; errors name `file:line:column`.
    public static func parse(_ data: Data, file: String) throws(StoreError) -> Parsed {
        let name = TerminalText.sanitizeLine(file)
        let reader = CaseReader(file: file)
        let parser = XMLParser(data: data)
        parser.delegate = reader
        parser.shouldResolveExternalEntities = false
        guard parser.parse() else {
            let reason = parser.parserError.map { "\($0.localizedDescription)" } ?? "malformed XML"
            throw StoreError(
                .invalidInput,
                "\(name):\(parser.lineNumber):\(parser.columnNumber): not a JUnit XML report: \(reason)")
        }
        // libxml2 on Linux accepts a truncated document; an unclosed element is still an error.
        guard reader.depth == 0 else {
            throw StoreError(
                .invalidInput,
                "\(name):\(parser.lineNumber):\(parser.columnNumber): not a JUnit XML report: the document ends inside an element"
            )
        }
        guard reader.sawTestCase || reader.sawSuite else {
            throw StoreError(.invalidInput, "\(name): not a JUnit XML report: no <testsuite> or <testcase> element")
        }
        return Parsed(
            counts: TestCounts(passed: reader.passed, failed: reader.failed, skipped: reader.skippedCount),
            failures: reader.failures, skipped: reader.skipped)
    }
}

/// One pass over the document: each `<testcase>`'s outcome, and the name and message of those that did
/// not pass (single line, bounded).
private final class CaseReader: NSObject, XMLParserDelegate {
    let file: String
    var passed = 0
    var failed = 0
    var skippedCount = 0
    var failures: [GateEvidence.TestCase] = []
    var skipped: [GateEvidence.TestCase] = []
    var sawTestCase = false
    var sawSuite = false
    var depth = 0
    /// The open `<testcase>`: its name, outcome so far and message.
    private var current: (name: String, outcome: JUnitReport.Outcome, message: String)?
    private var collectingText = false

    init(file: String) { self.file = file }

    func parser(
        _ parser: XMLParser, didStartElement element: String, namespaceURI: String?,
        qualifiedName: String?, attributes: [String: String] = [:]
    ) {
        depth += 1
        switch element {
        case "testsuite", "testsuites":
            sawSuite = true
        case "testcase":
            sawTestCase = true
            let classname = attributes["classname"].map { $0.isEmpty ? "" : $0 + "." } ?? ""
            current = (classname + (attributes["name"] ?? "?"), .passed, "")
        case "failure" where current != nil, "error" where current != nil:
            current!.outcome = .failed
            current!.message = attributes["message"] ?? ""
            collectingText = current!.message.isEmpty
        case "skipped" where current?.outcome == .passed:
            current!.outcome = .skipped
            current!.message = attributes["message"] ?? ""
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if collectingText, let message = current?.message, message.utf8.count < 1600 { current!.message += string }
    }

    func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
        depth -= 1
        if element == "failure" || element == "error" { collectingText = false }
        guard element == "testcase", let (name, outcome, message) = current else { return }
        current = nil
        switch outcome {
        case .passed:
            passed += 1
        case .failed:
            failed += 1
            if failures.count < JUnitReport.maximumListedCases { failures.append(listed(name, message)) }
        case .skipped:
            skippedCount += 1
            if skipped.count < JUnitReport.maximumListedCases { skipped.append(listed(name, message)) }
        }
    }

    private func listed(_ name: String, _ message: String) -> GateEvidence.TestCase {
        GateEvidence.TestCase(
            name: String(TerminalText.sanitizeLine(name).prefix(300)), file: file,
            message: String(TerminalText.sanitizeLine(message).trimmingCharacters(in: .whitespaces).prefix(300)))
    }
}
