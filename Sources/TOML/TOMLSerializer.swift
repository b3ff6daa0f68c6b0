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
        var writer = SectionWriter()
        writer.writeSection(table, kind: .root)
        return writer.output
    }

    /// One value as it would appear after `key = `, with any table written inline.
    public static func serializeInline(_ value: TOMLValue) -> String {
        var output = ""
        InlineWriter.write(value, to: &output)
        return output
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

    var output = ""
    /// The header path, already formatted key by key.
    private var headerKeys: [String] = []

    mutating func writeSection(_ table: TOMLTable, kind: Kind) {
        let entries = table.entries
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
            output += KeyFormatter.format(entry.key)
            output += " = "
            writePlainValue(entry.value)
            output += "\n"
        }

        for entry in entries where entry.value.isSection {
            headerKeys.append(KeyFormatter.format(entry.key))
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

    private mutating func writeHeader(open: String, close: String) {
        if !output.isEmpty { output += "\n" }
        output += open
        output += headerKeys.joined(separator: ".")
        output += close
        output += "\n"
    }

    /// A top-level `key = value`: multi-line strings and long arrays get their own lines here.
    private mutating func writePlainValue(_ value: TOMLValue) {
        switch value {
        case .string(let text) where text.contains("\n"):
            StringFormatter.writeMultiLine(text, to: &output)
        case .array(let array):
            var line = ""
            InlineWriter.write(value, to: &line)
            if line.utf8.count <= TOMLSerializer.maximumInlineArrayWidth {
                output += line
            } else {
                output += "[\n"
                for element in array {
                    output += "    "
                    InlineWriter.write(element, to: &output)
                    output += ",\n"
                }
                output += "]"
            }
        default:
            InlineWriter.write(value, to: &output)
        }
    }
}

/// Writes a value on one line: scalars, `[a, b]` arrays and `{k = v}` inline tables.
enum InlineWriter {
    static func write(_ value: TOMLValue, to output: inout String) {
        switch value {
        case .string(let text):
            StringFormatter.writeBasic(text, to: &output)
        case .integer(let number):
            output += String(number)
        case .float(let number):
            output += FloatFormatter.format(number)
        case .boolean(let flag):
            output += flag ? "true" : "false"
        case .offsetDateTime(let moment):
            output += moment.description
        case .localDateTime(let moment):
            output += moment.description
        case .localDate(let date):
            output += date.description
        case .localTime(let time):
            output += time.description
        case .array(let array):
            output += "["
            for (index, element) in array.enumerated() {
                if index > 0 { output += ", " }
                write(element, to: &output)
            }
            output += "]"
        case .table(let table):
            if table.isEmpty {
                output += "{}"
                return
            }
            output += "{ "
            for (index, entry) in table.entries.enumerated() {
                if index > 0 { output += ", " }
                output += KeyFormatter.format(entry.key)
                output += " = "
                write(entry.value, to: &output)
            }
            output += " }"
        }
    }
}
