import Core
import DisplayText
import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Reads JUnit XML reports for a gate check: the counts (as `JUnitReport` counts them: every
/// `<testcase>`; `<failure>`/`<error>` = failed, `<skipped>` = skipped) plus the names and messages
/// of failing and skipped cases, so the evidence says which tests broke the gate.
public enum JUnitEvidence {
    /// Reports larger than this are refused (a JUnit file is text; this bounds memory).
    public static let maximumFileBytes = 64 << 20
    /// At most this many failing / skipped cases are listed per check; the rest are counted.
    public static let maximumListedCases = 100

    public struct Parsed: Sendable {
        public var counts: TestCounts
        public var failures: [GateEvidence.TestCase]
        public var skipped: [GateEvidence.TestCase]
    }

    /// `path` as given (for messages) and its absolute form (to read).
    public static func read(path: String, displayName: String) throws(StoreError) -> Parsed {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw StoreError(
                .notFound,
                "cannot read JUnit report \(TerminalText.sanitizeLine(displayName)): \(String(cString: strerror(errno)))"
            )
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw StoreError(
                .invalidInput, "JUnit report \(TerminalText.sanitizeLine(displayName)) is not a regular file")
        }
        guard Int(info.st_size) <= maximumFileBytes else {
            throw StoreError(
                .invalidInput,
                "JUnit report \(TerminalText.sanitizeLine(displayName)) is \(info.st_size) bytes, more than the \(maximumFileBytes >> 20) MiB limit"
            )
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StoreError(.notFound, "cannot read JUnit report \(TerminalText.sanitizeLine(displayName))")
        }
        let name = TerminalText.sanitizeLine(displayName)
        let counts = try JUnitReport.counts(data, file: name)
        let delegate = CaseCollector(file: displayName)
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        parser.shouldResolveExternalEntities = false
        _ = parser.parse()
        return Parsed(counts: counts, failures: delegate.failures, skipped: delegate.skipped)
    }
}

/// Collects failing and skipped test cases with their messages (single line, bounded).
private final class CaseCollector: NSObject, XMLParserDelegate {
    let file: String
    var failures: [GateEvidence.TestCase] = []
    var skipped: [GateEvidence.TestCase] = []
    private var name = ""
    private var outcome = 0  // 0 pass, 1 fail, 2 skip
    private var message = ""
    private var inCase = false
    private var collectingText = false

    init(file: String) { self.file = file }

    func parser(
        _ parser: XMLParser, didStartElement element: String, namespaceURI: String?,
        qualifiedName: String?, attributes: [String: String] = [:]
    ) {
        switch element {
        case "testcase":
            inCase = true
            outcome = 0
            message = ""
            let classname = attributes["classname"].map { $0.isEmpty ? "" : $0 + "." } ?? ""
            name = classname + (attributes["name"] ?? "?")
        case "failure" where inCase, "error" where inCase:
            outcome = 1
            message = attributes["message"] ?? ""
            collectingText = message.isEmpty
        case "skipped" where inCase:
            if outcome == 0 {
                outcome = 2
                message = attributes["message"] ?? ""
            }
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if collectingText && message.count < 400 { message += string }
    }

    func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
        if element == "failure" || element == "error" { collectingText = false }
        guard element == "testcase", inCase else { return }
        inCase = false
        let text = String(TerminalText.sanitizeLine(message).trimmingCharacters(in: .whitespaces).prefix(300))
        let entry = GateEvidence.TestCase(
            name: String(TerminalText.sanitizeLine(name).prefix(300)), file: file, message: text)
        if outcome == 1 { failures.append(entry) }
        if outcome == 2 { skipped.append(entry) }
    }
}
