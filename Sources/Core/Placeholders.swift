import Foundation

/// `{{name}}` placeholders in formula text, resolved from a molecule's variables. Pure.
///
/// Template text around them is not a placeholder (see `TemplateTag`): block tags and their closers
/// (`{{#each x}}`, `{{/each}}`, `{{^x}}`), comments (`{{! … }}`, `{{!-- … --}}`), Go-template actions
/// and dot paths (`{{if .x}}`, `{{end}}`, `{{.problem}}`), the template languages' keywords (`{{else}}`),
/// and any name inside a block that changes the context (`{{#each db}}{{name}}{{/each}}`,
/// `{{range .files}}{{path}}{{end}}`).
public enum Placeholders {
    /// The names of the `{{name}}` placeholders in a text, in order.
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
        var matches: [(name: String, start: Int, end: Int)] = []
        text.withUTF8 { bytes in
            // Open blocks, innermost last: true when the block changes the context.
            var blocks: [Bool] = []
            var scopedDepth = 0
            forEachTag(in: bytes) { inner, start, end in
                switch TemplateTag.classify(inner) {
                case .name where scopedDepth == 0:
                    matches.append((String(decoding: inner, as: UTF8.self), start, end))
                case .open(let scoped):
                    blocks.append(scoped)
                    if scoped { scopedDepth += 1 }
                case .close:
                    if let scoped = blocks.popLast(), scoped { scopedDepth -= 1 }
                case .name, .other:
                    break
                }
            }
        }
        let utf8 = text.utf8
        for match in matches {
            let start = utf8.index(utf8.startIndex, offsetBy: match.start)
            let end = utf8.index(utf8.startIndex, offsetBy: match.end)
            found(match.name, start..<end)
        }
    }

    /// Calls `body` with the inside of each `{{…}}` (blanks trimmed) and the tag's byte offsets.
    /// A `{{!-- … --}}` comment ends at `--}}`, so it may hold `}}`.
    static func forEachTag(
        in bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>, Int, Int) -> Void
    ) {
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
            let longComment =
                i + 4 < count && bytes[i + 2] == UInt8(ascii: "!") && bytes[i + 3] == UInt8(ascii: "-")
                && bytes[i + 4] == UInt8(ascii: "-")
            var j = i + 2
            if longComment {
                j = i + 5
                while j + 3 < count,
                    !(bytes[j] == UInt8(ascii: "-") && bytes[j + 1] == UInt8(ascii: "-") && bytes[j + 2] == close
                        && bytes[j + 3] == close)
                {
                    j += 1
                }
                guard j + 3 < count else { return }
                body(UnsafeBufferPointer(rebasing: bytes[(i + 2)..<(i + 3)]), i, j + 4)
                i = j + 4
                continue
            }
            while j + 1 < count, !(bytes[j] == close && bytes[j + 1] == close) { j += 1 }
            guard j + 1 < count else { return }
            body(TemplateTag.trimmed(bytes, from: i + 2, to: j), i, j + 2)
            i = j + 2
        }
    }
}
