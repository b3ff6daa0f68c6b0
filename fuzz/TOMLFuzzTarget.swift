// libFuzzer entry point for the TOML decoder and editor, compiled into the TOML module by
// scripts/fuzz-toml (not part of the SwiftPM package). Any input may fail to parse; none may
// crash, hang, or break the round-trip and edit invariants checked below.

@_cdecl("LLVMFuzzerTestOneInput")
public func tomlFuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    let table: TOMLTable
    do {
        table = try TOMLParser.parse(bytes: bytes)
    } catch {
        // Rejecting is fine; the error must still render (positions, sanitized line).
        _ = error.description
        return 0
    }
    checkPositions(table)
    checkRoundTrip(table)
    checkEdit(bytes, table)
    return 0
}

/// Positions are worked out from byte offsets on demand, in one pass when iterating and from
/// the nearest checkpoint for a single lookup: both ways must agree, and every position of a
/// parsed value must be a real line and column.
func checkPositions(_ table: TOMLTable) {
    for entry in table {
        guard let single = table.entry(entry.key) else { fatalError("iterated key \(entry.key) not found") }
        if single.keyPosition != entry.keyPosition || single.valuePosition != entry.valuePosition {
            fatalError(
                "positions of \(entry.key) differ: \(single.keyPosition)/\(single.valuePosition) "
                    + "vs \(entry.keyPosition)/\(entry.valuePosition)")
        }
        if !entry.keyPosition.isKnown || !entry.valuePosition.isKnown || entry.keyPosition.column < 1 {
            fatalError("unknown or impossible position for \(entry.key)")
        }
        checkPositions(entry.value)
    }
}

func checkPositions(_ value: TOMLValue) {
    switch value {
    case .table(let table):
        checkPositions(table)
    case .array(let array):
        let positions = array.positions
        for (i, element) in array.enumerated() {
            if positions[i] != array.position(at: i) || !positions[i].isKnown || positions[i].column < 1 {
                fatalError("element \(i): \(positions[i]) vs \(array.position(at: i))")
            }
            checkPositions(element)
        }
    default:
        break
    }
}

/// A decoded document must serialize to TOML that parses back equal, and serializing that
/// again must give the same text (which also pins order and the sign of -0.0).
func checkRoundTrip(_ table: TOMLTable) {
    let text = TOMLSerializer.serialize(table)
    let again: TOMLTable
    do {
        again = try TOMLParser.parse(text)
    } catch {
        fatalError("serialized document does not parse: \(error)\n--- serialized ---\n\(text)")
    }
    if again != table {
        fatalError("round trip changed the document\n--- serialized ---\n\(text)")
    }
    let textAgain = TOMLSerializer.serialize(again)
    if textAgain != text {
        fatalError("serializing twice differs\n--- first ---\n\(text)\n--- second ---\n\(textAgain)")
    }
}

/// An edit of a parsed input must leave a document that parses, with the edit made: an update to
/// the same values changes nothing; then one edit chosen from the input's bytes (set, remove, a
/// new key, an appended element) at one of its paths.
func checkEdit(_ bytes: [UInt8], _ table: TOMLTable) {
    var editor: TOMLEditor
    do {
        editor = try TOMLEditor(bytes: bytes)
        try editor.update(to: table)
    } catch {
        fatalError("an edit-free update failed: \(error)")
    }
    if editor.bytes != bytes { fatalError("an edit-free update changed the text") }
    var paths: [(TOMLPath, TOMLValue)] = []
    collectPaths(.table(table), at: [], into: &paths)
    let seed = bytes.reduce(UInt64(14_695_981_039_346_656_037)) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 }
    let (path, value) = paths[Int(seed % UInt64(paths.count))]
    let scalar: TOMLValue = seed & 1 == 0 ? "fuzz \"edit\"\n" : .integer(Int64(seed >> 40))
    var expected: TOMLValue?
    var at = path
    do {
        switch (seed >> 8) % 4 {
        case 0 where !path.isEmpty:
            try editor.set(scalar, at: path)
            expected = scalar
        case 1 where !path.isEmpty:
            try editor.remove(at: path)
            if case .key = path[path.count - 1], lookup(try editor.values(), path) != nil {
                fatalError("\(path.dottedDescription) is still there after its removal\n\(editor.text)")
            }
        case 2 where value.tableValue != nil:
            at = path + ["fuzz-new"]
            let new: TOMLValue = seed & 2 == 0 ? scalar : .table(["k": scalar])
            try editor.set(new, at: at)
            expected = new
        default:
            guard case .array(let array) = value else { return }
            let element: TOMLValue = array.first?.tableValue != nil ? .table(["k": scalar]) : scalar
            try editor.append(element, toArrayAt: path)
            at = path + [.index(array.count)]
            expected = element
        }
        let edited = try editor.values()
        if let expected, lookup(edited, at) != expected {
            fatalError("\(at.dottedDescription) is not \(expected) after the edit\n\(editor.text)")
        }
    } catch {
        fatalError("edit at \(at.dottedDescription) failed: \(error)\n--- edited ---\n\(editor.text)")
    }
}

func collectPaths(_ value: TOMLValue, at path: TOMLPath, into paths: inout [(TOMLPath, TOMLValue)]) {
    paths.append((path, value))
    switch value {
    case .table(let table):
        for entry in table { collectPaths(entry.value, at: path + [.key(entry.key)], into: &paths) }
    case .array(let array):
        for (i, element) in array.enumerated() { collectPaths(element, at: path + [.index(i)], into: &paths) }
    default:
        break
    }
}

func lookup(_ table: TOMLTable, _ path: TOMLPath) -> TOMLValue? {
    var value = TOMLValue.table(table)
    for component in path {
        switch (component, value) {
        case (.key(let key), .table(let t)):
            guard let next = t[key] else { return nil }
            value = next
        case (.index(let i), .array(let a)) where i < a.count: value = a[i]
        default: return nil
        }
    }
    return value
}
