import TOML

/// Reads typed fields out of one TOML table, recording a diagnostic for every wrong type and
/// remembering which keys were understood, so the rest can be kept and reported as unknown.
final class TableReader {
    let table: TOMLTable
    /// Dotted path of this table from the root (`steps[3].gate`), empty for the root.
    let path: String
    let file: String
    private(set) var diagnostics: [Diagnostic] = []
    /// Short lists (a table has a handful of keys): cheaper than sets and dictionaries here.
    private var known: [String] = []
    private(set) var positions: [(field: String, position: SourcePosition)] = []

    init(_ table: TOMLTable, path: String, file: String) {
        self.table = table
        self.path = path
        self.file = file
    }

    var origin: SourcePosition { table.position }

    func field(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func error(_ message: String, at position: SourcePosition) {
        diagnostics.append(.error(message, file: file, at: position.isKnown ? position : origin))
    }

    func warning(_ message: String, at position: SourcePosition) {
        diagnostics.append(.warning(message, file: file, at: position.isKnown ? position : origin))
    }

    /// The entry for a key, marking the key as understood.
    func entry(_ key: String) -> TOMLEntry? {
        known.append(key)
        guard let entry = table.entry(key) else { return nil }
        positions.append((key, entry.valuePosition.isKnown ? entry.valuePosition : entry.keyPosition))
        return entry
    }

    func position(_ key: String) -> SourcePosition {
        positions.first { $0.field == key }?.position ?? table.entry(key)?.valuePosition ?? origin
    }

    func wrongType(_ key: String, expected: String, found value: TOMLValue, at position: SourcePosition) {
        error("\(field(key)): expected \(expected), found \(value.typeName)", at: position)
    }

    /// The value of `key` read by `extract`, or nil (with a wrong-type error) when it has another type.
    private func typed<Value>(_ key: String, expected: String, _ extract: (TOMLValue) -> Value?) -> Value? {
        guard let entry = entry(key) else { return nil }
        guard let value = extract(entry.value) else {
            wrongType(key, expected: expected, found: entry.value, at: entry.valuePosition)
            return nil
        }
        return value
    }

    func string(_ key: String) -> String? { typed(key, expected: "a string", \.stringValue) }

    func requiredString(_ key: String) -> String? {
        let value = string(key)
        if value == nil && table[key] == nil {
            error("\(path.isEmpty ? "" : path + ": ")missing required key \"\(key)\"", at: origin)
        }
        return value
    }

    func bool(_ key: String) -> Bool? { typed(key, expected: "true or false", \.boolValue) }

    func integer(_ key: String) -> Int? {
        typed(key, expected: "an integer") { $0.integerValue.flatMap { Int(exactly: $0) } }
    }

    func number(_ key: String) -> Double? { typed(key, expected: "a number", \.doubleValue) }

    /// An array of strings (or, when `allowSingle`, one bare string), each with its position.
    func strings(_ key: String, allowSingle: Bool = false) -> [(String, SourcePosition)]? {
        guard let entry = entry(key) else { return nil }
        if allowSingle, let single = entry.value.stringValue { return [(single, entry.valuePosition)] }
        guard let array = entry.value.arrayValue else {
            wrongType(
                key, expected: allowSingle ? "a string or an array of strings" : "an array of strings",
                found: entry.value, at: entry.valuePosition)
            return nil
        }
        var result: [(String, SourcePosition)] = []
        for (i, element) in array.values.enumerated() {
            let position = array.position(at: i).isKnown ? array.position(at: i) : entry.valuePosition
            if let text = element.stringValue {
                result.append((text, position))
            } else {
                error("\(field(key))[\(i)]: expected a string, found \(element.typeName)", at: position)
            }
        }
        return result
    }

    func table(_ key: String) -> TOMLTable? {
        guard let entry = entry(key) else { return nil }
        guard let value = entry.value.tableValue else {
            wrongType(key, expected: "a table", found: entry.value, at: entry.valuePosition)
            return nil
        }
        return value
    }

    /// An array of tables (`[[key]]`), each table with its position.
    func tables(_ key: String) -> [(TOMLTable, SourcePosition)]? {
        guard let entry = entry(key) else { return nil }
        guard let array = entry.value.arrayValue else {
            wrongType(key, expected: "an array of tables ([[\(key)]])", found: entry.value, at: entry.valuePosition)
            return nil
        }
        var result: [(TOMLTable, SourcePosition)] = []
        for (i, element) in array.values.enumerated() {
            let position = array.position(at: i).isKnown ? array.position(at: i) : entry.valuePosition
            if let table = element.tableValue {
                result.append((table, table.position.isKnown ? table.position : position))
            } else {
                error("\(field(key))[\(i)]: expected a table, found \(element.typeName)", at: position)
            }
        }
        return result
    }

    /// Keys nobody asked for: kept, and each reported as a warning.
    func unknownKeys(note: String = "not supported by gastown; kept as is") -> [UnknownKey] {
        table.entries.filter { !known.contains($0.key) }.map { entry in
            let at = entry.keyPosition.isKnown ? entry.keyPosition : origin
            warning("unknown key \"\(field(entry.key))\": \(note)", at: at)
            return UnknownKey(path: field(entry.key), value: entry.value, file: file, position: at)
        }
    }

    func sourceMap(prefix: String = "") -> [(field: String, position: SourcePosition)] {
        prefix.isEmpty ? positions : positions.map { (prefix + $0.field, $0.position) }
    }
}
