import TOML

/// One problem found while loading or validating a document, with where it stands.
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, CaseIterable {
        case error, warning
    }

    public var severity: Severity
    public var file: String
    public var position: SourcePosition
    public var message: String

    public init(severity: Severity, file: String, position: SourcePosition, message: String) {
        self.severity = severity
        self.file = file
        self.position = position
        self.message = message
    }

    public static func error(_ message: String, file: String, at position: SourcePosition) -> Diagnostic {
        Diagnostic(severity: .error, file: file, position: position, message: message)
    }

    public static func warning(_ message: String, file: String, at position: SourcePosition) -> Diagnostic {
        Diagnostic(severity: .warning, file: file, position: position, message: message)
    }

    public var isError: Bool { severity == .error }

    /// `file:line:column: error: message` (the position is omitted when unknown).
    public var description: String {
        let location = position.isKnown ? "\(file):\(position.line):\(position.column)" : file
        return "\(location): \(severity.rawValue): \(message)"
    }
}

extension Array where Element == Diagnostic {
    public var errors: [Diagnostic] { filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { filter { $0.severity == .warning } }
    public var hasErrors: Bool { contains { $0.severity == .error } }

    /// File, then position, then message: a stable order for output and tests.
    public func sortedByLocation() -> [Diagnostic] {
        sorted { a, b in
            if a.file != b.file { return a.file < b.file }
            if a.position != b.position { return a.position < b.position }
            return a.message < b.message
        }
    }
}
