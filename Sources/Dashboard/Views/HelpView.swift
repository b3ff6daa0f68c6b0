import DisplayText

/// The `?` screen, generated from the key table (the same table that handles keys and draws the footer).
enum HelpView {
    static let sections: [(title: String, contexts: Set<KeyContext>)] = [
        ("Browsing", KeyTable.browsing),
        ("Filter line (after / in a list)", [.filter]),
        ("Search line (after / in Molecule, Reader, Help)", [.search]),
        ("Approve confirmation (after a)", [.confirm]),
        ("Reject form (after r)", [.rejectReason, .rejectStep, .rejectDiscard]),
    ]

    static let lines: [Segment] = {
        var lines: [Segment] = []
        for section in sections {
            let bindings = KeyTable.bindings.filter { binding in
                sections.first { !$0.contexts.isDisjoint(with: binding.contexts) }?.title == section.title
            }
            if !lines.isEmpty { lines.append(Segment("")) }
            lines.append(Segment(section.title, .bold))
            for binding in bindings {
                var text = TextLayout.pad(binding.keyLabel, to: 16) + binding.help
                if section.title == "Browsing" { text += whereNote(binding.contexts) }
                lines.append(Segment(text))
            }
        }
        lines.append(Segment(""))
        lines.append(Segment("Glyphs", .bold))
        lines.append(Segment(Glyph.legend))
        lines.append(Segment(""))
        lines.append(Segment("Mouse", .bold))
        lines.append(Segment("click selects, double click opens, the wheel scrolls, a click on a tab switches to it"))
        return lines
    }()

    /// "(lists)" or "(Convoy, Molecule)" when a key works in only some views.
    static func whereNote(_ contexts: Set<KeyContext>) -> String {
        if contexts.isSuperset(of: KeyTable.views) { return "" }
        if contexts == KeyTable.lists { return " (lists)" }
        let names = KeyContext.allCases.filter { contexts.contains($0) }.map(\.title)
        return " (" + names.joined(separator: ", ") + ")"
    }

    static var lineCount: Int { lines.count }

    static func draw(_ state: DashboardState, rows: Range<Int>, _ canvas: inout Canvas) {
        // Help's text starts on the first body row (the search highlights from there).
        let first = min(state.cursor, max(0, lines.count - 1))
        for (offset, row) in rows.enumerated() {
            let index = first + offset
            guard index < lines.count else { break }
            let line = lines[index]
            canvas.text(line.text, row: row, column: line.style.bold ? 1 : 3, style: line.style)
        }
    }
}
