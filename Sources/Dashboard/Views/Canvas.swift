import Core
import DisplayText
import Screen

/// A run of text in one style.
struct Segment: Sendable {
    var text: String
    var style: Style
    init(_ text: String, _ style: Style = .plain) {
        self.text = text
        self.style = style
    }
}

/// One column of a table row.
struct Field {
    /// `.middle`: left-aligned, cut from the middle (ids keep their start and end).
    enum Align { case left, right, middle }
    var text: String
    var width: Int
    var align: Align = .left
    var style: Style = .plain
}

/// Drawing helpers over a Screen. Every string from the workspace passes through Core's `TerminalText.sanitizeLine`
/// here, so no view can forget it.
struct Canvas {
    var screen: Screen
    let colors: Bool

    init(width: Int, height: Int, colors: Bool) {
        screen = Screen(width: width, height: height)
        self.colors = colors
    }

    var width: Int { screen.width }
    var height: Int { screen.height }

    /// Colour roles are dropped under NO_COLOR; bold, reverse and glyphs stay.
    func styled(_ style: Style) -> Style {
        colors ? style : style.with(role: .normal)
    }

    @discardableResult
    mutating func text(_ text: String, row: Int, column: Int, style: Style = .plain, limit: Int? = nil) -> Int {
        let room = min(limit ?? (width - column), width - column)
        guard room > 0 else { return 0 }
        return screen.put(
            TextLayout.truncate(TerminalText.sanitizeLine(text), to: room), row: row, column: column,
            style: styled(style), limit: room)
    }

    /// Segments one after another from `column`; the last one that does not fit is truncated.
    @discardableResult
    mutating func segments(_ segments: [Segment], row: Int, column: Int = 0) -> Int {
        var x = column
        for segment in segments where x < width {
            x += text(segment.text, row: row, column: x, style: segment.style)
        }
        return x - column
    }

    /// Fields separated by one space, from `column`.
    mutating func fields(_ fields: [Field], row: Int, column: Int) {
        var x = column
        for field in fields {
            let clean = TerminalText.sanitizeLine(field.text)
            let fitted: String
            switch field.align {
            case .left: fitted = TextLayout.pad(clean, to: field.width)
            case .right: fitted = TextLayout.padLeft(clean, to: field.width)
            case .middle: fitted = TextLayout.padMiddle(clean, to: field.width)
            }
            screen.put(
                fitted, row: row, column: x, style: styled(field.style), limit: max(0, min(field.width, width - x)))
            x += field.width + 1
        }
    }

    mutating func fill(row: Int, style: Style) {
        screen.fill(row: row, style: styled(style))
    }

    /// Shows every occurrence of `needle` on a row (case-insensitive) in reverse video and underlined: search
    /// matches, found in what the row shows, so every view highlights the same way.
    mutating func highlight(_ needle: String, row: Int) {
        guard !needle.isEmpty, row >= 0, row < height else { return }
        var characters: [Character] = []
        var columns: [Int] = []
        for x in 0..<width where !screen[row, x].isContinuation {
            characters.append(screen[row, x].text)
            columns.append(x)
        }
        let hay = characters.map { String($0).lowercased() }
        let pattern = Array(needle.lowercased()).map(String.init)
        guard pattern.count <= hay.count else { return }
        var start = 0
        while start + pattern.count <= hay.count {
            if Array(hay[start..<(start + pattern.count)]) == pattern {
                let from = columns[start]
                let last = start + pattern.count - 1
                let to = columns[last] + max(1, Int(screen[row, columns[last]].width))
                screen.restyle(row: row, from: from, to: to) {
                    $0.reverse = true
                    $0.underline = true
                }
                start += pattern.count
            } else {
                start += 1
            }
        }
    }

    /// Marks a row as selected: a `›` in the first column and reverse video across it.
    mutating func select(row: Int) {
        screen.put("›", row: row, column: 0, style: .plain)
        screen.restyle(row: row) { $0.reverse = true }
    }
}
