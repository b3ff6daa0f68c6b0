import Crypto

/// SHA-256 through swift-crypto, as lowercase hex: record hashes, report names, cache keys.
public enum Hashing {
    public static func sha256Hex(_ bytes: [UInt8]) -> String { hex(Array(SHA256.hash(data: bytes))) }

    public static func sha256Hex(_ text: String) -> String { sha256Hex(Array(text.utf8)) }

    private static let digits = Array("0123456789abcdef".utf8)

    static func hex(_ bytes: [UInt8]) -> String {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
