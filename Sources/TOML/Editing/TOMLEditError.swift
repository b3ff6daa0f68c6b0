/// Why an edit was refused. The document is left as it was before the refused edit.
public enum TOMLEditError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Nothing at this path (for `remove`, or a parent of `set`'s path that is missing below an array).
    case notFound(TOMLPath)
    /// A path step needs a table or an array here, but the document holds another kind of value.
    case notAContainer(TOMLPath, found: String)
    /// An index past the end of an array.
    case indexOutOfRange(TOMLPath, count: Int)
    /// `insert` of a key that is already there (`set` replaces it instead).
    case alreadyExists(TOMLPath)
    /// The value cannot be written as TOML (a date outside years 0–9999, a time out of range,
    /// nesting deeper than the parser accepts).
    case unrepresentable(TOMLPath, reason: String)
    /// The edited text would not parse: a defect in the editor, never written out.
    case invalidResult(TOMLError)

    public var description: String {
        switch self {
        case .notFound(let path):
            "nothing at \(path.dottedDescription)"
        case .notAContainer(let path, let found):
            "cannot edit inside \(path.dottedDescription): it holds \(found), not a table or an array"
        case .indexOutOfRange(let path, let count):
            "no element at \(path.dottedDescription): the array has \(count) element\(count == 1 ? "" : "s")"
        case .alreadyExists(let path):
            "\(path.dottedDescription) already exists"
        case .unrepresentable(let path, let reason):
            "cannot write the value for \(path.dottedDescription): \(reason)"
        case .invalidResult(let error):
            "the edit would produce an invalid document (nothing was changed): \(error)"
        }
    }
}
