import Foundation

/// Base64 (RFC 4648, standard alphabet) over bytes, for the armor of signatures read once per record on a
/// cold load: no Foundation strings, whitespace between characters skipped.
enum Base64 {
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xff, count: 256)
        for (index, character) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(character)] = UInt8(index)
        }
        return table
    }()

    /// Decodes `text`, ignoring spaces, tabs and line ends; nil on any other character outside the alphabet,
    /// misplaced padding or a length that is not a whole number of groups.
    static func decode(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        // The table is fetched once (a static read per character shows up when 30,000 signatures are read).
        values.withUnsafeBufferPointer { values in
            var out: [UInt8] = []
            out.reserveCapacity(text.count * 3 / 4)
            var group: UInt32 = 0
            var count = 0
            var padding = 0
            for byte in text {
                switch byte {
                case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"): continue
                case UInt8(ascii: "="):
                    padding += 1
                    group <<= 6
                    count += 1
                default:
                    let value = values[Int(byte)]
                    guard value != 0xff, padding == 0 else { return nil }
                    group = group << 6 | UInt32(value)
                    count += 1
                }
                if count == 4 {
                    out.append(UInt8(group >> 16 & 0xff))
                    if padding < 2 { out.append(UInt8(group >> 8 & 0xff)) }
                    if padding < 1 { out.append(UInt8(group & 0xff)) }
                    group = 0
                    count = 0
                }
            }
            guard count == 0, padding <= 2 else { return nil }
            return out
        }
    }

    /// OpenSSH's armor: the BEGIN line, the base64 of `bytes` wrapped at 70 columns, the END line.
    static func armor(_ bytes: [UInt8], begin: String, end: String) -> String {
        let base64 = Data(bytes).base64EncodedString()
        var lines = [begin]
        var start = base64.startIndex
        while start < base64.endIndex {
            let stop = base64.index(start, offsetBy: 70, limitedBy: base64.endIndex) ?? base64.endIndex
            lines.append(String(base64[start..<stop]))
            start = stop
        }
        lines.append(end)
        return lines.joined(separator: "\n") + "\n"
    }
}
