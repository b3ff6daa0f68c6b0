/// Turns a value tree back into a TOML document.
///
/// The output is deterministic: members keep the table's insertion order (document order
/// for parsed tables), so a file that is read, changed and written back diffs well in git.
/// Each table lists its plain values first, then its sub-tables as `[a.b]` sections and its
/// arrays of tables as `[[a.b]]` sections. Inline tables appear only where a section cannot:
/// inside arrays that are not arrays of tables. The output is TOML 1.0, which every 1.1
/// parser also reads. The rules are documented in docs/toml-encoding.md.
public enum TOMLSerializer {
    /// Arrays of plain values longer than this are written one element per line.
    static let maximumInlineArrayWidth = 100

    /// The document for `table`, ending with a newline unless it is empty.
    public static func serialize(_ table: TOMLTable) -> String {
        String(decoding: serializeToBytes(table), as: UTF8.self)
    }

    /// The document as UTF-8 bytes, ready to write to a file.
    public static func serializeToBytes(_ table: TOMLTable) -> [UInt8] {
        var writer = SectionWriter()
        writer.writeSection(table, kind: .root)
        return writer.output
    }

    /// One value as it would appear after `key = `, with any table written inline.
    public static func serializeInline(_ value: TOMLValue) -> String {
        var output = TOMLOutput()
        InlineWriter.write(value, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// `text` as a one-line basic string (`"..."`), every control character escaped, newlines included.
    public static func basicString(_ text: String) -> String {
        var output = TOMLOutput()
        StringFormatter.writeBasic(text, to: &output)
        return String(decoding: output, as: UTF8.self)
    }
}

extension TOMLValue {
    /// True for values written as their own `[section]` or `[[section]]` rather than `key = value`.
    var isSection: Bool {
        switch self {
        case .table: true
        case .array(let array): array.isArrayOfTables
        default: false
        }
    }
}

extension TOMLArray {
    /// A non-empty array whose every element is a table, written as `[[header]]` sections.
    var isArrayOfTables: Bool {
        !isEmpty && allSatisfy { if case .table = $0 { true } else { false } }
    }
}

/// Writes tables as sections with headers; everything below a `key =` is left to `InlineWriter`.
struct SectionWriter {
    enum Kind { case root, table, arrayElement }

    var output = TOMLOutput()
    /// The header path, already formatted key by key.
    private var headerKeys: [TOMLOutput] = []
    /// Lines end with CRLF rather than LF (an edit into a CRLF document writes in its style).
    private let crlf: Bool

    init() { crlf = false }

    /// A writer for sections below `path` (the keys of their header, array indices left out), ending
    /// lines with CRLF when `crlf`.
    init(path: [String], crlf: Bool) {
        self.crlf = crlf
        headerKeys = path.map { key in
            var formatted = TOMLOutput()
            KeyFormatter.write(key, to: &formatted)
            return formatted
        }
    }

    @inline(__always) private mutating func appendNewline() {
        if crlf { output.append(UInt8(ascii: "\r")) }
        output.append(UInt8(ascii: "\n"))
    }

    mutating func writeSection(_ table: TOMLTable, kind: Kind) {
        let entries = table.unpositionedEntries
        let hasPlainValues = entries.contains { !$0.value.isSection }
        let hasSections = entries.contains { $0.value.isSection }

        // A table holding only sections gets its header implicitly from theirs; an empty
        // table needs its own header so that it survives the round trip.
        switch kind {
        case .root:
            break
        case .table:
            if hasPlainValues || !hasSections { writeHeader(open: "[", close: "]") }
        case .arrayElement:
            writeHeader(open: "[[", close: "]]")
        }

        for entry in entries where !entry.value.isSection {
            KeyFormatter.write(entry.key, to: &output)
            output.append(ascii: " = ")
            writePlainValue(entry.value)
            appendNewline()
        }

        for entry in entries where entry.value.isSection {
            var formattedKey = TOMLOutput()
            KeyFormatter.write(entry.key, to: &formattedKey)
            headerKeys.append(formattedKey)
            switch entry.value {
            case .table(let child):
                writeSection(child, kind: .table)
            case .array(let elements):
                for case .table(let element) in elements {
                    writeSection(element, kind: .arrayElement)
                }
            default:
                break
            }
            headerKeys.removeLast()
        }
    }

    private mutating func writeHeader(open: StaticString, close: StaticString) {
        if !output.isEmpty { appendNewline() }
        output.append(ascii: open)
        for (index, key) in headerKeys.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ".")) }
            output.append(contentsOf: key)
        }
        output.append(ascii: close)
        appendNewline()
    }

    /// A top-level `key = value`: multi-line strings and long arrays get their own lines here.
    mutating func writePlainValue(_ value: TOMLValue) {
        switch value {
        case .string(let text) where !crlf && text.utf8.contains(UInt8(ascii: "\n")):
            // (In a CRLF document a raw LF would mix line ends: the one-line escaped form is used.)
            StringFormatter.writeMultiLine(text, to: &output)
        case .array(let array):
            let start = output.count
            InlineWriter.write(value, to: &output)
            if output.count - start > TOMLSerializer.maximumInlineArrayWidth {
                output.removeSubrange(start...)
                output.append(UInt8(ascii: "["))
                appendNewline()
                for element in array {
                    output.append(ascii: "    ")
                    InlineWriter.write(element, to: &output)
                    output.append(UInt8(ascii: ","))
                    appendNewline()
                }
                output.append(UInt8(ascii: "]"))
            }
        default:
            InlineWriter.write(value, to: &output)
        }
    }
}

/// Writes a value on one line: scalars, `[a, b]` arrays and `{k = v}` inline tables.
enum InlineWriter {
    static func write(_ value: TOMLValue, to output: inout TOMLOutput) {
        switch value {
        case .string(let text):
            StringFormatter.writeBasic(text, to: &output)
        case .integer(let number):
            if number >= 0 { output.append(decimal: Int(number)) } else { output.append(text: String(number)) }
        case .float(let number):
            output.append(text: FloatFormatter.format(number))
        case .boolean(let flag):
            if flag { output.append(ascii: "true") } else { output.append(ascii: "false") }
        case .offsetDateTime(let moment):
            DateTimeFormatter.write(moment, to: &output)
        case .localDateTime(let moment):
            DateTimeFormatter.write(moment, to: &output)
        case .localDate(let date):
            DateTimeFormatter.write(date, to: &output)
        case .localTime(let time):
            DateTimeFormatter.write(time, to: &output)
        case .array(let array):
            output.append(UInt8(ascii: "["))
            for (index, element) in array.enumerated() {
                if index > 0 { output.append(ascii: ", ") }
                write(element, to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .table(let table):
            if table.isEmpty {
                output.append(ascii: "{}")
                return
            }
            output.append(ascii: "{ ")
            for (index, entry) in table.unpositionedEntries.enumerated() {
                if index > 0 { output.append(ascii: ", ") }
                KeyFormatter.write(entry.key, to: &output)
                output.append(ascii: " = ")
                write(entry.value, to: &output)
            }
            output.append(ascii: " }")
        }
    }
}
