/// Building `TOMLError`s: where, what was found, and a terminal-safe copy of the line.
/// Runs once per failed parse, so it favours clarity over speed.
extension DocumentParser {
    /// An error at byte `offset`, with its line, column and sanitized source line.
    func error(_ message: String, at offset: Int) -> TOMLError {
        ErrorReport.make(
            message: message, offset: offset,
            bytes: UnsafeBufferPointer(start: base, count: end), file: file)
    }

    /// How the input at `offset` reads in a message: `"x"`, `end of line`, `end of file`,
    /// `control character U+0007`, `invalid UTF-8 byte 0xFF`.
    func found(at offset: Int) -> String {
        guard offset < end else { return "end of file" }
        let c = base[offset]
        switch c {
        case ASCII.newline: return "end of line"
        case ASCII.carriageReturn where offset + 1 < end && base[offset + 1] == ASCII.newline: return "end of line"
        case 0x20..<0x7F: return quoted(String(Character(Unicode.Scalar(c))))
        case 0..<0x80: return "control character \(ErrorReport.hex(UInt32(c)))"
        default:
            if let (scalar, _) = ErrorReport.decodeScalar(UnsafeBufferPointer(start: base, count: end), at: offset) {
                return "\(quoted(String(Character(scalar))))"
            }
            return "invalid UTF-8 byte 0x" + String(c, radix: 16, uppercase: true)
        }
    }

    /// A key or other document text quoted for a message: escaped and cut if long.
    func quoted(_ text: String) -> String {
        "\"" + sanitizedForMessage(text) + "\""
    }

    func sanitizedForMessage(_ text: String) -> String {
        ErrorReport.sanitizedForMessage(text)
    }
}

/// Error formatting that does not need the parser.
enum ErrorReport {
    /// The longest stretch of a source line an error shows, in scalars either side of the column.
    static let lineWindow = 60

    static func make(message: String, offset: Int, bytes: UnsafeBufferPointer<UInt8>, file: String?) -> TOMLError {
        let offset = min(max(offset, 0), bytes.count)
        var line = 1
        var lineStart = 0
        if let base = bytes.baseAddress, offset >= 3, DocumentParser.hasByteOrderMark(base, bytes.count) {
            lineStart = 3
        }
        for i in 0..<offset where bytes[i] == ASCII.newline {
            line += 1
            lineStart = i + 1
        }
        var lineEnd = offset
        while lineEnd < bytes.count && bytes[lineEnd] != ASCII.newline { lineEnd += 1 }
        if lineEnd > lineStart && lineEnd > offset && bytes[lineEnd - 1] == ASCII.carriageReturn { lineEnd -= 1 }
        var column = 1
        for i in lineStart..<offset where bytes[i] & 0xC0 != 0x80 { column += 1 }

        // Decode only a window of bytes around the error (a line can be megabytes long).
        let byteWindow = lineWindow * 4 + 8
        var windowStart = max(lineStart, offset - byteWindow)
        while windowStart > lineStart && bytes[windowStart] & 0xC0 == 0x80 { windowStart -= 1 }
        let windowEnd = min(lineEnd, max(offset, windowStart) + byteWindow)
        var scalars: [Unicode.Scalar] = []
        var caretIndex = 0
        var i = windowStart
        while i < windowEnd {
            if i == offset { caretIndex = scalars.count }
            if bytes[i] & 0xC0 == 0x80 {
                i += 1
                continue
            }  // stray continuation byte: no column
            if let (scalar, length) = decodeScalar(bytes, at: i) {
                scalars.append(displayable(scalar))
                i += length
            } else {
                scalars.append("\u{FFFD}")
                i += 1
            }
        }
        if offset >= windowEnd { caretIndex = scalars.count }
        let first = max(0, caretIndex - lineWindow)
        let last = min(scalars.count, caretIndex + lineWindow)
        var text = String.UnicodeScalarView()
        var caret = caretIndex - first + 1
        if first > 0 || windowStart > lineStart {
            text.append("…")
            caret += 1
        }
        text.append(contentsOf: scalars[first..<last])
        if last < scalars.count || windowEnd < lineEnd { text.append("…") }
        return TOMLError(
            file: file, position: SourcePosition(line: line, column: column), message: message,
            sourceLine: String(text), caretColumn: caret)
    }

    /// Decodes one well-formed UTF-8 scalar at `offset`, or nil.
    static func decodeScalar(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> (Unicode.Scalar, Int)? {
        let b0 = bytes[offset]
        if b0 < 0x80 { return (Unicode.Scalar(b0), 1) }
        guard let length = utf8SequenceLength(bytes, at: offset) else { return nil }
        var value = UInt32(b0) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for k in 1..<length { value = value << 6 | UInt32(bytes[offset + k] & 0x3F) }
        return Unicode.Scalar(value).map { ($0, length) }
    }

    /// The length of the well-formed UTF-8 sequence starting with a non-ASCII byte at `offset`, or nil.
    static func utf8SequenceLength(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> Int? {
        let b0 = bytes[offset]
        var lower: UInt8 = 0x80
        var upper: UInt8 = 0xBF
        let length: Int
        switch b0 {
        case 0xC2...0xDF: length = 2
        case 0xE0:
            length = 3
            lower = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED:
            length = 3
            upper = 0x9F
        case 0xF0:
            length = 4
            lower = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4:
            length = 4
            upper = 0x8F
        default: return nil
        }
        guard offset + length <= bytes.count else { return nil }
        let b1 = bytes[offset + 1]
        guard b1 >= lower && b1 <= upper else { return nil }
        for k in 2..<length where bytes[offset + k] & 0xC0 != 0x80 { return nil }
        return length
    }

    /// One scalar that is safe on a terminal and takes the place of `scalar`: control
    /// characters become their Unicode control pictures (␀, ␉, ␡), other invisible or
    /// direction-changing ones become U+FFFD.
    static func displayable(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        switch scalar.value {
        case 0x00...0x1F: Unicode.Scalar(0x2400 + scalar.value)!
        case 0x7F: "\u{2421}"
        case 0x80...0x9F, 0x200B...0x200F, 0x2028...0x202E, 0x2060...0x206F, 0xFEFF, 0xFFF9...0xFFFB: "\u{FFFD}"
        default: scalar
        }
    }

    /// Document text for a message: controls and invisible characters escaped as `\u{..}`,
    /// cut after 60 scalars.
    static func sanitizedForMessage(_ text: String) -> String {
        var result = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == lineWindow {
                result += "…"
                break
            }
            count += 1
            if displayable(scalar) != scalar || scalar == "\"" || scalar == "\\" {
                switch scalar {
                case "\"": result += "\\\""
                case "\\": result += "\\\\"
                case "\n": result += "\\n"
                case "\t": result += "\\t"
                case "\r": result += "\\r"
                default: result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                }
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// `U+001B`.
    static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
