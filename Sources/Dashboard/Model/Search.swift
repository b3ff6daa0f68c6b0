import DisplayText
import Foundation

/// `/`, `n`, `N` in the long views (reader, molecule, help): the matching lines are found in the text the view
/// shows, the current one is scrolled into view and marked, every match on screen is highlighted.
extension Dashboard {
    /// The lines of the view being searched, as text.
    static func searchLines(_ state: DashboardState) -> [String] {
        switch state.route {
        case .reader(let ref): return state.document(ref)?.lines.map(TerminalText.sanitizeLine) ?? []
        case .molecule(let convoy, let id):
            guard let molecule = state.molecule(convoy: convoy, id: id) else { return [] }
            return MoleculeView.lines(molecule, state: state).map(MoleculeView.plainText)
        case .help: return HelpView.lines.map(\.text)
        default: return []
        }
    }

    static func setSearch(_ field: TextField, _ state: inout DashboardState) {
        state.modal = .search(field)
        state.searches[state.route.memoryKey] = field.text
        // As you type: the first match from the top of the page.
        findMatch(forward: true, from: state.cursor, &state)
    }

    static func handleSearch(_ action: Action, field: inout TextField, state: inout DashboardState) {
        switch action {
        case .submit:
            state.modal = nil
            if !state.search.isEmpty, state.searchHits[state.route.memoryKey] == nil {
                state.message = StatusMessage("Not found: " + state.search, isError: true)
            }
        case .cancel:
            state.modal = nil
            state.searches[state.route.memoryKey] = nil
            state.searchHits[state.route.memoryKey] = nil
        default:
            if field.apply(action) { setSearch(field, &state) }
        }
    }

    /// Moves to the next (previous) matching line after (before) the current match, or from `start`; wraps
    /// around the end, saying so.
    static func findMatch(forward: Bool, from start: Int?, _ state: inout DashboardState) {
        let key = state.route.memoryKey
        let needle = state.search
        guard !needle.isEmpty else {
            state.searchHits[key] = nil
            if start == nil { state.message = StatusMessage("No search yet (/ searches)", isError: true) }
            return
        }
        let lines = searchLines(state)
        let matches = lines.indices.filter { index in
            lines[index].range(of: needle, options: [.caseInsensitive, .diacriticInsensitive]) != nil
        }
        guard !matches.isEmpty else {
            state.searchHits[key] = nil
            return
        }
        let hit: Int
        var wrapped = false
        if let start {
            hit = matches.first { $0 >= start } ?? matches[0]
        } else {
            let here = state.searchHits[key] ?? (forward ? state.cursor - 1 : state.cursor)
            if forward {
                hit = matches.first { $0 > here } ?? matches[0]
                wrapped = hit <= here
            } else {
                hit = matches.last { $0 < here } ?? matches[matches.count - 1]
                wrapped = hit >= here
            }
        }
        state.searchHits[key] = hit
        let position = (matches.firstIndex(of: hit) ?? 0) + 1
        state.message = StatusMessage(
            "/\(needle): match \(position) of \(matches.count)"
                + (wrapped ? (forward ? " (from the top)" : " (from the bottom)") : ""))
        // Scroll the match into view, a third of a page from the top when it was off the page.
        let page = max(1, state.pageRows)
        if hit < state.cursor || hit >= state.cursor + page {
            state.cursor = max(0, min(lastCursor(state), hit - page / 3))
        }
    }
}
