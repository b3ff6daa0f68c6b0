import Foundation

/// `{{name}}` placeholders in formula text, resolved from a molecule's variables. Pure.
public enum Placeholders {
    /// The names of the `{{name}}` placeholders in a text, in order (`{{#…}}`-style tags are skipped).
    public static func names(in text: String) -> [String] {
        var names: [String] = []
        scan(text) { name, _ in names.append(name) }
        return names
    }

    /// Replaces each `{{name}}` that has a value; unknown ones stay as written.
    public static func substitute(_ text: String, with values: [String: String]) -> String {
        var result = ""
        var last = text.utf8.startIndex
        var changed = false
        scan(text) { name, range in
            guard let value = values[name] else { return }
            result += Substring(text.utf8[last..<range.lowerBound])
            result += value
            last = range.upperBound
            changed = true
        }
        guard changed else { return text }
        result += Substring(text.utf8[last...])
        return result
    }

    /// Scans the UTF-8 bytes directly (Foundation's string search is far slower on large formulas).
    static func scan(_ text: String, _ found: (String, Range<String.Index>) -> Void) {
        var text = text
        // Offsets of each `{{…}}` whose inside is a name, found on contiguous bytes.
        var matches: [(name: String, start: Int, end: Int)] = []
        text.withUTF8 { bytes in
            let open = UInt8(ascii: "{")
            let close = UInt8(ascii: "}")
            let count = bytes.count
            guard let base = bytes.baseAddress else { return }
            var i = 0
            while i + 1 < count {
                // memchr skips the long stretches without a brace far faster than a byte loop.
                guard let hit = memchr(base + i, Int32(open), count - i) else { return }
                i = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                guard i + 1 < count else { return }
                guard bytes[i + 1] == open else {
                    i += 1
                    continue
                }
                var j = i + 2
                while j + 1 < count, !(bytes[j] == close && bytes[j + 1] == close) { j += 1 }
                guard j + 1 < count else { return }
                var a = i + 2
                var b = j
                while a < b, bytes[a] == 0x20 || bytes[a] == 0x09 { a += 1 }
                while b > a, bytes[b - 1] == 0x20 || bytes[b - 1] == 0x09 { b -= 1 }
                let inner = UnsafeBufferPointer(rebasing: bytes[a..<b])
                if FormulaValidator.isIdentifier(bytes: inner) {
                    matches.append((String(decoding: inner, as: UTF8.self), i, j + 2))
                }
                i = j + 2
            }
        }
        let utf8 = text.utf8
        for match in matches {
            let start = utf8.index(utf8.startIndex, offsetBy: match.start)
            let end = utf8.index(utf8.startIndex, offsetBy: match.end)
            found(match.name, start..<end)
        }
    }
}
