/// Integers (decimal, `0x`, `0o`, `0b`; 64-bit, overflow is an error) and floats
/// (fraction, exponent, `inf`, `nan`). Underscores must sit between two digits.
extension DocumentParser {
    /// A number, date, date-time or time, told apart by their first bytes.
    mutating func parseNumberOrDateTime() throws(TOMLError) -> TOMLValue {
        if ASCII.isDigit(base[pos]) && ASCII.isDigit(peek(1)) {
            let third = peek(2)
            if third == ASCII.colon { return try parseLocalTimeValue() }
            if ASCII.isDigit(third) && ASCII.isDigit(peek(3)) && peek(4) == ASCII.minus { return try parseDateValue() }
        }
        return try parseNumber()
    }

    private mutating func parseNumber() throws(TOMLError) -> TOMLValue {
        let start = pos
        var negative = false
        var c = base[pos]
        if c == ASCII.plus || c == ASCII.minus {
            negative = c == ASCII.minus
            pos += 1
            c = peek()
        }
        if c == UInt8(ascii: "i") || c == UInt8(ascii: "n") {
            return try parseSpecialFloat(start: start, negative: negative)
        }
        if c == ASCII.zero {
            let radix: UInt64
            switch peek(1) {
            case UInt8(ascii: "x"): radix = 16
            case UInt8(ascii: "o"): radix = 8
            case UInt8(ascii: "b"): radix = 2
            default: radix = 10
            }
            if radix != 10 {
                guard pos == start else {
                    throw error("a sign is not allowed on a hexadecimal, octal or binary integer", at: start)
                }
                return try parseRadixInteger(radix: radix)
            }
        }
        guard ASCII.isDigit(c) else {
            throw error("expected a digit after \(quotedSlice(start, pos)), found \(found(at: pos))", at: pos)
        }

        // Integer part. `mantissa` keeps up to 19 significant digits (all of an Int64).
        var mantissa: UInt64 = 0
        var significantDigits = 0
        let integerStart = pos
        try scanDigits(into: &mantissa, significant: &significantDigits, what: "number")
        if base[integerStart] == ASCII.zero && pos - integerStart > 1 {
            throw error("leading zeros are not allowed in \(quotedSlice(start, pos))", at: integerStart)
        }
        var isFloat = false
        var decimalExponent = 0
        if peek() == ASCII.dot {
            isFloat = true
            pos += 1
            guard ASCII.isDigit(peek()) else {
                throw error("expected a digit after the decimal point, found \(found(at: pos))", at: pos)
            }
            let fractionStart = pos
            var ignored = 0
            try scanDigits(into: &mantissa, significant: &significantDigits, what: "number", dropped: &ignored)
            // Every fraction digit kept in the mantissa scales it down by ten.
            let digitsInFraction = countDigits(from: fractionStart, to: pos)
            decimalExponent -= digitsInFraction - ignored
        }
        if peek() | 0x20 == UInt8(ascii: "e") {
            isFloat = true
            pos += 1
            var exponentNegative = false
            if peek() == ASCII.plus || peek() == ASCII.minus {
                exponentNegative = peek() == ASCII.minus
                pos += 1
            }
            guard ASCII.isDigit(peek()) else {
                throw error("expected a digit in the exponent, found \(found(at: pos))", at: pos)
            }
            var exponent = 0
            var previousDigit = false
            while pos < end {
                let d = base[pos]
                if ASCII.isDigit(d) {
                    if exponent < 100_000 { exponent = exponent * 10 + Int(d - ASCII.zero) }
                    previousDigit = true
                } else if d == ASCII.underscore {
                    guard previousDigit, ASCII.isDigit(peek(1)) else { throw underscoreError(at: pos) }
                    previousDigit = false
                } else {
                    break
                }
                pos += 1
            }
            decimalExponent += exponentNegative ? -exponent : exponent
        }
        if peek() == ASCII.dot || ASCII.isBareKey(peek()) && peek() != ASCII.minus {
            throw error("invalid number: unexpected \(found(at: pos)) after \(quotedSlice(start, pos))", at: pos)
        }
        try expectEndOfValue(start: start, what: "number")
        if !isFloat {
            return .integer(try integerValue(mantissa, negative: negative, digits: significantDigits, start: start))
        }
        return .float(
            try floatValue(
                mantissa: mantissa, significantDigits: significantDigits,
                exponent: decimalExponent, negative: negative, start: start))
    }

    /// Decimal digits with single underscores between them, accumulated into `value`
    /// (only the first 19 significant digits; the rest are counted in `dropped`).
    private mutating func scanDigits(into value: inout UInt64, significant: inout Int, what: String) throws(TOMLError) {
        var dropped = 0
        try scanDigits(into: &value, significant: &significant, what: what, dropped: &dropped)
        // Integer digits that did not fit still count towards the magnitude.
        significant += dropped
    }

    private mutating func scanDigits(
        into value: inout UInt64, significant: inout Int, what: String,
        dropped: inout Int
    ) throws(TOMLError) {
        var previousDigit = false
        while pos < end {
            let d = base[pos]
            if ASCII.isDigit(d) {
                if significant < 19 {
                    value = value &* 10 &+ UInt64(d - ASCII.zero)
                    if value != 0 { significant += 1 }
                } else {
                    dropped += 1
                }
                previousDigit = true
            } else if d == ASCII.underscore {
                guard previousDigit, ASCII.isDigit(peek(1)) else { throw underscoreError(at: pos) }
                previousDigit = false
            } else {
                return
            }
            pos += 1
        }
    }

    private func countDigits(from start: Int, to stop: Int) -> Int {
        var count = 0
        for i in start..<stop where base[i] != ASCII.underscore { count += 1 }
        return count
    }

    private func underscoreError(at offset: Int) -> TOMLError {
        error("an underscore in a number must sit between two digits", at: offset)
    }

    private func integerValue(_ magnitude: UInt64, negative: Bool, digits: Int, start: Int) throws(TOMLError) -> Int64 {
        let limit: UInt64 = negative ? UInt64(Int64.max) + 1 : UInt64(Int64.max)
        guard digits <= 19, magnitude <= limit else {
            throw error(
                "integer \(quotedSlice(start, pos)) does not fit in 64 bits "
                    + "(\(Int64.min) to \(Int64.max))", at: start)
        }
        return negative ? Int64(truncatingIfNeeded: 0 &- magnitude) : Int64(magnitude)
    }

    /// Exact when the mantissa and the power of ten are both exactly representable (Clinger's
    /// fast path); otherwise the standard library's correctly rounded conversion.
    private func floatValue(
        mantissa: UInt64, significantDigits: Int, exponent: Int, negative: Bool,
        start: Int
    ) throws(TOMLError) -> Double {
        var value: Double
        if significantDigits <= 19 && mantissa <= 1 << 53 && exponent >= -22 && exponent <= 22 {
            value = Double(mantissa)
            if exponent < 0 { value /= Self.powersOfTen[-exponent] } else { value *= Self.powersOfTen[exponent] }
            if negative { value = -value }
        } else {
            var text = ""
            text.reserveCapacity(pos - start)
            for i in start..<pos where base[i] != ASCII.underscore {
                text.unicodeScalars.append(Unicode.Scalar(base[i]))
            }
            guard let parsed = Double(text) else {
                throw error("invalid float \(quotedSlice(start, pos))", at: start)
            }
            value = parsed
        }
        guard value.isFinite else {
            throw error("float \(quotedSlice(start, pos)) is too large for a 64-bit float", at: start)
        }
        return value
    }

    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// `inf` or `nan`, after an optional sign.
    private mutating func parseSpecialFloat(start: Int, negative: Bool) throws(TOMLError) -> TOMLValue {
        let word = base[pos] == UInt8(ascii: "i") ? "inf" : "nan"
        var k = 0
        for byte in word.utf8 {
            guard pos + k < end, base[pos + k] == byte else {
                throw error(
                    "expected a value, found \(quotedSlice(start, min(end, pos + k + 1))) "
                        + "(did you mean \"\(word)\"? strings need quotes)", at: start)
            }
            k += 1
        }
        pos += 3
        try expectEndOfValue(start: start, what: "float")
        if word == "nan" { return .float(negative ? -Double.nan : Double.nan) }
        return .float(negative ? -Double.infinity : Double.infinity)
    }

    /// `0x`, `0o` or `0b` digits (no sign, underscores between digits), at the leading zero.
    private mutating func parseRadixInteger(radix: UInt64) throws(TOMLError) -> TOMLValue {
        let start = pos
        pos += 2
        let name = radix == 16 ? "hexadecimal" : radix == 8 ? "octal" : "binary"
        var value: UInt64 = 0
        var previousDigit = false
        var overflow = false
        while pos < end {
            let c = base[pos]
            if c == ASCII.underscore {
                guard previousDigit, pos + 1 < end, ASCII.hexValue(base[pos + 1]).map({ UInt64($0) < radix }) == true
                else { throw underscoreError(at: pos) }
                previousDigit = false
                pos += 1
                continue
            }
            guard let digit = ASCII.hexValue(c) else { break }
            guard UInt64(digit) < radix else {
                throw error("invalid \(name) digit \(found(at: pos))", at: pos)
            }
            let (shifted, o1) = value.multipliedReportingOverflow(by: radix)
            let (sum, o2) = shifted.addingReportingOverflow(UInt64(digit))
            overflow = overflow || o1 || o2
            value = sum
            previousDigit = true
            pos += 1
        }
        guard pos > start + 2 else {
            throw error("expected a \(name) digit after \(quotedSlice(start, pos)), found \(found(at: pos))", at: pos)
        }
        if ASCII.isBareKey(peek()) || peek() == ASCII.dot {
            throw error("invalid \(name) integer: unexpected \(found(at: pos))", at: pos)
        }
        try expectEndOfValue(start: start, what: "integer")
        guard !overflow, value <= UInt64(Int64.max) else {
            throw error("integer \(quotedSlice(start, pos)) does not fit in 64 bits (at most \(Int64.max))", at: start)
        }
        return .integer(Int64(value))
    }
}
