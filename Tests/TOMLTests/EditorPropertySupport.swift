import TestSupport
import Testing

@testable import TOML

// MARK: - Random values and keys

enum RandomValues {
    static let keys = ["a", "b", "name", "x-1", "under_score", "with space", "dot.ted", "quo\"te", "", "ünï", "42"]

    static func key(_ random: inout SeededGenerator) -> String {
        random.chance(70) ? "k\(Int.random(in: 0..<40, using: &random))" : random.pick(keys)
    }

    static func scalar(_ random: inout SeededGenerator) -> TOMLValue {
        switch Int.random(in: 0..<9, using: &random) {
        case 0:
            return .string(random.pick(["plain", "it's", "two\nlines", "tab\there", "quote\"s", "", "ünï 😀", "\u{7}"]))
        case 1: return .integer(random.pick([0, 1, -7, 4096, 1_000_000, Int64.max, Int64.min]))
        case 2: return .float(random.pick([0.5, -0.0, 1e300, .infinity, -.infinity, .nan, 3.0]))
        case 3: return .boolean(random.chance(50))
        case 4:
            return .offsetDateTime(
                OffsetDateTime(
                    date: LocalDate(year: 2026, month: 11, day: 21), time: LocalTime(hour: 16, minute: 5, second: 0),
                    offsetMinutes: random.pick([0, 120, -420])))
        case 5:
            return .localDateTime(
                LocalDateTime(
                    date: LocalDate(year: 1979, month: 5, day: 27),
                    time: LocalTime(hour: 7, minute: 32, nanosecond: 500_000_000)))
        case 6: return .localDate(LocalDate(year: 2000, month: 2, day: 29))
        case 7: return .localTime(LocalTime(hour: 23, minute: 59, second: 60))
        default: return .string("s\(Int.random(in: 0..<100, using: &random))")
        }
    }

    static func value(_ random: inout SeededGenerator, depth: Int = 0) -> TOMLValue {
        guard depth < 3 else { return scalar(&random) }
        switch Int.random(in: 0..<10, using: &random) {
        case 0, 1: return .array(TOMLArray((0..<Int.random(in: 0..<4, using: &random)).map { _ in scalar(&random) }))
        case 2: return .table(table(&random, depth: depth + 1))
        case 3:
            return .array(
                TOMLArray(
                    (0..<Int.random(in: 1..<3, using: &random)).map { _ in .table(table(&random, depth: depth + 1)) }))
        default: return scalar(&random)
        }
    }

    static func table(_ random: inout SeededGenerator, depth: Int) -> TOMLTable {
        var table = TOMLTable()
        for _ in 0..<Int.random(in: 0..<4, using: &random) { table[key(&random)] = value(&random, depth: depth) }
        return table
    }
}

// MARK: - Random documents

/// Writes random documents in many styles (spacing, indentation, comments, quoting, number
/// formats, dotted keys, inline tables, multi-line arrays, sections, arrays of tables, CRLF),
/// valid by construction.
struct RandomDocument {
    var random: SeededGenerator
    private var text = ""
    private var counter = 0

    init(seed: UInt64) { random = SeededGenerator(seed: seed) }

    mutating func generate() -> String {
        text = ""
        pairs(Int.random(in: 0..<4, using: &random))
        for _ in 0..<Int.random(in: 0..<4, using: &random) {
            let name = fresh()
            comments()
            if random.chance(30) {
                for _ in 0..<Int.random(in: 1..<3, using: &random) {
                    text += "[[\(name)]]\(trailing())\n"
                    pairs(Int.random(in: 0..<3, using: &random))
                    if random.chance(30) {
                        text += "[\(name).\(fresh())]\n"
                        pairs(1)
                    }
                }
            } else {
                text += random.chance(20) ? "[\(name).\(fresh())]\n" : "[ \(name) ]\(trailing())\n"
                pairs(Int.random(in: 0..<4, using: &random))
            }
            if random.chance(50) { text += "\n" }
        }
        if random.chance(20) { text += "# the end\n" }
        if random.chance(15), text.hasSuffix("\n") { text.removeLast() }
        if random.chance(20) { text = text.replacingOccurrences(of: "\n", with: "\r\n") }
        return text
    }

    private mutating func fresh() -> String {
        counter += 1
        return random.pick(["k", "t", "item", "x_"]) + "\(counter)"
    }

    private mutating func trailing() -> String { random.chance(25) ? "   # trailing \(counter)" : "" }

    private mutating func comments() {
        if random.chance(30) { text += "\n" }
        if random.chance(35) { text += "# about \(counter)\n" }
    }

    private mutating func pairs(_ count: Int) {
        let indent = random.pick(["", "", "  ", "\t"])
        for _ in 0..<count {
            comments()
            var key = keyText(fresh())
            if random.chance(20) { key = keyText(fresh()) + random.pick([".", " . "]) + key }
            text += indent + key + random.pick([" = ", "=", "   =  ", "\t= "]) + valueText() + trailing() + "\n"
        }
    }

    private mutating func keyText(_ name: String) -> String {
        switch Int.random(in: 0..<6, using: &random) {
        case 0: return "\"\(name)\""
        case 1: return "'\(name)'"
        default: return name
        }
    }

    private mutating func valueText() -> String {
        switch Int.random(in: 0..<14, using: &random) {
        case 0: return random.pick(["0xDEAD_beef", "0o755", "0b1010", "1_000_000", "+42", "-17"])
        case 1: return random.pick(["3.14", "-0.0", "1e-3", "inf", "nan", "6.02E+23"])
        case 2: return random.pick(["'literal \\ path'", "\"esc\\t\\u00e9\"", "\"plain\""])
        case 3: return "'''\nmulti # not a comment\nline'''"
        case 4: return "\"\"\"\nbasic \\\n  continued\"\"\""
        case 5: return random.pick(["1979-05-27T07:32:00Z", "1979-05-27 07:32:00.999", "1979-05-27", "07:32:00"])
        case 6: return "[1, 2, 3]"
        case 7: return "[\n  \"a\", # first\n  \"b\",\n]"
        case 8: return "[ ]"
        case 9: return "{ x = 1, y.z = 'two' }"
        case 10: return "{}"
        case 11: return "[{ a = 1 }, { b = [2] }]"
        default: return random.pick(["true", "false", "\"s\"", "7"])
        }
    }
}

// MARK: - Edits and their model

/// One edit, applied both to an editor and to a plain value model.
enum ModelEdit: CustomStringConvertible {
    case set(TOMLPath, TOMLValue)
    case remove(TOMLPath)
    case append(TOMLPath, TOMLValue)

    var path: TOMLPath {
        switch self {
        case .set(let path, _), .remove(let path), .append(let path, _): path
        }
    }

    var description: String {
        switch self {
        case .set(let path, let value): "set \(path.dottedDescription) = \(TOMLSerializer.serializeInline(value))"
        case .remove(let path): "remove \(path.dottedDescription)"
        case .append(let path, let value):
            "append \(TOMLSerializer.serializeInline(value)) to \(path.dottedDescription)"
        }
    }

    func apply(to editor: inout TOMLEditor) throws {
        switch self {
        case .set(let path, let value): try editor.set(value, at: path)
        case .remove(let path): try editor.remove(at: path)
        case .append(let path, let value): try editor.append(value, toArrayAt: path)
        }
    }

    func apply(to table: TOMLTable) -> TOMLTable {
        guard case .table(let result) = apply(to: .table(table), at: path[...]) else { return table }
        return result
    }

    /// The model: `value` with this edit made at `rest` (missing tables on the way are created).
    private func apply(to value: TOMLValue?, at rest: ArraySlice<TOMLPathComponent>) -> TOMLValue? {
        guard let first = rest.first else {
            switch self {
            case .set(_, let new): return new
            case .remove: return nil
            case .append(_, let new): return .array(TOMLArray((value?.arrayValue?.values ?? []) + [new]))
            }
        }
        switch (first, value) {
        case (.key(let key), .table(var table)):
            table[key] = apply(to: table[key], at: rest.dropFirst())
            return .table(table)
        case (.key(let key), nil):
            guard let child = apply(to: nil, at: rest.dropFirst()) else { return nil }
            return .table(TOMLTable(uniqueKeysWithValues: [(key, child)]))
        case (.index(let index), .array(var array)):
            var values = array.values
            if let changed = apply(to: index < values.count ? values[index] : nil, at: rest.dropFirst()) {
                if index < values.count { values[index] = changed } else { values.append(changed) }
            } else if index < values.count {
                values.remove(at: index)
            }
            array = TOMLArray(values)
            return .array(array)
        default:
            return value
        }
    }

    /// A random edit that is valid on `table`.
    static func random(on table: TOMLTable, _ random: inout SeededGenerator) -> ModelEdit {
        var paths: [(TOMLPath, TOMLValue)] = []
        collect(.table(table), at: [], into: &paths)
        let tables = paths.filter { if case .table = $0.1 { true } else { false } }.map(\.0) + [[]]
        let arrays = paths.filter { if case .array = $0.1 { true } else { false } }
        let existing = paths.filter { !$0.0.isEmpty }
        let roll = Int.random(in: 0..<10, using: &random)
        switch roll {
        case 0...2 where !existing.isEmpty:
            let (path, value) = random.pick(existing)
            return .set(path, variation(of: value, &random))
        case 3...4 where !existing.isEmpty:
            return .remove(random.pick(existing).0)
        case 5 where !arrays.isEmpty:
            let (path, value) = random.pick(arrays)
            let element: TOMLValue =
                value.arrayValue?.first?.tableValue != nil
                ? .table(RandomValues.table(&random, depth: 1)) : RandomValues.scalar(&random)
            return .append(path, element)
        case 6:
            // A key two levels down: the table between is new (or already a table).
            let parent = random.pick(tables)
            var middle = RandomValues.key(&random)
            if let found = paths.first(where: { $0.0 == parent + [.key(middle)] }), found.1.tableValue == nil {
                middle = "new-\(paths.count)"
            }
            return .set(
                parent + [.key(middle), .key(RandomValues.key(&random))], RandomValues.value(&random, depth: 1))
        default:
            return .set(random.pick(tables) + [.key(RandomValues.key(&random))], RandomValues.value(&random))
        }
    }

    /// A new value for one that exists: a table or array changed in one place, or anything else.
    private static func variation(of value: TOMLValue, _ random: inout SeededGenerator) -> TOMLValue {
        switch value {
        case .table(var table) where random.chance(60):
            if let key = table.keys.randomElement(using: &random), random.chance(40) {
                table[key] = nil
            } else {
                table[RandomValues.key(&random)] = RandomValues.value(&random, depth: 2)
            }
            return .table(table)
        case .array(let array) where random.chance(60) && !array.isEmpty:
            var values = array.values
            if random.chance(50) { values.removeFirst() } else { values[values.count - 1] = values[0] }
            return .array(TOMLArray(values))
        default:
            return RandomValues.value(&random)
        }
    }

    private static func collect(_ value: TOMLValue, at path: TOMLPath, into paths: inout [(TOMLPath, TOMLValue)]) {
        paths.append((path, value))
        switch value {
        case .table(let table):
            for entry in table.unpositionedEntries { collect(entry.value, at: path + [.key(entry.key)], into: &paths) }
        case .array(let array):
            for (i, element) in array.enumerated() { collect(element, at: path + [.index(i)], into: &paths) }
        default:
            break
        }
    }
}

// MARK: - Which lines an edit may touch

/// The lines of a parsed input that edits of given paths may change or remove: each key's (or
/// section's) lines, from the comment lines above it to the next key or header; for a path into
/// an inline table or array, the lines of the whole value; nothing for a key that is new (new
/// lines are only inserted).
struct EditableLines {
    private var starts: [(path: TOMLPath, line: Int)] = []
    /// The input's lines as bytes (split at LF, so a CR stays part of its line).
    private let lines: [ArraySlice<UInt8>]
    private let table: TOMLTable

    init(input: String, table: TOMLTable) {
        lines = Self.lines(of: input)
        self.table = table
        collect(.table(table), at: [], line: 0)
    }

    private mutating func collect(_ value: TOMLValue, at path: TOMLPath, line: Int) {
        if line > 0 { starts.append((path, line)) }
        switch value {
        case .table(let table):
            for entry in table {
                let start = min(entry.keyPosition.line, entry.valuePosition.line)
                collect(entry.value, at: path + [.key(entry.key)], line: start)
            }
        case .array(let array):
            for (i, element) in array.enumerated() {
                collect(element, at: path + [.index(i)], line: array.position(at: i).line)
            }
        default:
            break
        }
    }

    /// 1-based line numbers an edit of `path` may change.
    func lines(for path: TOMLPath) -> Set<Int> {
        // Below an array (or inline table) the value may be rewritten around the edit.
        var scope = path
        var prefix: TOMLPath = []
        for component in path {
            if case .index = component {
                scope = prefix
                break
            }
            if Self.isInlineTable(in: table, at: prefix + [component]) {
                scope = prefix + [component]
                break
            }
            prefix.append(component)
        }
        let owned = starts.filter { $0.path.isWithin(scope) }
        guard !owned.isEmpty else { return [] }
        var result = Set<Int>()
        let all = starts.map(\.line).sorted()
        for start in owned.map(\.line) {
            // The comment lines above (a section's also the blank lines above those).
            var top = start
            while top > 1 && (isComment(lines[top - 2]) || isBlank(lines[top - 2])) { top -= 1 }
            let next = all.first { $0 > start } ?? lines.count + 1
            result.formUnion(top...max(start, next - 1))
        }
        return result
    }

    private func isComment(_ line: ArraySlice<UInt8>) -> Bool {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let text = line.starts(with: bom) ? line.dropFirst(3) : line
        return text.drop(while: { $0 == 0x20 || $0 == 0x09 }).first == UInt8(ascii: "#")
    }

    private func isBlank(_ line: ArraySlice<UInt8>) -> Bool {
        line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }

    private static func lines(of text: String) -> [ArraySlice<UInt8>] {
        Array(text.utf8).split(separator: 0x0A, omittingEmptySubsequences: false)
    }

    /// True when the table at `path` is written inline (`{ ... }`) in the input.
    private static func isInlineTable(in table: TOMLTable, at path: TOMLPath) -> Bool {
        var value = TOMLValue.table(table)
        for component in path {
            guard case .key(let key) = component, case .table(let t) = value, let next = t[key] else { return false }
            value = next
        }
        guard case .table(let found) = value, case .parsed(let document, let node) = found.backing else { return false }
        return document.nodes[Int(node)].flags.origin == .inline
    }

    /// Lines of the input outside `editable` that are missing from `output` or out of order.
    func untouchedLinesMissing(from output: String, editable: Set<Int>) -> [Int] {
        let outputLines = Self.lines(of: output)
        var cursor = 0
        var missing: [Int] = []
        for (i, line) in lines.enumerated() where !editable.contains(i + 1) {
            // A last line without a line end may gain one (LF or CRLF).
            let isLast = i == lines.count - 1
            if isLast && line.isEmpty { continue }
            let terminated = line + [0x0D]
            guard let found = outputLines[cursor...].firstIndex(where: { $0 == line || (isLast && $0 == terminated) })
            else {
                missing.append(i + 1)
                continue
            }
            cursor = found + 1
        }
        return missing
    }
}
