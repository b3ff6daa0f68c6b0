/// Line splitting for text from files (mail, reports). Swift treats "\r\n" as one Character, so splitting a String on "\n"
/// misses CRLF line ends: these helpers split on the scalar U+000A instead.
public enum TextLines {
    /// The range of each line, without its "\n" (a "\r" before it is kept; see `trimmingCR`).
    /// At most `limit` ranges: reading a header block does not split a whole document.
    /// With `until`, stops after the first line (past the first) for which it is true.
    public static func ranges(
        of text: String, limit: Int = .max, until stop: ((Substring) -> Bool)? = nil
    ) -> [Range<String.Index>] {
        var ranges: [Range<String.Index>] = []
        let scalars = text.unicodeScalars
        var start = scalars.startIndex
        var i = start
        while i < scalars.endIndex {
            if scalars[i] == "\n" {
                ranges.append(start..<i)
                if ranges.count == limit { return ranges }
                if let stop, ranges.count > 1, stop(text[start..<i]) { return ranges }
                start = scalars.index(after: i)
            }
            i = scalars.index(after: i)
        }
        ranges.append(start..<scalars.endIndex)
        return ranges
    }

    /// Each line (at most `limit`), without "\n" or "\r\n".
    public static func lines(of text: String, limit: Int = .max) -> [Substring] {
        ranges(of: text, limit: limit).map { trimmingCR(text[$0]) }
    }

    public static func trimmingCR(_ line: Substring) -> Substring {
        line.unicodeScalars.last == "\r" ? Substring(line.unicodeScalars.dropLast()) : line
    }
}
