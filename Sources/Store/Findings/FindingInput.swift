import Core
import DisplayText
import Foundation

/// A finding as a reviewer or an agent gives it, before it is checked and stored.
public struct NewFinding: Sendable, Hashable {
    public var severity: Severity
    public var category: String
    public var title: String
    public var detail: String?
    public var location: String?

    public init(severity: Severity, category: String, title: String, detail: String? = nil, location: String? = nil) {
        self.severity = severity
        self.category = category
        self.title = title
        self.detail = detail
        self.location = location
    }
}

/// Checks and cleans the untrusted text of a finding. Every error names the option and what was expected
/// (exit 2); control characters and escape sequences are made visible (TerminalText) before anything is stored.
public enum FindingInput {
    public static let maximumTitle = 200
    public static let maximumCategory = 100
    public static let maximumLocation = 300
    public static let maximumNote = 2000
    /// Bytes of UTF-8, for `--detail` and `--detail-file` alike.
    public static let maximumDetailBytes = 1 << 20

    static var severityNames: String { Severity.allCases.map(\.rawValue).joined(separator: ", ") }

    /// `critical`, `high`, `medium` or `low` (any case).
    public static func severity(_ text: String) throws(StoreError) -> Severity {
        guard let severity = Severity(rawValue: text.lowercased()) else {
            throw StoreError(
                .invalidInput,
                "invalid --severity \"\(TerminalText.sanitizeLine(text))\": expected one of \(severityNames)")
        }
        return severity
    }

    /// The formula's spelling of the category (matched ignoring case, spaces and punctuation). A formula without
    /// `validation_categories` takes any one-line category.
    public static func category(_ text: String, formula: Formula) throws(StoreError) -> String {
        let given = try oneLine(text, field: "--category", maximum: maximumCategory)
        let known = formula.validationCategories
        guard !known.isEmpty else { return given }
        if let match = known.first(where: { key($0) == key(given) }) { return match }
        throw StoreError(
            .invalidInput,
            "invalid --category \"\(given)\": expected one of the validation categories of formula \(formula.name): \(known.map { "\"\($0)\"" }.joined(separator: ", "))"
        )
    }

    public static func title(_ text: String) throws(StoreError) -> String {
        try oneLine(text, field: "--title", maximum: maximumTitle)
    }

    public static func note(_ text: String) throws(StoreError) -> String {
        try oneLine(text, field: "--note", maximum: maximumNote)
    }

    /// Multi-line text: `\r\n` becomes `\n`, other control characters are made visible, surrounding blank space
    /// is trimmed; nil when nothing is left.
    public static func detail(_ text: String, field: String = "--detail") throws(StoreError) -> String? {
        guard text.utf8.count <= maximumDetailBytes else {
            throw StoreError(
                .invalidInput,
                "\(field) is \(text.utf8.count) bytes, more than the \(ByteLimit.text(maximumDetailBytes)) limit")
        }
        let cleaned = TerminalText.sanitize(text).trimmingCharacters(in: .whitespacesAndNewlines)
        return cleaned.isEmpty ? nil : cleaned
    }

    /// The detail read from a file (`--detail-file`): a regular file of UTF-8 text of at most 1 MiB (read on the
    /// open file, at most 1 MiB + 1 bytes: a FIFO or device is refused, never read).
    public static func detail(file path: String, display: String) throws(StoreError) -> String? {
        let shown = TerminalText.sanitizeLine(display)
        let bytes = try AtomicFile.readRegularFile(
            path, maximumBytes: maximumDetailBytes, describedAs: "--detail-file \(shown)")
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw StoreError(.invalidInput, "--detail-file \(shown) is not UTF-8 text")
        }
        return try detail(text, field: "--detail-file \(shown)")
    }

    /// `FILE`, `FILE:LINE` or `FILE:LINE:COLUMN`, LINE and COLUMN ≥ 1.
    public static func location(_ text: String) throws(StoreError) -> String {
        let value = try oneLine(text, field: "--location", maximum: maximumLocation)
        let expected = "expected FILE, FILE:LINE or FILE:LINE:COLUMN with LINE and COLUMN ≥ 1"
        guard !text.unicodeScalars.contains(where: TerminalText.isUnsafe) else {
            throw StoreError(
                .invalidInput, "invalid --location \"\(value)\": it contains a control character; \(expected)")
        }
        var parts = value.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        var numbers = 0
        while parts.count > 1, numbers < 2, let last = parts.last,
            last.isEmpty || last.allSatisfy(\.isASCII) && last.allSatisfy(\.isNumber)
        {
            guard let n = Int(last), n >= 1 else {
                throw StoreError(.invalidInput, "invalid --location \"\(value)\": \(expected)")
            }
            parts.removeLast()
            numbers += 1
        }
        if parts.joined(separator: ":").trimmingCharacters(in: .whitespaces).isEmpty {
            throw StoreError(.invalidInput, "invalid --location \"\(value)\": the file is missing; \(expected)")
        }
        return value
    }

    /// One line of text: no line break, not blank, at most `maximum` characters; other controls made visible.
    static func oneLine(_ text: String, field: String, maximum: Int) throws(StoreError) -> String {
        if text.contains(where: \.isNewline) {
            throw StoreError(
                .invalidInput, "invalid \(field) \"\(TerminalText.sanitizeLine(text))\": expected a single line of text"
            )
        }
        let cleaned = TerminalText.sanitizeLine(text).trimmingCharacters(in: .whitespaces)
        if cleaned.isEmpty { throw StoreError(.invalidInput, "invalid \(field): expected non-blank text") }
        if cleaned.count > maximum {
            throw StoreError(
                .invalidInput, "invalid \(field): \(cleaned.count) characters, expected at most \(maximum)")
        }
        return cleaned
    }

    /// Letters and digits only, lowercased: "SOC2 requirements" and "soc2-requirements" are the same category.
    static func key(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                text.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) }))
    }
}
