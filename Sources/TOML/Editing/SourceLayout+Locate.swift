/// Finding the node a path names.
extension SourceLayout {
    /// The nodes along a path: `chain[0]` is the root, `chain[k]` the node `path[..<k]` names.
    struct Location {
        var chain: [UInt32]
        /// The innermost inline table or `[...]` array holding the node (not the node itself):
        /// inside one, everything is written on the value's own terms, not as lines.
        var inlineOwner: UInt32?

        var node: UInt32 { chain[chain.count - 1] }
        var parent: UInt32? { chain.count >= 2 ? chain[chain.count - 2] : nil }
    }

    enum Lookup {
        case found(Location)
        /// `path[depth]` does not exist; `parent` is where `path[..<depth]` is. Only the last
        /// index of a path may be missing, and only as the index just past the end.
        case missing(parent: Location, depth: Int)
    }

    func locate(_ path: TOMLPath) throws(TOMLEditError) -> Lookup {
        var location = Location(chain: [0], inlineOwner: nil)
        for (depth, component) in path.enumerated() {
            let current = location.node
            let currentForm = form(current)
            let next: UInt32?
            switch component {
            case .key(let key):
                guard node(current).kind == .table else {
                    throw .notAContainer(Array(path[..<depth]), found: describe(current))
                }
                next = document.member(of: current, named: key)
            case .index(let index):
                guard node(current).kind == .array else {
                    throw .notAContainer(Array(path[..<depth]), found: describe(current))
                }
                let count = document.elementCount(of: current)
                if index == count && depth == path.count - 1 {
                    next = nil
                } else if index < 0 || index >= count {
                    throw .indexOutOfRange(Array(path[...depth]), count: count)
                } else {
                    next = document.element(index, of: current)
                }
            }
            guard let next else { return .missing(parent: location, depth: depth) }
            if currentForm == .inlineTable || currentForm == .staticArray { location.inlineOwner = current }
            location.chain.append(next)
        }
        return .found(location)
    }

    /// The location `path` must name, or `notFound`.
    func require(_ path: TOMLPath) throws(TOMLEditError) -> Location {
        guard case .found(let location) = try locate(path) else { throw .notFound(path) }
        return location
    }

    /// `an integer`, `an array`, for errors.
    func describe(_ index: UInt32) -> String {
        switch node(index).kind {
        case .integer: "an integer"
        case .array: "an array"
        case .table: "a table"
        case .offsetDateTime, .localDateTime, .localDate, .localTime: "a date-time"
        default: "a \(node(index).kind.typeName)"
        }
    }
}
