/// Fitting sanitized text into a number of terminal columns (measured by `DisplayWidth`): the one truncate
/// and pad for CLI tables, messages and the dashboard alike.
public enum TextLayout {
    /// The text cut to at most `columns` columns; when cut, the last column is an ellipsis `…`.
    public static func truncate(_ text: String, to columns: Int) -> String {
        guard columns > 0 else { return "" }
        if DisplayWidth.of(text) <= columns { return text }
        var result = ""
        var used = 0
        for character in text {
            let width = DisplayWidth.of(character)
            if used + width > columns - 1 { break }
            result.append(character)
            used += width
        }
        return result + "…"
    }

    /// The text cut from the middle to at most `columns` columns (`day3-audit…compliance`): ids keep both their
    /// start and their end, which is where they differ.
    public static func truncateMiddle(_ text: String, to columns: Int) -> String {
        guard columns > 0 else { return "" }
        if DisplayWidth.of(text) <= columns { return text }
        let characters = Array(text)
        let headRoom = (columns - 1 + 1) / 2
        let tailRoom = columns - 1 - headRoom
        var head = ""
        var used = 0
        for character in characters {
            let width = DisplayWidth.of(character)
            if used + width > headRoom { break }
            head.append(character)
            used += width
        }
        var tail: [Character] = []
        var tailUsed = 0
        for character in characters.reversed() {
            let width = DisplayWidth.of(character)
            if tailUsed + width > tailRoom { break }
            tail.append(character)
            tailUsed += width
        }
        return head + "…" + String(tail.reversed())
    }

    /// The text cut from the middle and padded with spaces to exactly `columns` columns.
    public static func padMiddle(_ text: String, to columns: Int) -> String {
        let cut = truncateMiddle(text, to: columns)
        let missing = columns - DisplayWidth.of(cut)
        return missing > 0 ? cut + String(repeating: " ", count: missing) : cut
    }

    /// The text truncated and then padded with spaces to exactly `columns` columns.
    public static func pad(_ text: String, to columns: Int) -> String {
        let cut = truncate(text, to: columns)
        let missing = columns - DisplayWidth.of(cut)
        return missing > 0 ? cut + String(repeating: " ", count: missing) : cut
    }

    /// Right-aligned within `columns` columns.
    public static func padLeft(_ text: String, to columns: Int) -> String {
        let cut = truncate(text, to: columns)
        let missing = columns - DisplayWidth.of(cut)
        return missing > 0 ? String(repeating: " ", count: missing) + cut : cut
    }

    /// Rows of (sanitized) cells as left-aligned columns separated by two spaces, each column as wide as its
    /// widest cell in terminal columns; the last cell of a row is not padded. Rows may differ in length.
    public static func table(_ rows: [[String]]) -> [String] {
        var widths: [Int] = []
        for row in rows {
            for (index, cell) in row.enumerated().dropLast() {
                if index == widths.count { widths.append(0) }
                widths[index] = max(widths[index], DisplayWidth.of(cell))
            }
        }
        return rows.map { row in
            var line = ""
            for (index, cell) in row.enumerated() {
                if index > 0 { line += "  " }
                line += cell
                if index < row.count - 1 {
                    line += String(repeating: " ", count: widths[index] - DisplayWidth.of(cell))
                }
            }
            return line
        }
    }

    /// Words wrapped to lines of at most `columns` columns (long words are cut).
    public static func wrap(_ text: String, to columns: Int) -> [String] {
        guard columns > 0 else { return [] }
        var lines: [String] = []
        var current = ""
        var currentWidth = 0
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            let word = String(word)
            let width = DisplayWidth.of(word)
            if currentWidth == 0 {
                current = truncate(word, to: columns)
                currentWidth = DisplayWidth.of(current)
            } else if currentWidth + 1 + width <= columns {
                current += " " + word
                currentWidth += 1 + width
            } else {
                lines.append(current)
                current = truncate(word, to: columns)
                currentWidth = DisplayWidth.of(current)
            }
        }
        if currentWidth > 0 { lines.append(current) }
        return lines
    }
}
