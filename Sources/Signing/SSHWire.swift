/// Reading and writing the SSH wire encoding (RFC 4251 §5): big-endian `uint32`, length-prefixed
/// `string`, and `mpint`. Every read is bounds-checked; a short or malformed buffer is an error, never a trap.
struct SSHWireReader {
    private let bytes: [UInt8]
    private(set) var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { offset == bytes.count }

    mutating func fixed(_ count: Int) throws(SigningError) -> [UInt8] {
        guard count >= 0, bytes.count - offset >= count else {
            throw SigningError(.malformed, "truncated data: \(count) bytes expected at offset \(offset)")
        }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    mutating func byte() throws(SigningError) -> UInt8 { try fixed(1)[0] }

    mutating func uint32() throws(SigningError) -> UInt32 {
        let four = try fixed(4)
        return four.reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func string() throws(SigningError) -> [UInt8] {
        let length = try uint32()
        guard length <= UInt32(bytes.count - offset) else {
            throw SigningError(.malformed, "truncated data: a \(length)-byte string at offset \(offset - 4)")
        }
        return try fixed(Int(length))
    }

    mutating func text() throws(SigningError) -> String {
        let raw = try string()
        guard let text = String(validating: raw, as: UTF8.self) else {
            throw SigningError(.malformed, "a name at offset \(offset - raw.count) is not UTF-8")
        }
        return text
    }

    /// An mpint as its unsigned magnitude (no leading zero bytes); negative values are refused.
    mutating func unsignedMPInt() throws(SigningError) -> [UInt8] {
        let raw = try string()
        if let first = raw.first, first & 0x80 != 0 {
            throw SigningError(.malformed, "a negative integer where a positive one belongs")
        }
        return Array(raw.drop { $0 == 0 })
    }
}

struct SSHWireWriter {
    private(set) var bytes: [UInt8] = []

    mutating func raw(_ data: some Sequence<UInt8>) { bytes.append(contentsOf: data) }

    mutating func uint32(_ value: UInt32) {
        bytes.append(contentsOf: [
            UInt8(value >> 24), UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff), UInt8(value & 0xff),
        ])
    }

    mutating func string(_ data: some Collection<UInt8>) {
        uint32(UInt32(data.count))
        bytes.append(contentsOf: data)
    }

    mutating func string(_ text: String) { string(Array(text.utf8)) }
}
