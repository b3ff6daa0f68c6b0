/// The edits: set, insert, remove, append, and whole-table updates made of minimal edits.
extension TOMLEditor {
    /// Makes the value at `path` equal `value`, changing as little text as it can: a changed
    /// scalar replaces only its own text; a table or array that exists is edited key by key and
    /// element by element. A missing key is added (missing tables on the way are created).
    public mutating func set(_ value: TOMLValue, at path: TOMLPath) throws(TOMLEditError) {
        try ValueCheck.check(value, at: path)
        try transaction { (editor) throws(TOMLEditError) in try editor.setChecked(value, at: path) }
    }

    /// Adds a value that must not exist yet (`alreadyExists` otherwise).
    public mutating func insert(_ value: TOMLValue, at path: TOMLPath) throws(TOMLEditError) {
        try ValueCheck.check(value, at: path)
        try transaction { (editor) throws(TOMLEditError) in
            try editor.settle(path)
            if case .found = try editor.layout.locate(path) { throw .alreadyExists(path) }
            try editor.setChecked(value, at: path)
        }
    }

    /// Removes the key or element at `path`, with its lines and the comment lines directly above.
    public mutating func remove(at path: TOMLPath) throws(TOMLEditError) {
        try transaction { (editor) throws(TOMLEditError) in try editor.removeChecked(at: path) }
    }

    private mutating func removeChecked(at path: TOMLPath) throws(TOMLEditError) {
        guard let last = path.last else { return try updateTable(at: [], to: TOMLTable()) }
        try settle(path)
        guard case .found = try layout.locate(path) else { throw .notFound(path) }
        let parentPath = Array(path.dropLast())
        switch last {
        case .key(let key):
            try perform(path) { (layout) throws(TOMLEditError) in
                try layout.planRemoveMember(parentPath, key: key, writer: layout.writer)
            }
        case .index(let index):
            try removeElements(at: parentPath, index..<index + 1)
        }
    }

    /// Appends `value` to the array at `path` (which is created when missing).
    public mutating func append(_ value: TOMLValue, toArrayAt path: TOMLPath) throws(TOMLEditError) {
        try ValueCheck.check(.array([value]), at: path)
        try transaction { (editor) throws(TOMLEditError) in
            try editor.settle(path)
            guard case .found(let location) = try editor.layout.locate(path) else {
                return try editor.setChecked(.array([value]), at: path)
            }
            guard case .array(let array) = editor.document.value(location.node) else {
                throw .notAContainer(path, found: editor.layout.describe(location.node))
            }
            try editor.setChecked(.array(TOMLArray(array.values + [value])), at: path)
        }
    }

    /// Makes the whole document's values equal `table`, with the fewest edits: unchanged keys,
    /// their comments and their order stay as they are.
    public mutating func update(to table: TOMLTable) throws(TOMLEditError) {
        try ValueCheck.check(.table(table), at: [])
        try transaction { (editor) throws(TOMLEditError) in try editor.updateTable(at: [], to: table) }
    }

    /// Applies the differences between `old` and `new` to the document: keys `new` drops are
    /// removed, keys it adds or changes are set, and everything else the document holds (keys
    /// neither knows, comments) stays. The entry point for rewriting a file from a model of it
    /// (old model → new model) and for merges (base → merged).
    public mutating func apply(changesFrom old: TOMLTable, to new: TOMLTable) throws(TOMLEditError) {
        try ValueCheck.check(.table(new), at: [])
        try transaction { (editor) throws(TOMLEditError) in try editor.applyChanges(from: old, to: new, at: []) }
    }

    /// Runs `body` on a copy and keeps it only when it succeeds: a refused edit leaves nothing half done.
    private mutating func transaction(_ body: (inout TOMLEditor) throws(TOMLEditError) -> Void)
        throws(TOMLEditError)
    {
        var copy = self
        try body(&copy)
        self = copy
    }

    // MARK: - Recursion

    private mutating func applyChanges(from old: TOMLTable, to new: TOMLTable, at path: TOMLPath)
        throws(TOMLEditError)
    {
        for entry in old.unpositionedEntries where new[entry.key] == nil {
            let child = path + [.key(entry.key)]
            try settle(child)
            if case .found = try layout.locate(child) { try removeChecked(at: child) }
        }
        for entry in new.unpositionedEntries {
            let child = path + [.key(entry.key)]
            guard let before = old[entry.key] else {
                try setChecked(entry.value, at: child)
                continue
            }
            guard before != entry.value else { continue }
            try settle(child)
            if case .table(let oldTable) = before, case .table(let newTable) = entry.value,
                case .found(let location) = try layout.locate(child), layout.node(location.node).kind == .table
            {
                try applyChanges(from: oldTable, to: newTable, at: child)
            } else {
                try setChecked(entry.value, at: child)
            }
        }
    }

    mutating func setChecked(_ value: TOMLValue, at path: TOMLPath) throws(TOMLEditError) {
        guard !path.isEmpty else {
            guard case .table(let table) = value else {
                throw .unrepresentable([], reason: "a document is a table, not \(value.typeName)")
            }
            return try updateTable(at: [], to: table)
        }
        try settle(path)
        switch try layout.locate(path) {
        case .found(let location):
            try change(location, at: path, to: value)
        case .missing(_, let depth):
            // Missing tables on the way become part of the new value.
            var wrapped = value
            for component in path[(depth + 1)...].reversed() {
                guard case .key(let key) = component else { throw .notFound(Array(path[...depth])) }
                wrapped = .table(TOMLTable(uniqueKeysWithValues: [(key, wrapped)]))
            }
            try add(wrapped, at: Array(path[...depth]))
        }
    }

    /// Adds a value where nothing is: a new key, or a new last element.
    private mutating func add(_ value: TOMLValue, at path: TOMLPath) throws(TOMLEditError) {
        let parentPath = Array(path.dropLast())
        switch path[path.count - 1] {
        case .key(let key):
            try perform(path) { (layout) throws(TOMLEditError) in
                try layout.planInsertMember(parentPath, key: key, value: value, writer: layout.writer)
            }
        case .index:
            try appendElements([value], at: parentPath)
        }
    }

    /// Changes an existing value, keeping as much of its text as the change allows.
    private mutating func change(_ location: SourceLayout.Location, at path: TOMLPath, to value: TOMLValue)
        throws(TOMLEditError)
    {
        let layout = layout
        guard document.value(location.node) != value else { return }
        switch (layout.form(location.node), value) {
        case (.root, .table(let table)), (.headerTable, .table(let table)), (.implicitTable, .table(let table)),
            (.dottedTable, .table(let table)), (.arrayElement, .table(let table)), (.inlineTable, .table(let table)):
            try updateTable(at: path, to: table)
        case (.staticArray, .array(let array)):
            try updateArray(at: path, to: array)
        case (.arrayOfTables, .array(let array)) where array.isArrayOfTables:
            try updateArray(at: path, to: array)
        case (.scalar, _), (.staticArray, _), (.inlineTable, _):
            try perform(path) { (layout) throws(TOMLEditError) in
                try layout.planReplace(path, with: value, writer: layout.writer)
            }
        case (.arrayElement, _):
            // An element of an array of tables that is no longer a table: the array is rewritten.
            let arrayPath = Array(path.dropLast())
            try settle(arrayPath)
            guard case .index(let index) = path[path.count - 1],
                case .array(var array) = try currentValue(at: arrayPath)
            else { throw .notFound(path) }
            array[index] = value
            try removeChecked(at: arrayPath)
            try setChecked(.array(array), at: arrayPath)
        default:
            // A table written with headers that becomes something else, or the reverse.
            try removeChecked(at: path)
            try setChecked(value, at: path)
        }
    }

    private mutating func updateTable(at path: TOMLPath, to table: TOMLTable) throws(TOMLEditError) {
        try settle(path)
        let location = try layout.require(path)
        let current = TOMLTable(document: document, node: location.node)
        for key in current.keys where table[key] == nil { try removeChecked(at: path + [.key(key)]) }
        for entry in table.unpositionedEntries {
            if let before = current[entry.key], before == entry.value { continue }
            try setChecked(entry.value, at: path + [.key(entry.key)])
        }
    }

    private mutating func updateArray(at path: TOMLPath, to array: TOMLArray) throws(TOMLEditError) {
        try settle(path)
        let location = try layout.require(path)
        let current = TOMLArray(document: document, node: location.node)
        let kept = min(current.count, array.count)
        for i in 0..<kept where current[i] != array[i] { try setChecked(array[i], at: path + [.index(i)]) }
        if current.count > array.count { try removeElements(at: path, array.count..<current.count) }
        if array.count > current.count { try appendElements(Array(array[current.count...]), at: path) }
    }

    private mutating func removeElements(at path: TOMLPath, _ range: Range<Int>) throws(TOMLEditError) {
        try settle(path)
        let location = try layout.require(path)
        let count = document.elementCount(of: location.node)
        guard range.lowerBound >= 0, range.upperBound <= count else {
            throw .indexOutOfRange(path + [.index(range.upperBound - 1)], count: count)
        }
        if layout.form(location.node) == .arrayOfTables && range == 0..<count {
            // No `[[header]]` is left to write an empty array: it becomes `key = []`.
            try removeChecked(at: path)
            return try setChecked(.array(TOMLArray()), at: path)
        }
        try perform(path) { (layout) throws(TOMLEditError) in try layout.planRemoveElements(path, range) }
    }

    private mutating func appendElements(_ values: [TOMLValue], at path: TOMLPath) throws(TOMLEditError) {
        try settle(path)
        let location = try layout.require(path)
        if layout.form(location.node) == .arrayOfTables,
            !values.allSatisfy({ if case .table = $0 { true } else { false } })
        {
            // Not all tables: the array can no longer be `[[header]]` sections.
            let current = TOMLArray(document: document, node: location.node)
            try removeChecked(at: path)
            return try setChecked(.array(TOMLArray(current.values + values)), at: path)
        }
        // Under the array's path: later edits of the new elements need them applied first.
        try perform(path) { (layout) throws(TOMLEditError) in try layout.planAppend(path, values, writer: layout.writer)
        }
    }

    /// The current value at `path`.
    private func currentValue(at path: TOMLPath) throws(TOMLEditError) -> TOMLValue {
        document.value(try layout.require(path).node)
    }
}

extension SourceLayout {
    /// Writes values in this document's line ends.
    var writer: ValueWriter { ValueWriter(crlf: usesCRLF) }
}
