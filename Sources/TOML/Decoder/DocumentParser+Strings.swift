/// The four kinds of TOML strings. Each has a fast path that slices the document when the
/// string holds no escapes (the string is then a range of the source); escapes are decoded
/// into the document's string arena.
extension DocumentParser {
    // MARK: - Basic strings

    /// `"..."`, starting at the opening quote.
    mutating func parseBasicString() throws(TOMLError) -> StringRef {
        let open = pos
        pos += 1
        let start = pos
        while pos < end {
            let c = base[pos]
            if c == ASCII.quote {
                pos += 1
                return StringRef(inArena: false, start: start, length: pos - 1 - start)
            } else if c == ASCII.backslash {
                return try parseBasicStringWithEscapes(contentStart: start, open: open)
            } else {
                try skipContentByte(c, open: open)
            }
        }
        throw unterminatedString(open: open, closing: "\"")
    }

    private mutating func parseBasicStringWithEscapes(contentStart: Int, open: Int) throws(TOMLError) -> StringRef {
        let arenaStart = arena.count
        appendToArena(from: contentStart, to: pos)
        while pos < end {
            let runStart = pos
            while pos < end {
                let c = base[pos]
                if c == ASCII.quote || c == ASCII.backslash || ASCII.isForbiddenControl(c) { break }
                if c >= 0x80 { try skipUTF8Scalar() } else { pos += 1 }
            }
            appendToArena(from: runStart, to: pos)
            guard pos < end else { break }
            let c = base[pos]
            if c == ASCII.quote {
                pos += 1
                return StringRef(inArena: true, start: arenaStart, length: arena.count - arenaStart)
            } else if c == ASCII.backslash {
                try appendEscape()
            } else {
                throw stringControlError(at: pos, open: open)
            }
        }
        throw unterminatedString(open: open, closing: "\"")
    }

    /// `"""..."""`, starting at the opening quotes.
    mutating func parseMultilineBasicString() throws(TOMLError) -> StringRef {
        let open = pos
        pos += 3
        try skipNewlineAfterOpening()
        let start = pos
        while pos < end {
            let c = base[pos]
            switch c {
            case ASCII.quote:
                if let contentEnd = try closingQuotes(ASCII.quote) { return sourceString(from: start, to: contentEnd) }
            case ASCII.backslash:
                return try parseMultilineBasicStringWithEscapes(contentStart: start, open: open)
            case ASCII.newline, ASCII.carriageReturn:
                try skipLineEnd(c)
            default:
                try skipContentByte(c, open: open)
            }
        }
        throw unterminatedString(open: open, closing: "\"\"\"")
    }

    private mutating func parseMultilineBasicStringWithEscapes(contentStart: Int, open: Int) throws(TOMLError)
        -> StringRef
    {
        let arenaStart = arena.count
        appendToArena(from: contentStart, to: pos)
        while pos < end {
            let c = base[pos]
            switch c {
            case ASCII.quote:
                let quoteStart = pos
                if let contentEnd = try closingQuotes(ASCII.quote) {
                    appendToArena(from: quoteStart, to: contentEnd)
                    return StringRef(inArena: true, start: arenaStart, length: arena.count - arenaStart)
                }
                appendToArena(from: quoteStart, to: pos)
            case ASCII.backslash:
                if try !skipLineEndingBackslash() { try appendEscape() }
            case ASCII.newline:
                arena.append(c)
                pos += 1
                startLine(after: pos - 1)
            case ASCII.carriageReturn:
                try consumeCarriageReturn()
                arena.append(ASCII.carriageReturn)
                arena.append(ASCII.newline)
            default:
                let runStart = pos
                if c >= 0x80 {
                    try skipUTF8Scalar()
                } else if ASCII.isForbiddenControl(c) {
                    throw stringControlError(at: pos, open: open)
                } else {
                    pos += 1
                    while pos < end, base[pos] >= 0x20, base[pos] < 0x7F,
                        base[pos] != ASCII.quote, base[pos] != ASCII.backslash
                    { pos += 1 }
                }
                appendToArena(from: runStart, to: pos)
            }
        }
        throw unterminatedString(open: open, closing: "\"\"\"")
    }

    /// At a `\` in a multi-line basic string: if only spaces follow it up to the end of the line,
    /// skips it and all whitespace and newlines after it, and returns true.
    private mutating func skipLineEndingBackslash() throws(TOMLError) -> Bool {
        var i = pos + 1
        while i < end, ASCII.isSpace(base[i]) { i += 1 }
        let atLineEnd =
            i < end
            && (base[i] == ASCII.newline
                || (base[i] == ASCII.carriageReturn && i + 1 < end && base[i + 1] == ASCII.newline))
        guard atLineEnd else {
            if i > pos + 1 {
                throw error("expected a newline after a line-ending backslash, found \(found(at: i))", at: i)
            }
            return false
        }
        pos = i
        while pos < end {
            switch base[pos] {
            case ASCII.space, ASCII.tab: pos += 1
            case ASCII.newline:
                pos += 1
                startLine(after: pos - 1)
            case ASCII.carriageReturn:
                try consumeCarriageReturn()
            default:
                return true
            }
        }
        return true
    }

    /// Decodes the escape sequence at the cursor (a backslash) into the string arena.
    private mutating func appendEscape() throws(TOMLError) {
        let c = peek(1)
        let simple: UInt8
        switch c {
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "t"): simple = 0x09
        case UInt8(ascii: "n"): simple = 0x0A
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "r"): simple = 0x0D
        case UInt8(ascii: "e"): simple = 0x1B
        case ASCII.quote: simple = ASCII.quote
        case ASCII.backslash: simple = ASCII.backslash
        case UInt8(ascii: "x"):
            try appendUnicodeEscape(digits: 2)
            return
        case UInt8(ascii: "u"):
            try appendUnicodeEscape(digits: 4)
            return
        case UInt8(ascii: "U"):
            try appendUnicodeEscape(digits: 8)
            return
        default:
            throw error(
                "invalid escape sequence: expected one of \\b \\t \\n \\f \\r \\e \\\" \\\\ \\xHH \\uHHHH "
                    + "\\UHHHHHHHH after a backslash, found \(found(at: pos + 1))", at: pos)
        }
        arena.append(simple)
        pos += 2
    }

    /// `\xHH`, `\uHHHH` or `\UHHHHHHHH` at the cursor.
    private mutating func appendUnicodeEscape(digits: Int) throws(TOMLError) {
        let escapeStart = pos
        var value: UInt32 = 0
        for k in 0..<digits {
            let offset = pos + 2 + k
            guard offset < end, let digit = ASCII.hexValue(base[offset]) else {
                throw error(
                    "expected \(digits) hexadecimal digits in escape sequence, found \(found(at: offset))",
                    at: offset)
            }
            value = value << 4 | digit
        }
        guard let scalar = Unicode.Scalar(value) else {
            throw error(
                "escape sequence \(ErrorReport.hex(value)) is not a Unicode scalar value "
                    + "(surrogates and values above U+10FFFF are not allowed)", at: escapeStart)
        }
        arena.append(contentsOf: UTF8.encode(scalar)!)
        pos += 2 + digits
    }

    // MARK: - Literal strings

    /// `'...'`, starting at the opening apostrophe.
    mutating func parseLiteralString() throws(TOMLError) -> StringRef {
        let open = pos
        pos += 1
        let start = pos
        while pos < end {
            let c = base[pos]
            if c == ASCII.apostrophe {
                pos += 1
                return StringRef(inArena: false, start: start, length: pos - 1 - start)
            } else {
                try skipContentByte(c, open: open)
            }
        }
        throw unterminatedString(open: open, closing: "'")
    }

    /// `'''...'''`, starting at the opening apostrophes.
    mutating func parseMultilineLiteralString() throws(TOMLError) -> StringRef {
        let open = pos
        pos += 3
        try skipNewlineAfterOpening()
        let start = pos
        while pos < end {
            let c = base[pos]
            switch c {
            case ASCII.apostrophe:
                if let contentEnd = try closingQuotes(ASCII.apostrophe) {
                    return sourceString(from: start, to: contentEnd)
                }
            case ASCII.newline, ASCII.carriageReturn:
                try skipLineEnd(c)
            default:
                try skipContentByte(c, open: open)
            }
        }
        throw unterminatedString(open: open, closing: "'''")
    }

    // MARK: - Shared pieces

    /// A newline right after `"""` or `'''` is not part of the string.
    private mutating func skipNewlineAfterOpening() throws(TOMLError) {
        let c = peek()
        if c == ASCII.newline || c == ASCII.carriageReturn { try skipLineEnd(c) }
    }

    /// Steps over a line end (`\n`, or `\r\n` checked by `consumeCarriageReturn`) inside a multi-line string.
    @inline(__always) private mutating func skipLineEnd(_ c: UInt8) throws(TOMLError) {
        if c == ASCII.newline {
            pos += 1
            startLine(after: pos - 1)
        } else {
            try consumeCarriageReturn()
        }
    }

    /// Steps over one byte (or UTF-8 scalar) of string content that needs no decoding; a control
    /// character TOML forbids in strings is an error.
    @inline(__always) private mutating func skipContentByte(_ c: UInt8, open: Int) throws(TOMLError) {
        if c >= 0x80 {
            try skipUTF8Scalar()
        } else if ASCII.isForbiddenControl(c) {
            throw stringControlError(at: pos, open: open)
        } else {
            pos += 1
        }
    }

    /// At a run of `quote`s inside a multi-line string: consumes the run; if it closes the
    /// string (three or more, up to two of which belong to the content), returns where the
    /// content ends, otherwise nil.
    private mutating func closingQuotes(_ quote: UInt8) throws(TOMLError) -> Int? {
        let runStart = pos
        while pos < end, base[pos] == quote { pos += 1 }
        let run = pos - runStart
        if run < 3 { return nil }
        if run > 5 {
            throw error(
                "too many quotes: a multi-line string may hold at most two quotes in a row before "
                    + "its closing delimiter", at: runStart + 5)
        }
        return pos - 3
    }

    /// Validates the UTF-8 sequence starting at the cursor (a byte >= 0x80) and steps over it.
    @inline(__always) mutating func skipUTF8Scalar() throws(TOMLError) {
        guard let length = ErrorReport.utf8SequenceLength(UnsafeBufferPointer(start: base, count: end), at: pos) else {
            let byte = String(base[pos], radix: 16, uppercase: true)
            throw error("invalid UTF-8: byte 0x\(byte) does not start a well-formed UTF-8 sequence", at: pos)
        }
        if lineWithNonASCII != line {
            lineWithNonASCII = line
            lines.markNonASCII(line: line)
        }
        pos += length
    }

    @inline(__always) private mutating func appendToArena(from start: Int, to stop: Int) {
        if stop > start { arena.append(contentsOf: UnsafeBufferPointer(start: base + start, count: stop - start)) }
    }

    @inline(__always) private func sourceString(from start: Int, to stop: Int) -> StringRef {
        StringRef(inArena: false, start: start, length: stop - start)
    }

    private func stringControlError(at offset: Int, open: Int) -> TOMLError {
        if base[offset] == ASCII.newline || base[offset] == ASCII.carriageReturn {
            return unterminatedString(open: open, closing: base[open] == ASCII.quote ? "\"" : "'", at: offset)
        }
        return error("\(found(at: offset)) must be escaped in a string", at: offset)
    }

    private func unterminatedString(open: Int, closing: String, at offset: Int? = nil) -> TOMLError {
        let offset = offset ?? end
        let opened = ErrorReport.make(
            message: "", offset: open, bytes: UnsafeBufferPointer(start: base, count: end),
            file: nil
        ).position
        return error(
            "unterminated string: expected \(closing) to close the string opened at \(opened), "
                + "found \(found(at: offset))", at: offset)
    }
}

/// A decoded string: a range of the source (no escapes) or of the string arena.
struct StringRef {
    var inArena: Bool
    var start: Int
    var length: Int
}
