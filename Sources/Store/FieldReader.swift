import Core
import Foundation
import TOML

/// Reads typed fields from a parsed table, collecting a positioned problem for each
/// missing or mistyped field instead of stopping at the first.
struct FieldReader {
    let file: String
    var problems: [StoreProblem] = []

    init(file: String) { self.file = file }

    mutating func fail(_ message: String, at position: SourcePosition) {
        problems.append(StoreProblem(.schema, file: file, position: position, message: message))
    }

    private func where_(_ table: TOMLTable, _ key: String) -> SourcePosition {
        table.entry(key)?.valuePosition ?? table.position
    }

    mutating func string(_ table: TOMLTable, _ key: String, context: String = "") -> String? {
        guard let entry = table.entry(key) else { return nil }
        guard let value = entry.value.stringValue else {
            fail("\(context)\(key) must be a string, found \(entry.value.typeName)", at: entry.valuePosition)
            return nil
        }
        return value
    }

    mutating func requiredString(_ table: TOMLTable, _ key: String, context: String = "") -> String? {
        guard table.entry(key) != nil else {
            fail("missing required key \"\(context)\(key)\" (a string)", at: table.position.isKnown ? table.position : SourcePosition(line: 1, column: 1))
            return nil
        }
        return string(table, key, context: context)
    }

    /// A string that must be a valid store name (step ids, assignees...).
    mutating func name(_ table: TOMLTable, _ key: String, context: String = "", required: Bool = false) -> String? {
        let value = required ? requiredString(table, key, context: context) : string(table, key, context: context)
        guard let value else { return nil }
        if let problem = NameValidation.problem(with: value) {
            fail("\(context)\(key) \"\(TerminalText.sanitizeLine(value))\" is not a valid name: \(problem)", at: where_(table, key))
            return nil
        }
        return value
    }

    mutating func integer(_ table: TOMLTable, _ key: String, context: String = "", minimum: Int64 = 0) -> Int? {
        guard let entry = table.entry(key) else { return nil }
        guard let value = entry.value.integerValue else {
            fail("\(context)\(key) must be an integer, found \(entry.value.typeName)", at: entry.valuePosition)
            return nil
        }
        guard value >= minimum, value <= Int64(Int32.max) else {
            fail("\(context)\(key) must be an integer ≥ \(minimum), found \(value)", at: entry.valuePosition)
            return nil
        }
        return Int(value)
    }

    mutating func date(_ table: TOMLTable, _ key: String, context: String = "") -> Date? {
        guard let entry = table.entry(key) else { return nil }
        guard let value = entry.value.offsetDateTimeValue else {
            fail("\(context)\(key) must be an offset date-time such as 2026-11-21T15:40:00Z, found \(entry.value.typeName)", at: entry.valuePosition)
            return nil
        }
        return Timestamp.date(value)
    }

    mutating func strings(_ table: TOMLTable, _ key: String, context: String = "") -> [String] {
        guard let entry = table.entry(key) else { return [] }
        guard let array = entry.value.arrayValue else {
            fail("\(context)\(key) must be an array of strings, found \(entry.value.typeName)", at: entry.valuePosition)
            return []
        }
        var out: [String] = []
        for (index, element) in array.enumerated() {
            guard let text = element.stringValue else {
                let position = array.positions[index].isKnown ? array.positions[index] : entry.valuePosition
                fail("\(context)\(key)[\(index)] must be a string, found \(element.typeName)", at: position)
                continue
            }
            out.append(text)
        }
        return out
    }

    mutating func names(_ table: TOMLTable, _ key: String, context: String = "") -> [String] {
        strings(table, key, context: context).filter { value in
            if let problem = NameValidation.problem(with: value) {
                fail("\(context)\(key) entry \"\(TerminalText.sanitizeLine(value))\" is not a valid name: \(problem)", at: where_(table, key))
                return false
            }
            return true
        }
    }

    mutating func table(_ table: TOMLTable, _ key: String, context: String = "") -> TOMLTable? {
        guard let entry = table.entry(key) else { return nil }
        guard let value = entry.value.tableValue else {
            fail("\(context)\(key) must be a table, found \(entry.value.typeName)", at: entry.valuePosition)
            return nil
        }
        return value
    }

    mutating func oneOf(_ table: TOMLTable, _ key: String, _ allowed: [String], context: String = "") -> String? {
        guard let value = string(table, key, context: context) else { return nil }
        guard allowed.contains(value) else {
            fail("\(context)\(key) must be one of \(allowed.joined(separator: ", ")), found \"\(TerminalText.sanitizeLine(value))\"", at: where_(table, key))
            return nil
        }
        return value
    }
}

/// Parses a file's bytes as TOML, turning a decoder error into a positioned problem.
enum TOMLFile {
    static func parse(_ bytes: [UInt8], file: String) -> Result<TOMLTable, StoreProblem> {
        do throws(TOMLError) {
            return .success(try TOMLParser.parse(bytes: bytes, file: file))
        } catch {
            return .failure(StoreProblem(.parse, file: file, position: error.position, message: error.message))
        }
    }
}
