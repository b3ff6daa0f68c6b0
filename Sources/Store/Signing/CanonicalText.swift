/// The text a record's hash and signature cover: a version line, then one `NAME:BYTES:VALUE` line per field
/// in a fixed order, `BYTES` being the UTF-8 length of `VALUE`. Length prefixes mean no two different records
/// share a canonical text, and TOML formatting does not matter. Built without intermediate strings (it is
/// hashed once per record on every load).
struct CanonicalText {
    private(set) var bytes: [UInt8] = []

    init(version: StaticString) {
        bytes.reserveCapacity(768)
        append(version)
        bytes.append(UInt8(ascii: "\n"))
    }

    mutating func field(_ name: StaticString, _ value: String) {
        append(name)
        bytes.append(UInt8(ascii: ":"))
        var value = value
        value.withUTF8 { utf8 in
            appendDecimal(utf8.count)
            bytes.append(UInt8(ascii: ":"))
            bytes.append(contentsOf: utf8)
        }
        bytes.append(UInt8(ascii: "\n"))
    }

    /// Each parent hash followed by its file name (`parent`, `parent_file`).
    mutating func parents(_ hashes: [String], files: [String]) {
        for (index, parent) in hashes.enumerated() {
            field("parent", parent)
            field("parent_file", index < files.count ? files[index] : "")
        }
    }

    /// A length's digits, without a string made for them.
    private mutating func appendDecimal(_ number: Int) {
        if number >= 10 { appendDecimal(number / 10) }
        bytes.append(UInt8(ascii: "0") + UInt8(number % 10))
    }

    private mutating func append(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    var hash: String { Hashing.sha256Hex(bytes) }
}
