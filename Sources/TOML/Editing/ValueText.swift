/// The text an edit writes for a value: the serializer's canonical forms, in the document's line
/// ends, and for a value that replaces another, the replaced literal's style where it can hold
/// the new value (a hex integer stays hex, a literal string stays literal, `1_000` keeps its
/// underscores, a date-time keeps a space between date and time).
struct ValueWriter {
    let crlf: Bool

    var newline: [UInt8] { crlf ? [ASCII.carriageReturn, ASCII.newline] : [ASCII.newline] }

    /// After `key = ` on a line of its own: long arrays and multi-line strings may span lines.
    func lineValue(_ value: TOMLValue) -> [UInt8] {
        var writer = SectionWriter(path: [], crlf: crlf)
        writer.writePlainValue(value)
        return writer.output
    }

    /// Inside an inline table or an array: one line.
    func inlineValue(_ value: TOMLValue) -> [UInt8] {
        var output = TOMLOutput()
        InlineWriter.write(value, to: &output)
        return output
    }

    func canonical(_ value: TOMLValue, onLine: Bool) -> [UInt8] {
        onLine ? lineValue(value) : inlineValue(value)
    }

    /// The text for `value` where `old` was written.
    func replacement(for value: TOMLValue, old: ArraySlice<UInt8>, onLine: Bool) -> [UInt8] {
        switch value {
        case .integer(let number):
            return Self.integer(number, like: old) ?? canonical(value, onLine: onLine)
        case .string(let text):
            return literalString(text, like: old, onLine: onLine) ?? canonical(value, onLine: onLine)
        case .offsetDateTime, .localDateTime:
            var text = canonical(value, onLine: onLine)
            // Keep `1979-05-27 07:32:00` (or a lowercase `t`/`z`) when the old value was written so.
            if old.count > 10, text.count > 10 {
                let separator = old[old.startIndex + 10]
                if separator == ASCII.space || separator == UInt8(ascii: "t") { text[10] = separator }
                if old.last == UInt8(ascii: "z"), text.last == UInt8(ascii: "Z") { text[text.count - 1] = old.last! }
            }
            return text
        default:
            return canonical(value, onLine: onLine)
        }
    }

    /// `number` in the radix, digit case, sign and underscore grouping of `old`, when it has one.
    static func integer(_ number: Int64, like old: ArraySlice<UInt8>) -> [UInt8]? {
        let bytes = Array(old)
        let hasUnderscores = bytes.contains(ASCII.underscore)
        if bytes.count > 2, bytes[0] == ASCII.zero, number >= 0 {
            let radix: Int
            switch bytes[1] {
            case UInt8(ascii: "x"): radix = 16
            case UInt8(ascii: "o"): radix = 8
            case UInt8(ascii: "b"): radix = 2
            default: return decimal(number, like: bytes, grouped: hasUnderscores)
            }
            let uppercase = bytes.contains { (UInt8(ascii: "A")...UInt8(ascii: "F")).contains($0) }
            var digits = String(number, radix: radix, uppercase: uppercase)
            if hasUnderscores { digits = grouped(digits, by: 4) }
            return Array(bytes[0..<2]) + Array(digits.utf8)
        }
        return decimal(number, like: bytes, grouped: hasUnderscores)
    }

    private static func decimal(_ number: Int64, like old: [UInt8], grouped group: Bool) -> [UInt8]? {
        let plus = old.first == ASCII.plus && number >= 0
        guard plus || group else { return nil }
        var digits = String(number.magnitude)
        if group { digits = grouped(digits, by: 3) }
        return Array(((number < 0 ? "-" : plus ? "+" : "") + digits).utf8)
    }

    /// `1234567` → `1_234_567` (groups counted from the right).
    private static func grouped(_ digits: String, by size: Int) -> String {
        var result = ""
        for (i, digit) in digits.enumerated() {
            if i > 0 && (digits.count - i) % size == 0 { result += "_" }
            result.append(digit)
        }
        return result
    }

    /// `'text'` or `'''text'''` when `old` was such a literal string and `text` can be one.
    private func literalString(_ text: String, like old: ArraySlice<UInt8>, onLine: Bool) -> [UInt8]? {
        guard old.first == ASCII.apostrophe else { return nil }
        let bytes = Array(text.utf8)
        let multiLine = old.count >= 6 && old.prefix(3).allSatisfy { $0 == ASCII.apostrophe }
        let hasNewline = bytes.contains(ASCII.newline)
        // Control characters other than tab (and, in a multi-line literal, LF) cannot be written.
        let allowed: (UInt8) -> Bool = { byte in
            !(ASCII.isForbiddenControl(byte) && !(multiLine && byte == ASCII.newline))
        }
        guard bytes.allSatisfy(allowed) else { return nil }
        if !multiLine {
            guard !bytes.contains(ASCII.apostrophe) else { return nil }
            return [ASCII.apostrophe] + bytes + [ASCII.apostrophe]
        }
        // A raw LF in a CRLF document would mix line ends; a multi-line literal needs a line.
        guard onLine, !(crlf && hasNewline), !text.contains("'''"), bytes.last != ASCII.apostrophe else { return nil }
        let opensWithNewline = old.dropFirst(3).first == ASCII.newline || old.dropFirst(3).first == ASCII.carriageReturn
        var output: [UInt8] = Array("'''".utf8)
        if opensWithNewline || bytes.first == ASCII.newline { output += newline }
        return output + bytes + Array("'''".utf8)
    }
}

/// Values an edit can write: TOML has no syntax for a date outside years 0–9999, a month 13,
/// or nesting deeper than the parser accepts.
enum ValueCheck {
    static func check(_ value: TOMLValue, at path: TOMLPath) throws(TOMLEditError) {
        let depth = try nesting(value, path: path)
        if max(path.count - 1, 0) + depth > TOMLParser.maximumNestingDepth {
            throw .unrepresentable(
                path, reason: "it nests deeper than \(TOMLParser.maximumNestingDepth) levels of tables and arrays")
        }
    }

    /// How many tables and arrays deep `value` goes (0 for a scalar); throws for a bad date or time.
    private static func nesting(_ value: TOMLValue, path: TOMLPath) throws(TOMLEditError) -> Int {
        switch value {
        case .table(let table):
            var deepest = 0
            for entry in table.unpositionedEntries {
                deepest = max(deepest, try nesting(entry.value, path: path))
                if deepest > TOMLParser.maximumNestingDepth { break }
            }
            return deepest + 1
        case .array(let array):
            var deepest = 0
            for element in array {
                deepest = max(deepest, try nesting(element, path: path))
                if deepest > TOMLParser.maximumNestingDepth { break }
            }
            return deepest + 1
        case .offsetDateTime(let moment):
            try check(moment.date, path)
            try check(moment.time, path)
            if abs(moment.offsetMinutes) > 23 * 60 + 59 {
                throw .unrepresentable(path, reason: "offset \(moment.offsetMinutes) minutes is beyond ±23:59")
            }
            return 0
        case .localDateTime(let moment):
            try check(moment.date, path)
            try check(moment.time, path)
            return 0
        case .localDate(let date):
            try check(date, path)
            return 0
        case .localTime(let time):
            try check(time, path)
            return 0
        default:
            return 0
        }
    }

    private static func check(_ date: LocalDate, _ path: TOMLPath) throws(TOMLEditError) {
        guard (0...9999).contains(date.year), LocalDate.isValid(year: date.year, month: date.month, day: date.day)
        else {
            throw .unrepresentable(path, reason: "\(date) is not a date TOML can write (years 0000–9999)")
        }
    }

    private static func check(_ time: LocalTime, _ path: TOMLPath) throws(TOMLEditError) {
        guard time.hour < 24, time.minute < 60, time.second <= 60, time.nanosecond < 1_000_000_000 else {
            throw .unrepresentable(path, reason: "\(time) is not a time of day")
        }
    }
}
