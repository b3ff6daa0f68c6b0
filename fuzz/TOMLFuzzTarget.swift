// libFuzzer entry point for the TOML decoder, compiled into the TOML module by scripts/fuzz-toml
// (not part of the SwiftPM package). Any input may fail to parse; none may crash, hang, or
// break the round-trip invariants checked below.

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
