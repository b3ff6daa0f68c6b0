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
    checkRoundTrip(table)
    return 0
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
