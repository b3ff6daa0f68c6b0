/// Why the terminal could not be taken over (opening a `TerminalPort` failed).
public struct TerminalError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
