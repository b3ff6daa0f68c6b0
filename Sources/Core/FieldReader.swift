import DisplayText
import TOML

/// The one typed field reader, for every file gastown reads (formulas in Core, the store's molecule,
/// convoy, decision, finding and evidence files in Store).
///
/// It reads the fields of one TOML table and records a positioned diagnostic for each field that is
/// missing, has the wrong type or an invalid value, instead of stopping at the first, so a file's every
/// problem is shown at once. A diagnostic names `file:line:column`, the field by its full path
/// (`steps[3].gate.type`, `steps.build.status`) and what was expected:
/// `steps.build.attempt: expected an integer ≥ 1, found 0`. The reader remembers which keys were asked for,
/// so the others can be kept and reported as unknown, and where each field was written (`sourceMap`).
public final class FieldReader {
    public let table: TOMLTable
    /// The table's path from the document root (`steps[3].gate`), empty for the root.
    public let path: String
    public let file: String
    /// Shared by a reader and the readers of the tables inside it, so one list holds a file's problems.
    private let log: DiagnosticLog
    /// Short lists (a table has a handful of keys): cheaper than sets and dictionaries here.
    private var known: [String] = []
    private var positions: [(field: String, position: SourcePosition)] = []

    public init(_ table: TOMLTable, path: String = "", file: String) {
        self.table = table
        self.path = path
        self.file = file
        log = DiagnosticLog()
    }

    private init(_ table: TOMLTable, path: String, file: String, log: DiagnosticLog) {
        self.table = table
        self.path = path
        self.file = file
        self.log = log
    }

    /// A reader for a table inside this one (`path` from the root), reporting into the same list.
    public func reader(for table: TOMLTable, path: String) -> FieldReader {
        FieldReader(table, path: path, file: file, log: log)
    }

    /// Every diagnostic recorded by this reader and the readers made from it, in the order found.
    public var diagnostics: [Diagnostic] { log.entries }
    public var hasErrors: Bool { log.entries.contains { $0.isError } }

    /// Where the table starts (the top of the file for the root table).
    public var origin: SourcePosition { table.position.isKnown ? table.position : SourcePosition(line: 1, column: 1) }

    /// The full path of a key of this table: `steps[3].gate.type`.
    public func field(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    public func error(_ message: String, at position: SourcePosition) {
        log.entries.append(.error(message, file: file, at: position.isKnown ? position : origin))
    }

    public func warning(_ message: String, at position: SourcePosition) {
        log.entries.append(.warning(message, file: file, at: position.isKnown ? position : origin))
    }

    /// `FIELD: message`, at the key's value (or the table when the key is absent).
    public func invalid(_ key: String, _ message: String) {
        error("\(field(key)): \(message)", at: position(key))
    }

    /// `FIELD: expected EXPECTED, found TYPE` for a value of the wrong type.
    public func wrongType(_ key: String, expected: String, found value: TOMLValue, at position: SourcePosition) {
        error("\(field(key)): expected \(expected), found \(value.typeName)", at: position)
    }

    /// The entry for a key, marking the key as understood.
    public func entry(_ key: String) -> TOMLEntry? {
        known.append(key)
        guard let entry = table.entry(key) else { return nil }
        positions.append((key, entry.valuePosition.isKnown ? entry.valuePosition : entry.keyPosition))
        return entry
    }

    /// Where a key's value was written, or the table's position when it was not.
    public func position(_ key: String) -> SourcePosition {
        if let known = positions.first(where: { $0.field == key }) { return known.position }
        if let entry = table.entry(key), entry.valuePosition.isKnown { return entry.valuePosition }
        return origin
    }

    /// True when the key is present; otherwise records `missing required key "FIELD" (EXPECTED)`.
    @discardableResult
    public func require(_ key: String, _ expected: String) -> Bool {
        if table.entry(key) != nil { return true }
        error("missing required key \"\(field(key))\" (\(expected))", at: origin)
        return false
    }

    /// The value of `key` read by `extract`, or nil (with a wrong-type error) when it has another type.
    public func value<Value>(_ key: String, expected: String, _ extract: (TOMLValue) -> Value?) -> Value? {
        guard let entry = entry(key) else { return nil }
        guard let value = extract(entry.value) else {
            wrongType(key, expected: expected, found: entry.value, at: entry.valuePosition)
            return nil
        }
        return value
    }

    public func string(_ key: String) -> String? { value(key, expected: "a string", \.stringValue) }

    public func requiredString(_ key: String) -> String? {
        require(key, "a string") ? string(key) : nil
    }

    public func bool(_ key: String) -> Bool? { value(key, expected: "true or false", \.boolValue) }

    /// An integer from `minimum` (by default 0: counts, attempts, days) to `maximum`.
    public func integer(_ key: String, minimum: Int64 = 0, maximum: Int64 = Int64(Int32.max)) -> Int? {
        guard let number = value(key, expected: "an integer", \.integerValue) else { return nil }
        guard number >= minimum, number <= maximum else {
            let range =
                minimum == .min
                ? "≤ \(maximum)" : maximum == Int64(Int32.max) ? "≥ \(minimum)" : "from \(minimum) to \(maximum)"
            error("\(field(key)): expected an integer \(range), found \(number)", at: position(key))
            return nil
        }
        return Int(number)
    }

    public func number(_ key: String) -> Double? { value(key, expected: "a number", \.doubleValue) }

    public func offsetDateTime(_ key: String) -> OffsetDateTime? {
        value(key, expected: "an offset date-time such as 2026-11-21T15:40:00Z", \.offsetDateTimeValue)
    }

    /// One of `allowed`: `FIELD: expected one of a, b, found "c"` otherwise.
    public func oneOf(_ key: String, _ allowed: [String]) -> String? {
        guard let text = string(key) else { return nil }
        guard allowed.contains(text) else {
            invalid(
                key, "expected one of \(allowed.joined(separator: ", ")), found \"\(TerminalText.sanitizeLine(text))\"")
            return nil
        }
        return text
    }

    /// An array of strings (or, when `allowSingle`, one bare string), each with its position.
    public func strings(_ key: String, allowSingle: Bool = false) -> [(String, SourcePosition)]? {
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

    public func table(_ key: String) -> TOMLTable? { value(key, expected: "a table", \.tableValue) }

    /// An array of tables (`[[key]]`), each table with its position.
    public func tables(_ key: String) -> [(TOMLTable, SourcePosition)]? {
        guard let array = value(key, expected: "an array of tables ([[\(key)]])", \.arrayValue) else { return nil }
        var result: [(TOMLTable, SourcePosition)] = []
        for (i, element) in array.values.enumerated() {
            let at = array.position(at: i).isKnown ? array.position(at: i) : position(key)
            if let table = element.tableValue {
                result.append((table, table.position.isKnown ? table.position : at))
            } else {
                error("\(field(key))[\(i)]: expected a table, found \(element.typeName)", at: at)
            }
        }
        return result
    }

    /// The entries of the table `key`, each read by `extract`; an entry of another type is an error.
    public func subvalues<Value>(_ key: String, expected: String, _ extract: (TOMLValue) -> Value?) -> [(
        key: String, value: Value
    )] {
        guard let outer = table(key) else { return [] }
        let inner = reader(for: outer, path: field(key))
        return outer.compactMap { entry in inner.value(entry.key, expected: expected, extract).map { (entry.key, $0) } }
    }

    /// A reader for each table inside the table `key` (`[steps.build]`, `[steps.test]`…), with its key;
    /// an entry that is not a table is an error.
    public func subtables(_ key: String) -> [(key: String, reader: FieldReader)] {
        subvalues(key, expected: "a table", \.tableValue).map { entry in
            (entry.key, reader(for: entry.value, path: "\(field(key)).\(entry.key)"))
        }
    }

    /// Keys nobody asked for: kept, and each reported as a warning.
    public func unknownKeys(note: String = "not supported by gastown; kept as is") -> [UnknownKey] {
        table.entries.filter { !known.contains($0.key) }.map { entry in
            let at = entry.keyPosition.isKnown ? entry.keyPosition : origin
            warning("unknown key \"\(field(entry.key))\": \(note)", at: at)
            return UnknownKey(path: field(entry.key), value: entry.value, file: file, position: at)
        }
    }

    /// Where each field read so far was written, for a `SourceMap`.
    public func sourceMap(prefix: String = "") -> [(field: String, position: SourcePosition)] {
        prefix.isEmpty ? positions : positions.map { (prefix + $0.field, $0.position) }
    }
}

private final class DiagnosticLog {
    var entries: [Diagnostic] = []
}
