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
public struct FieldReader {
    public let table: TOMLTable
    public let file: String
    /// Where the table stands: a path given by the caller, or a key of a table whose path is known (the
    /// full path is only built for a message).
    private let location: Location
    /// Shared by a reader and the readers of the tables inside it, so one list holds a file's problems;
    /// a reader for an inner table is a value and costs no allocation.
    private let log: DiagnosticLog
    /// The keys asked for and where they were written (for `unknownKeys` and `sourceMap`), or nil: the store,
    /// which reads tens of thousands of small files and keeps unknown keys by itself, does not remember them.
    private let memory: KeyMemory?

    private enum Location {
        case path(String)
        case key(String, in: String)
    }

    public init(_ table: TOMLTable, path: String = "", file: String, remembersKeys: Bool = true) {
        self.table = table
        self.file = file
        location = .path(path)
        log = DiagnosticLog()
        memory = remembersKeys ? KeyMemory() : nil
    }

    private init(_ table: TOMLTable, location: Location, parent: FieldReader) {
        self.table = table
        self.location = location
        file = parent.file
        log = parent.log
        memory = parent.memory == nil ? nil : KeyMemory()
    }

    /// A reader for a table inside this one (`path` from the root), reporting into the same list.
    public func reader(for table: TOMLTable, path: String) -> FieldReader {
        FieldReader(table, location: .path(path), parent: self)
    }

    /// A reader for the table under `key` in this one.
    private func reader(for table: TOMLTable, key: String) -> FieldReader {
        FieldReader(table, location: .key(key, in: path), parent: self)
    }

    /// The table's path from the document root (`steps[3].gate`, `steps.build`), empty for the root.
    public var path: String {
        switch location {
        case .path(let path): path
        case .key(let key, let parent): Self.join(parent, key)
        }
    }

    /// Every diagnostic recorded by this reader and the readers made from it, in the order found.
    public var diagnostics: [Diagnostic] { log.entries }
    public var hasErrors: Bool { log.entries.contains { $0.isError } }

    /// Where the table starts (the top of the file for the root table).
    public var origin: SourcePosition { table.position.isKnown ? table.position : SourcePosition(line: 1, column: 1) }

    /// The full path of a key of this table: `steps[3].gate.type`.
    /// Keys come from the file: they are shown sanitized.
    public func field(_ key: String) -> String { Self.join(path, key) }

    private static func join(_ path: String, _ key: String) -> String {
        let shown = TerminalText.sanitizeLine(key)
        return path.isEmpty ? shown : "\(path).\(shown)"
    }

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

    /// `missing required key "FIELD" (EXPECTED)`, at the table.
    private func missing(_ key: String, _ expected: String) {
        error("missing required key \"\(field(key))\" (\(expected))", at: origin)
    }

    /// `FIELD: expected EXPECTED, found TYPE` for a value of the wrong type.
    public func wrongType(_ key: String, expected: String, found value: TOMLValue, at position: SourcePosition) {
        error("\(field(key)): expected \(expected), found \(value.typeName)", at: position)
    }

    /// The entry for a key, marking the key as understood.
    public func entry(_ key: String) -> TOMLEntry? {
        memory?.known.append(key)
        guard let entry = table.entry(key) else { return nil }
        memory?.positions.append((key, entry.valuePosition.isKnown ? entry.valuePosition : entry.keyPosition))
        return entry
    }

    /// Where a key's value was written, or the table's position when it was not.
    public func position(_ key: String) -> SourcePosition {
        if let known = memory?.positions.first(where: { $0.field == key }) { return known.position }
        if let entry = table.entry(key), entry.valuePosition.isKnown { return entry.valuePosition }
        return origin
    }

    /// The value of `key` read by `extract`, or nil: with a wrong-type error when it has another type, and
    /// when `required`, with `missing required key "FIELD" (EXPECTED)` when it is absent.
    public func value<Value>(
        _ key: String, expected: String, required: Bool = false, _ extract: (TOMLValue) -> Value?
    ) -> Value? {
        guard let entry = entry(key) else {
            if required { missing(key, expected) }
            return nil
        }
        guard let value = extract(entry.value) else {
            wrongType(key, expected: expected, found: entry.value, at: entry.valuePosition)
            return nil
        }
        return value
    }

    public func string(_ key: String, required: Bool = false) -> String? {
        value(key, expected: "a string", required: required, \.stringValue)
    }

    public func bool(_ key: String, required: Bool = false) -> Bool? {
        value(key, expected: "true or false", required: required, \.boolValue)
    }

    /// An integer from `minimum` (by default 0: counts, attempts, days) to `maximum`.
    public func integer(
        _ key: String, minimum: Int64 = 0, maximum: Int64 = Int64(Int32.max), required: Bool = false
    ) -> Int? {
        guard let entry = entry(key) else {
            if required { missing(key, "an integer \(Self.range(minimum, maximum))") }
            return nil
        }
        guard let number = entry.value.integerValue else {
            wrongType(key, expected: "an integer", found: entry.value, at: entry.valuePosition)
            return nil
        }
        guard number >= minimum, number <= maximum else {
            invalid(key, "expected an integer \(Self.range(minimum, maximum)), found \(number)")
            return nil
        }
        return Int(number)
    }

    private static func range(_ minimum: Int64, _ maximum: Int64) -> String {
        if minimum == .min { return "≤ \(maximum)" }
        return maximum == Int64(Int32.max) ? "≥ \(minimum)" : "from \(minimum) to \(maximum)"
    }

    public func number(_ key: String, required: Bool = false) -> Double? {
        value(key, expected: "a number", required: required, \.doubleValue)
    }

    public func offsetDateTime(_ key: String, required: Bool = false) -> OffsetDateTime? {
        value(
            key, expected: "an offset date-time such as 2026-11-21T15:40:00Z", required: required,
            \.offsetDateTimeValue)
    }

    /// One of `allowed`: `FIELD: expected one of a, b, found "c"` otherwise.
    public func oneOf(_ key: String, _ allowed: [String], required: Bool = false) -> String? {
        guard let entry = entry(key) else {
            if required { missing(key, "one of \(allowed.joined(separator: ", "))") }
            return nil
        }
        guard let text = entry.value.stringValue else {
            wrongType(key, expected: "a string", found: entry.value, at: entry.valuePosition)
            return nil
        }
        guard allowed.contains(text) else {
            invalid(
                key,
                "expected one of \(allowed.joined(separator: ", ")), found \"\(TerminalText.sanitizeLine(text))\"")
            return nil
        }
        return text
    }

    /// An array of strings (or, when `allowSingle`, one bare string), each with its position; an element
    /// of another type is an error and left out.
    public func strings(_ key: String, allowSingle: Bool = false, required: Bool = false) -> [(
        String, SourcePosition
    )]? {
        elements(key, allowSingle: allowSingle, required: required, positioned: true)
    }

    /// The same strings without their positions (working positions out is most of the cost of a read).
    public func stringValues(_ key: String, allowSingle: Bool = false, required: Bool = false) -> [String]? {
        elements(key, allowSingle: allowSingle, required: required, positioned: false)?.map(\.0)
    }

    private func elements(_ key: String, allowSingle: Bool, required: Bool, positioned: Bool) -> [(
        String, SourcePosition
    )]? {
        let expected = allowSingle ? "a string or an array of strings" : "an array of strings"
        guard let entry = entry(key) else {
            if required { missing(key, expected) }
            return nil
        }
        if allowSingle, let single = entry.value.stringValue { return [(single, entry.valuePosition)] }
        guard let array = entry.value.arrayValue else {
            wrongType(key, expected: expected, found: entry.value, at: entry.valuePosition)
            return nil
        }
        func position(_ i: Int) -> SourcePosition {
            array.position(at: i).isKnown ? array.position(at: i) : entry.valuePosition
        }
        var result: [(String, SourcePosition)] = []
        for (i, element) in array.values.enumerated() {
            if let text = element.stringValue {
                result.append((text, positioned ? position(i) : .unknown))
            } else {
                error("\(field(key))[\(i)]: expected a string, found \(element.typeName)", at: position(i))
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
        let inner = reader(for: outer, key: key)
        return outer.compactMap { entry in inner.value(entry.key, expected: expected, extract).map { (entry.key, $0) } }
    }

    /// A reader for each table inside the table `key` (`[steps.build]`, `[steps.test]`…), with its key;
    /// an entry that is not a table is an error.
    public func subtables(_ key: String) -> [(key: String, reader: FieldReader)] {
        guard let outer = table(key) else { return [] }
        let inner = reader(for: outer, key: key)
        let prefix = inner.path
        return outer.compactMap { entry in
            inner.value(entry.key, expected: "a table", \.tableValue).map {
                (entry.key, FieldReader($0, location: .key(entry.key, in: prefix), parent: inner))
            }
        }
    }

    /// Keys nobody asked for: kept, and each reported as a warning. Needs `remembersKeys`.
    public func unknownKeys(note: String = "not supported by gastown; kept as is") -> [UnknownKey] {
        guard let memory else { preconditionFailure("unknownKeys needs a reader that remembers the keys asked for") }
        return table.entries.filter { !memory.known.contains($0.key) }.map { entry in
            let at = entry.keyPosition.isKnown ? entry.keyPosition : origin
            warning("unknown key \"\(field(entry.key))\": \(note)", at: at)
            return UnknownKey(
                path: path.isEmpty ? entry.key : "\(path).\(entry.key)", value: entry.value, file: file, position: at)
        }
    }

    /// Where each field read so far was written, for a `SourceMap`. Needs `remembersKeys`.
    public func sourceMap(prefix: String = "") -> [(field: String, position: SourcePosition)] {
        guard let memory else { preconditionFailure("sourceMap needs a reader that remembers the keys asked for") }
        return prefix.isEmpty ? memory.positions : memory.positions.map { (prefix + $0.field, $0.position) }
    }
}

/// A file's diagnostics, in the order found.
private final class DiagnosticLog {
    var entries: [Diagnostic] = []
}

/// The keys of one table asked for, and where they were written. Short lists (a table has a handful of
/// keys): cheaper than sets and dictionaries here.
private final class KeyMemory {
    var known: [String] = []
    var positions: [(field: String, position: SourcePosition)] = []
}
