import TOML

/// The TOML reading and writing mail needs: front matter and read-mark files.
///
/// Stand-in until the project's TOML decoder lands: `parse` understands the subset mail uses (bare or quoted
/// keys; basic and literal strings; integers; booleans; offset date-times and local dates; arrays of those,
/// over several lines) and reports anything else as an error with its line and column. Swap the body of
/// `parse` for `TOMLParser.parse(text, file:)` once the decoder is merged.
public enum MailTOML {
    public static func parse(_ text: String, file: String? = nil) throws(TOMLError) -> TOMLTable {
        var parser = SubsetParser(text: text, file: file)
        return try parser.document()
    }

    /// `"..."` with the escapes TOML basic strings require.
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for s in text.unicodeScalars {
            switch s {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if s.value < 0x20 || s.value == 0x7F {
                    let hex = String(s.value, radix: 16, uppercase: true)
                    out += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                } else {
                    out.unicodeScalars.append(s)
                }
            }
        }
        return out + "\""
    }

    /// `["a", "b"]`.
    public static func quotedArray(_ items: [String]) -> String {
        "[" + items.map(quoted).joined(separator: ", ") + "]"
    }
}

/// A small recursive-descent reader for the subset documented on `MailTOML`.
private struct SubsetParser {
    let s: [Unicode.Scalar]
    let file: String?
    var i = 0
    var line = 1
    var lineStart = 0

    init(text: String, file: String?) {
        s = Array(text.unicodeScalars)
        self.file = file
    }

    var position: SourcePosition { SourcePosition(line: line, column: i - lineStart + 1) }

    func fail(_ message: String, at pos: SourcePosition? = nil) -> TOMLError {
        let p = pos ?? position
        var text = ""
        var j = lineStart
        while j < s.count, s[j] != "\n" { text.unicodeScalars.append(s[j]); j += 1 }
        return TOMLError(file: file, position: p, message: message, sourceLine: TerminalText.sanitizeLine(text))
    }

    var peek: Unicode.Scalar? { i < s.count ? s[i] : nil }

    func describe(_ c: Unicode.Scalar?) -> String {
        guard let c else { return "end of input" }
        if c == "\n" { return "end of line" }
        return "\"" + TerminalText.sanitizeLine(String(c)) + "\""
    }

    mutating func advance() {
        if s[i] == "\n" { line += 1; lineStart = i + 1 }
        i += 1
    }

    mutating func skipSpaces() { while let c = peek, c == " " || c == "\t" { i += 1 } }

    mutating func skipComment() {
        if peek == "#" { while let c = peek, c != "\n" { i += 1 } }
    }

    /// Spaces, comments and newlines (inside arrays).
    mutating func skipBlank() {
        while true {
            skipSpaces(); skipComment()
            if peek == "\n" { advance() } else if peek == "\r", i + 1 < s.count, s[i + 1] == "\n" { i += 1; advance() } else { return }
        }
    }

    mutating func document() throws(TOMLError) -> TOMLTable {
        var table = TOMLTable()
        while true {
            skipBlank()
            guard let c = peek else { return table }
            if c == "[" { throw fail("tables are not supported in mail front matter; expected key = value") }
            let keyPos = position
            let key = try readKey()
            if table[key] != nil { throw fail("duplicate key \"\(TerminalText.sanitizeLine(key))\"", at: keyPos) }
            skipSpaces()
            guard peek == "=" else { throw fail("expected \"=\" after a key, found \(describe(peek))") }
            i += 1
            skipSpaces()
            let valuePos = position
            let value = try readValue(depth: 0)
            table.setEntry(TOMLEntry(key: key, value: value, keyPosition: keyPos, valuePosition: valuePos))
            skipSpaces(); skipComment()
            if peek == "\r" { i += 1 }
            if let c = peek, c != "\n" { throw fail("expected the end of the line after a value, found \(describe(c))") }
        }
    }

    mutating func readKey() throws(TOMLError) -> String {
        if peek == "\"" { return try basicString() }
        if peek == "'" { return try literalString() }
        var key = ""
        while let c = peek, c.properties.isASCIIHexDigit || ("a"..."z").contains(c) || ("A"..."Z").contains(c) || c == "_" || c == "-" {
            key.unicodeScalars.append(c); i += 1
        }
        if key.isEmpty { throw fail("expected a key, found \(describe(peek))") }
        if peek == "." { throw fail("dotted keys are not supported in mail front matter") }
        return key
    }

    mutating func readValue(depth: Int) throws(TOMLError) -> TOMLValue {
        guard depth < 16 else { throw fail("arrays nested too deeply") }
        switch peek {
        case "\"": return .string(try basicString())
        case "'": return .string(try literalString())
        case "[": return try array(depth: depth)
        case "t", "f":
            let word = bareWord()
            if word == "true" { return .boolean(true) }
            if word == "false" { return .boolean(false) }
            throw fail("expected a value (string, integer, boolean, date, array), found \"\(TerminalText.sanitizeLine(word))\"")
        default:
            let start = position
            let word = bareWord()
            if word.isEmpty { throw fail("expected a value, found \(describe(peek))") }
            if let n = Int64(word.replacingOccurrences(of: "_", with: "")), !word.hasPrefix("_") { return .integer(n) }
            if let d = Self.dateValue(word) { return d }
            throw fail("expected a value (string, integer, boolean, date, array), found \"\(TerminalText.sanitizeLine(word))\"", at: start)
        }
    }

    mutating func bareWord() -> String {
        var w = ""
        while let c = peek, !(c == " " || c == "\t" || c == "\n" || c == "\r" || c == "," || c == "]" || c == "#") {
            w.unicodeScalars.append(c); i += 1
        }
        return w
    }

    mutating func array(depth: Int) throws(TOMLError) -> TOMLValue {
        i += 1
        var items = TOMLArray()
        while true {
            skipBlank()
            if peek == "]" { i += 1; return .array(items) }
            guard peek != nil else { throw fail("array is never closed (expected \"]\")") }
            items.append(try readValue(depth: depth + 1))
            skipBlank()
            if peek == "," { i += 1; continue }
            if peek == "]" { i += 1; return .array(items) }
            throw fail("expected \",\" or \"]\" in an array, found \(describe(peek))")
        }
    }

    mutating func basicString() throws(TOMLError) -> String {
        i += 1
        var out = ""
        while true {
            guard let c = peek, c != "\n" else { throw fail("string is never closed (expected '\"' before the end of the line)") }
            i += 1
            if c == "\"" { return out }
            if c == "\\" {
                guard let e = peek else { throw fail("string is never closed") }
                i += 1
                switch e {
                case "\"": out += "\""
                case "\\": out += "\\"
                case "n": out += "\n"
                case "t": out += "\t"
                case "r": out += "\r"
                case "b": out += "\u{8}"
                case "f": out += "\u{C}"
                case "e": out += "\u{1B}"
                case "u", "U":
                    let count = e == "u" ? 4 : 8
                    var hex = ""
                    for _ in 0..<count { if let h = peek, h.properties.isASCIIHexDigit { hex.unicodeScalars.append(h); i += 1 } }
                    guard hex.count == count, let v = UInt32(hex, radix: 16), let u = Unicode.Scalar(v) else {
                        throw fail("invalid unicode escape \\\(e)\(hex)")
                    }
                    out.unicodeScalars.append(u)
                default:
                    throw fail("invalid escape \\\(TerminalText.sanitizeLine(String(e))) in a string")
                }
            } else if c.value < 0x20 && c != "\t" || c.value == 0x7F {
                i -= 1
                throw fail("control character U+\(String(c.value, radix: 16, uppercase: true)) in a string must be escaped")
            } else {
                out.unicodeScalars.append(c)
            }
        }
    }

    mutating func literalString() throws(TOMLError) -> String {
        i += 1
        var out = ""
        while true {
            guard let c = peek, c != "\n" else { throw fail("string is never closed (expected \"'\" before the end of the line)") }
            i += 1
            if c == "'" { return out }
            out.unicodeScalars.append(c)
        }
    }

    /// `1979-05-27`, `1979-05-27T07:32:00Z`, `1979-05-27T07:32:00.5-07:00`.
    static func dateValue(_ w: String) -> TOMLValue? {
        let b = Array(w.utf8)
        func num(_ from: Int, _ len: Int) -> Int? {
            guard from + len <= b.count else { return nil }
            var n = 0
            for k in from..<(from + len) { guard (48...57).contains(b[k]) else { return nil }; n = n * 10 + Int(b[k] - 48) }
            return n
        }
        guard b.count >= 10, let y = num(0, 4), b[4] == 45, let mo = num(5, 2), b[7] == 45, let d = num(8, 2),
              (1...12).contains(mo), (1...31).contains(d) else { return nil }
        let date = LocalDate(year: y, month: mo, day: d)
        if b.count == 10 { return .localDate(date) }
        guard b.count >= 20, b[10] == 84 || b[10] == 116, let h = num(11, 2), b[13] == 58, let mi = num(14, 2), b[16] == 58,
              let sec = num(17, 2), h < 24, mi < 60, sec < 61 else { return nil }
        var k = 19
        var nanos = 0
        if b[k] == 46 {
            k += 1
            var digits = 0
            while k < b.count, (48...57).contains(b[k]) {
                if digits < 9 { nanos = nanos * 10 + Int(b[k] - 48) }
                digits += 1; k += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<9 where digits < 9 { nanos *= 10 }
        }
        let time = LocalTime(hour: h, minute: mi, second: sec, nanosecond: nanos)
        if k == b.count - 1, b[k] == 90 || b[k] == 122 {
            return .offsetDateTime(OffsetDateTime(date: date, time: time, offsetMinutes: 0))
        }
        guard k + 6 == b.count, b[k] == 43 || b[k] == 45, let oh = num(k + 1, 2), b[k + 3] == 58, let om = num(k + 4, 2) else { return nil }
        let sign = b[k] == 45 ? -1 : 1
        return .offsetDateTime(OffsetDateTime(date: date, time: time, offsetMinutes: sign * (oh * 60 + om)))
    }
}
