/// What a colour means, not which colour it is: the terminal maps roles to colours, or to
/// nothing under NO_COLOR (glyphs, bold and reverse carry the meaning then).
public enum ColorRole: UInt8, Sendable, Hashable, CaseIterable {
    case normal, accent, ok, warning, danger, muted, info
}

/// The look of one cell.
public struct Style: Sendable, Hashable {
    public var bold: Bool
    public var reverse: Bool
    public var dim: Bool
    public var underline: Bool
    public var role: ColorRole

    public init(
        bold: Bool = false, reverse: Bool = false, dim: Bool = false, underline: Bool = false,
        role: ColorRole = .normal
    ) {
        self.bold = bold
        self.reverse = reverse
        self.dim = dim
        self.underline = underline
        self.role = role
    }

    public static let plain = Style()
    public static let bold = Style(bold: true)
    public static let reverse = Style(reverse: true)
    public static let dim = Style(dim: true)

    public func with(role: ColorRole) -> Style {
        var copy = self
        copy.role = role
        return copy
    }

    public func reversed(_ on: Bool = true) -> Style {
        var copy = self
        copy.reverse = on
        return copy
    }

    public func bolded(_ on: Bool = true) -> Style {
        var copy = self
        copy.bold = on
        return copy
    }
}
