import DisplayText

/// One terminal cell: a grapheme and its width. A wide character occupies its cell (width 2)
/// and the next one, which becomes a continuation cell (width 0, empty text).
public struct Cell: Sendable, Hashable {
    public var text: Character
    public var width: UInt8
    public var style: Style

    public init(text: Character = " ", width: UInt8 = 1, style: Style = .plain) {
        self.text = text
        self.width = width
        self.style = style
    }

    public static let blank = Cell()
    public var isContinuation: Bool { width == 0 }
}

/// A frame: a grid of cells the view model draws into and the terminal paints. Pure and
/// comparable row by row, so the terminal repaints only what changed and tests read `lines`.
public struct Screen: Sendable, Hashable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(row: Int, column: Int) -> Cell {
        cells[row * width + column]
    }

    public func row(_ row: Int) -> ArraySlice<Cell> {
        cells[(row * width)..<((row + 1) * width)]
    }

    /// Writes already-sanitized text at (row, column), at most `limit` columns, and returns the
    /// number of columns used. A wide character that would straddle the limit is replaced by a
    /// space so columns never shift.
    @discardableResult
    public mutating func put(
        _ text: String, row: Int, column: Int, style: Style = .plain,
        limit: Int? = nil
    ) -> Int {
        guard row >= 0, row < height, column < width else { return 0 }
        let end = min(width, column + (limit ?? width))
        var x = column
        for character in text {
            let w = DisplayWidth.of(character)
            if w == 0 {
                if x > column, x - 1 < end { appendMark(character, row: row, before: x) }
                continue
            }
            if x + w > end {
                if x < end { set(row, x, Cell(text: " ", width: 1, style: style)) }
                x = end
                break
            }
            if x >= 0 {
                set(row, x, Cell(text: character, width: UInt8(w), style: style))
                if w == 2 { set(row, x + 1, Cell(text: " ", width: 0, style: style)) }
            }
            x += w
        }
        return x - column
    }

    /// Fills columns with spaces in a style (a highlighted row, a bar background).
    public mutating func fill(row: Int, from column: Int = 0, to end: Int? = nil, style: Style) {
        guard row >= 0, row < height else { return }
        for x in max(0, column)..<min(width, end ?? width) {
            set(row, x, Cell(text: " ", width: 1, style: style))
        }
    }

    /// Restyles existing cells without changing their text.
    public mutating func restyle(row: Int, from column: Int = 0, to end: Int? = nil, _ change: (inout Style) -> Void) {
        guard row >= 0, row < height else { return }
        for x in max(0, column)..<min(width, end ?? width) {
            change(&cells[row * width + x].style)
        }
    }

    /// Copies `rows` of another frame into this one from `column` (a pane drawn on its own canvas).
    public mutating func paste(_ other: Screen, rows: Range<Int>, column: Int) {
        for row in rows where row >= 0 && row < height && row < other.height {
            for x in 0..<other.width where column + x >= 0 && column + x < width {
                cells[row * width + column + x] = other.cells[row * other.width + x]
            }
        }
    }

    /// The rows as plain strings with trailing spaces removed: what a test (or `capture-pane`) sees.
    public var lines: [String] {
        (0..<height).map { line($0) }
    }

    public func line(_ row: Int) -> String {
        var text = ""
        for cell in self.row(row) where !cell.isContinuation {
            text.append(cell.text)
        }
        while text.last == " " { text.removeLast() }
        return text
    }

    private mutating func set(_ row: Int, _ column: Int, _ cell: Cell) {
        guard column >= 0, column < width else { return }
        let index = row * width + column
        // Overwriting half of a wide character blanks its other half.
        if cells[index].width == 2, column + 1 < width, cell.width != 2 {
            cells[index + 1] = .blank
        }
        if cells[index].isContinuation, column > 0, cells[index - 1].width == 2 {
            cells[index - 1] = .blank
        }
        cells[index] = cell
    }

    private mutating func appendMark(_ mark: Character, row: Int, before column: Int) {
        var x = column - 1
        while x > 0 && cells[row * width + x].isContinuation { x -= 1 }
        let index = row * width + x
        var combined = String(cells[index].text)
        combined.append(mark)
        if combined.count == 1, let merged = combined.first { cells[index].text = merged }
    }
}
