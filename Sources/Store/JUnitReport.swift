import Core
import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Counts the test cases of a JUnit XML report: passed, failed (failure or error), skipped.
/// Reads `<testcase>` elements (any nesting of `<testsuites>`/`<testsuite>`).
public enum JUnitReport {
    public static func counts(_ data: Data, file: String) throws(StoreError) -> TestCounts {
        let delegate = JUnitDelegate()
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        parser.shouldResolveExternalEntities = false
        guard parser.parse() else {
            let line = parser.lineNumber
            let column = parser.columnNumber
            let reason = parser.parserError.map { "\($0.localizedDescription)" } ?? "malformed XML"
            throw StoreError(.invalidInput, "\(file):\(line):\(column): not a JUnit XML report: \(reason)")
        }
        // libxml2 on Linux accepts a truncated document; an unclosed element is still an error.
        guard delegate.depth == 0 else {
            throw StoreError(
                .invalidInput,
                "\(file):\(parser.lineNumber):\(parser.columnNumber): not a JUnit XML report: the document ends inside an element"
            )
        }
        guard delegate.sawTestCase || delegate.sawSuite else {
            throw StoreError(.invalidInput, "\(file): not a JUnit XML report: no <testsuite> or <testcase> element")
        }
        return TestCounts(passed: delegate.passed, failed: delegate.failed, skipped: delegate.skipped)
    }
}

private final class JUnitDelegate: NSObject, XMLParserDelegate {
    var passed = 0, failed = 0, skipped = 0
    var sawTestCase = false, sawSuite = false
    private var inCase = false
    var depth = 0
    private var caseOutcome: Int = 0  // 0 pass, 1 fail, 2 skip

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
        qualifiedName: String?, attributes: [String: String] = [:]
    ) {
        depth += 1
        switch name {
        case "testsuite", "testsuites": sawSuite = true
        case "testcase":
            sawTestCase = true
            inCase = true
            caseOutcome = 0
        case "failure" where inCase, "error" where inCase: caseOutcome = 1
        case "skipped" where inCase: if caseOutcome == 0 { caseOutcome = 2 }
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        depth -= 1
        guard name == "testcase", inCase else { return }
        inCase = false
        switch caseOutcome {
        case 1: failed += 1
        case 2: skipped += 1
        default: passed += 1
        }
    }
}
