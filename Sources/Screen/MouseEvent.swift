/// A mouse action at a cell of the screen, as the terminal decodes it (ncurses mouse events; the terminal is
/// asked for SGR 1006 reports, so columns past 223 work).
public struct MouseEvent: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case click, doubleClick, wheelUp, wheelDown
    }

    public var kind: Kind
    public var row: Int
    public var column: Int

    public init(_ kind: Kind, row: Int, column: Int) {
        self.kind = kind
        self.row = row
        self.column = column
    }
}
