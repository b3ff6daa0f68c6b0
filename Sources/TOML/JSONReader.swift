/// A small strict JSON reader (RFC 8259) for tagged JSON; the TOML module avoids Foundation.
struct JSONReader {
    private let bytes: [UInt8]
    private var index = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func readDocument() throws(TOMLError) -> JSONNode {
        skipWhitespace()
        let node = try readValue(depth: 0)
        skipWhitespace()
        if index < bytes.count {
            throw error("expected the end of the input after the JSON value, found \(describeCurrent())")
        }
        return node
    }

    // MARK: Values

    private mutating func readValue(depth: Int) throws(TOMLError) -> JSONNode {
        let position = index
        guard index < bytes.count else { throw error("expected a JSON value, found the end of the input") }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            guard depth < TaggedJSON.maximumJSONDepth else {
                throw error("JSON nested deeper than \(TaggedJSON.maximumJSONDepth) levels")
            }
            return JSONNode(node: .object(try readObject(depth: depth + 1)), position: position)
        case UInt8(ascii: "["):
            guard depth < TaggedJSON.maximumJSONDepth else {
                throw error("JSON nested deeper than \(TaggedJSON.maximumJSONDepth) levels")
            }
            return JSONNode(node: .array(try readArray(depth: depth + 1)), position: position)
        case UInt8(ascii: "\""):
            return JSONNode(node: .string(try readString()), position: position)
        case UInt8(ascii: "t"):
            try expectWord("true")
            return JSONNode(node: .boolean(true), position: position)
        case UInt8(ascii: "f"):
            try expectWord("false")
            return JSONNode(node: .boolean(false), position: position)
        case UInt8(ascii: "n"):
            try expectWord("null")
            return JSONNode(node: .null, position: position)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return JSONNode(node: .number(try readNumber()), position: position)
        default:
            throw error("expected a JSON value, found \(describeCurrent())")
        }
    }

    private mutating func readObject(depth: Int) throws(TOMLError) -> [(key: String, value: JSONNode)] {
        index += 1
        var members: [(key: String, value: JSONNode)] = []
        skipWhitespace()
        if peek == UInt8(ascii: "}") {
            index += 1
            return members
        }
        while true {
            skipWhitespace()
            guard peek == UInt8(ascii: "\"") else { throw error("expected a quoted key, found \(describeCurrent())") }
            let key = try readString()
            skipWhitespace()
            guard peek == UInt8(ascii: ":") else {
                throw error("expected \":\" after a key, found \(describeCurrent())")
            }
            index += 1
            skipWhitespace()
            members.append((key, try readValue(depth: depth)))
            skipWhitespace()
            switch peek {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"):
                index += 1
                return members
            default: throw error("expected \",\" or \"}\" in an object, found \(describeCurrent())")
            }
        }
    }

    private mutating func readArray(depth: Int) throws(TOMLError) -> [JSONNode] {
        index += 1
        var elements: [JSONNode] = []
        skipWhitespace()
        if peek == UInt8(ascii: "]") {
            index += 1
            return elements
        }
        while true {
            skipWhitespace()
            elements.append(try readValue(depth: depth))
            skipWhitespace()
            switch peek {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"):
                index += 1
                return elements
            default: throw error("expected \",\" or \"]\" in an array, found \(describeCurrent())")
            }
        }
    }

    private mutating func readString() throws(TOMLError) -> String {
        index += 1
        var scalars = String.UnicodeScalarView()
        var runStart = index
        func flushRun(_ end: Int) {
            // Valid UTF-8 came in as a Swift String, so the run decodes cleanly.
            scalars.append(contentsOf: String(decoding: bytes[runStart..<end], as: UTF8.self).unicodeScalars)
        }
        while true {
            guard index < bytes.count else {
                throw error("expected a closing \" for the string, found the end of the input")
            }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                flushRun(index)
                index += 1
                return String(scalars)
            case UInt8(ascii: "\\"):
                flushRun(index)
                index += 1
                scalars.append(try readEscape())
                runStart = index
            case 0x00..<0x20:
                throw error(
                    "expected an escape instead of a raw control character in a string, found \(describeCurrent())")
            default:
                index += 1
            }
        }
    }

    private mutating func readEscape() throws(TOMLError) -> Unicode.Scalar {
        guard index < bytes.count else { throw error("expected an escape character, found the end of the input") }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let first = try readHex4()
            if (0xD800..<0xDC00).contains(first) {
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                else {
                    throw error("expected a low surrogate \\uDC00-\\uDFFF after a high surrogate")
                }
                index += 2
                let second = try readHex4()
                guard (0xDC00..<0xE000).contains(second) else {
                    throw error("expected a low surrogate \\uDC00-\\uDFFF, found \\u\(String(second, radix: 16))")
                }
                let combined = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                return Unicode.Scalar(combined)!
            }
            guard let scalar = Unicode.Scalar(first) else {
                throw error("expected a Unicode scalar, found a lone surrogate \\u\(String(first, radix: 16))")
            }
            return scalar
        default:
            index -= 1
            throw error("expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX, found \(describeCurrent())")
        }
    }

    private mutating func readHex4() throws(TOMLError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard index < bytes.count, let digit = hexValue(bytes[index]) else {
                throw error("expected four hexadecimal digits after \\u, found \(describeCurrent())")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    private func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// Numbers are not part of tagged JSON but are read so the error can say where they are.
    private mutating func readNumber() throws(TOMLError) -> String {
        let start = index
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"),
                UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"):
                index += 1
            default:
                return String(decoding: bytes[start..<index], as: UTF8.self)
            }
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func expectWord(_ word: StaticString) throws(TOMLError) {
        let expected = word.withUTF8Buffer { Array($0) }
        guard index + expected.count <= bytes.count, Array(bytes[index..<index + expected.count]) == expected else {
            throw error("expected \(word), found \(describeCurrent())")
        }
        index += expected.count
    }

    // MARK: Positions and errors

    private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"):
                index += 1
            default:
                return
            }
        }
    }

    private func describeCurrent() -> String {
        guard index < bytes.count else { return "the end of the input" }
        let byte = bytes[index]
        if byte >= 0x20 && byte < 0x7F { return "\"\(Character(Unicode.Scalar(byte)))\"" }
        return "byte 0x" + String(byte, radix: 16, uppercase: true)
    }

    private func error(_ message: String) -> TOMLError {
        error(at: index, message)
    }

    /// An error at a byte offset. Line and column are worked out only here, so reading stays
    /// linear even when the whole document is on one line; the quoted line is windowed and
    /// sanitized like the TOML parser's.
    func error(at offset: Int, _ message: String) -> TOMLError {
        bytes.withUnsafeBufferPointer { ErrorReport.make(message: message, offset: offset, bytes: $0, file: nil) }
    }
}
