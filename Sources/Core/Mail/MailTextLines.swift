/// Line splitting for mail text. Swift treats "\r\n" as one Character, so splitting a String on "\n"
/// misses CRLF line ends: these helpers split on the scalar U+000A instead.
enum MailTextLines {
    /// The range of each line, without its "\n" (a "\r" before it is kept; see `trimmingCR`).
    static func ranges(of text: String) -> [Range<String.Index>] {
        var ranges: [Range<String.Index>] = []
        let scalars = text.unicodeScalars
        var start = scalars.startIndex
        var i = start
        while i < scalars.endIndex {
            if scalars[i] == "\n" {
                ranges.append(start..<i)
                start = scalars.index(after: i)
            }
            i = scalars.index(after: i)
        }
        ranges.append(start..<scalars.endIndex)
        return ranges
    }

    /// Each line, without "\n" or "\r\n".
    static func lines(of text: String) -> [Substring] {
        ranges(of: text).map { trimmingCR(text[$0]) }
    }

    static func trimmingCR(_ line: Substring) -> Substring {
        line.unicodeScalars.last == "\r" ? Substring(line.unicodeScalars.dropLast()) : line
    }
}
