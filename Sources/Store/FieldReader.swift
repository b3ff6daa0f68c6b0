import Core
import DisplayText
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

    private func fieldPosition(_ table: TOMLTable, _ key: String) -> SourcePosition {
        table.entry(key)?.valuePosition ?? table.position
    }

    /// The value of `key` read by `extract`, or nil (with a problem saying it must be `expected`) when it has another type.
    private mutating func typed<Value>(
        _ table: TOMLTable, _ key: String, context: String, expected: String, _ extract: (TOMLValue) -> Value?
    ) -> (value: Value, entry: TOMLEntry)? {
        guard let entry = table.entry(key) else { return nil }
        guard let value = extract(entry.value) else {
            fail("\(context)\(key) must be \(expected), found \(entry.value.typeName)", at: entry.valuePosition)
            return nil
        }
        return (value, entry)
    }

    mutating func string(_ table: TOMLTable, _ key: String, context: String = "") -> String? {
        typed(table, key, context: context, expected: "a string", \.stringValue)?.value
    }

    mutating func bool(_ table: TOMLTable, _ key: String, context: String = "") -> Bool? {
        typed(table, key, context: context, expected: "a boolean", \.boolValue)?.value
    }

    mutating func requiredString(_ table: TOMLTable, _ key: String, context: String = "") -> String? {
        guard table.entry(key) != nil else {
            fail(
                "missing required key \"\(context)\(key)\" (a string)",
                at: table.position.isKnown ? table.position : SourcePosition(line: 1, column: 1))
            return nil
        }
        return string(table, key, context: context)
    }

    /// A string that must be a valid store name (step ids, assignees...).
    mutating func name(_ table: TOMLTable, _ key: String, context: String = "", required: Bool = false) -> String? {
        let value = required ? requiredString(table, key, context: context) : string(table, key, context: context)
        guard let value else { return nil }
        if let problem = NameValidation.problem(with: value) {
            fail(
                "\(context)\(key) \"\(TerminalText.sanitizeLine(value))\" is not a valid name: \(problem)",
                at: fieldPosition(table, key))
            return nil
        }
        return value
    }

    mutating func integer(_ table: TOMLTable, _ key: String, context: String = "", minimum: Int64 = 0) -> Int? {
        guard let (value, entry) = typed(table, key, context: context, expected: "an integer", \.integerValue) else {
            return nil
        }
        guard value >= minimum, value <= Int64(Int32.max) else {
            fail("\(context)\(key) must be an integer ≥ \(minimum), found \(value)", at: entry.valuePosition)
            return nil
        }
        return Int(value)
    }

    mutating func date(_ table: TOMLTable, _ key: String, context: String = "") -> Date? {
        typed(
            table, key, context: context, expected: "an offset date-time such as 2026-11-21T15:40:00Z",
            \.offsetDateTimeValue
        ).map { Timestamp.date($0.value) }
    }

    mutating func strings(_ table: TOMLTable, _ key: String, context: String = "") -> [String] {
        guard let (array, entry) = typed(table, key, context: context, expected: "an array of strings", \.arrayValue)
        else { return [] }
        var out: [String] = []
        for (index, element) in array.enumerated() {
            guard let text = element.stringValue else {
                let position = array.position(at: index).isKnown ? array.position(at: index) : entry.valuePosition
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
                fail(
                    "\(context)\(key) entry \"\(TerminalText.sanitizeLine(value))\" is not a valid name: \(problem)",
                    at: fieldPosition(table, key))
                return false
            }
            return true
        }
    }

    mutating func table(_ table: TOMLTable, _ key: String, context: String = "") -> TOMLTable? {
        typed(table, key, context: context, expected: "a table", \.tableValue)?.value
    }

    /// The tables inside the table `key` (`[steps.build]`, `[steps.test]`...); an entry that is not a table is a problem.
    mutating func subtables(_ table: TOMLTable, _ key: String) -> [(entry: TOMLEntry, table: TOMLTable)] {
        guard let outer = self.table(table, key) else { return [] }
        return outer.compactMap { entry in
            typed(outer, entry.key, context: "\(key).", expected: "a table", \.tableValue).map { (entry, $0.value) }
        }
    }

    mutating func oneOf(_ table: TOMLTable, _ key: String, _ allowed: [String], context: String = "") -> String? {
        guard let value = string(table, key, context: context) else { return nil }
        guard allowed.contains(value) else {
            fail(
                "\(context)\(key) must be one of \(allowed.joined(separator: ", ")), found \"\(TerminalText.sanitizeLine(value))\"",
                at: fieldPosition(table, key))
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
