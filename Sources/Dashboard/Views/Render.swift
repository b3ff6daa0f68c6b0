import Core
import DisplayText
import Foundation
import Screen

extension Dashboard {
    /// The smallest terminal the dashboard draws into; below it, a message says so.
    public static let minimumWidth = 50
    public static let minimumHeight = 10

    /// The pure render: state, size and the current time in, a frame out.
    public static func render(_ state: DashboardState, width: Int, height: Int, now: Date) -> Screen {
        var canvas = Canvas(width: width, height: height, colors: state.colors)
        guard width >= minimumWidth, height >= minimumHeight else {
            drawTooSmall(&canvas)
            return canvas.screen
        }
        drawHeader(state, now: now, &canvas)
        let body = 1..<(height - 2)
        let panes = PaneLayout.panes(state, width: width)
        if panes.count == 1 {
            drawRoute(state, now: now, rows: body, &canvas)
        } else {
            for pane in panes {
                var shown = state
                shown.route = pane.route
                var paneCanvas = Canvas(width: pane.columns.count, height: height, colors: state.colors)
                drawRoute(shown, now: now, rows: body, &paneCanvas)
                // Only the focused pane's selection is in reverse video; the others keep their › mark.
                if !pane.focused {
                    for row in body { paneCanvas.screen.restyle(row: row) { $0.reverse = false } }
                }
                canvas.screen.paste(paneCanvas.screen, rows: body, column: pane.columns.lowerBound)
                if pane.columns.lowerBound > 0 {
                    for row in body {
                        canvas.text("│", row: row, column: pane.columns.lowerBound - 1, style: Style(role: .muted))
                    }
                }
            }
        }
        switch state.modal {
        case .confirmApprove(let item, _)?:
            if let report = ReportPreviewView.report(for: item, in: state) {
                ReportPreviewView.draw(report, text: state.snapshot.text(of: report), rows: body, &canvas)
            }
        case .reject(let form)?:
            // The form goes under the report's box, in the rows it leaves.
            var formRows = body
            if let report = ReportPreviewView.report(for: form.item, in: state) {
                let boxRows = ReportPreviewView.draw(report, text: state.snapshot.text(of: report), rows: body, &canvas)
                formRows = (body.lowerBound + boxRows)..<body.upperBound
            }
            RejectFormView.draw(form, rows: formRows, centred: formRows == body, &canvas)
        default: break
        }
        drawStatus(state, row: height - 2, &canvas)
        drawFooter(state, row: height - 1, &canvas)
        return canvas.screen
    }

    /// One view into the body rows (of the whole screen, or of a pane's own canvas), with its search matches.
    static func drawRoute(_ state: DashboardState, now: Date, rows body: Range<Int>, _ canvas: inout Canvas) {
        switch state.route {
        case .convoys: ConvoysView.draw(state, now: now, rows: body, &canvas)
        case .approvals: ApprovalsView.draw(state, now: now, rows: body, &canvas)
        case .convoy(let id): ConvoyView.draw(state, convoyID: id, now: now, rows: body, &canvas)
        case .molecule(let convoy, let id):
            MoleculeView.draw(state, convoyID: convoy, moleculeID: id, now: now, rows: body, &canvas)
        case .mail: MailListView.draw(state, rows: body, &canvas)
        case .reader(let ref): ReaderView.draw(state, ref: ref, rows: body, &canvas)
        case .help: HelpView.draw(state, rows: body, &canvas)
        case .board(let convoy): BoardView.draw(state, convoy: convoy, rows: body, &canvas)
        case .boardCell(let convoy, let team, let phase):
            BoardCellView.draw(state, convoy: convoy, team: team, phase: phase, now: now, rows: body, &canvas)
        case .history(let scope): HistoryView.draw(state, scope: scope, rows: body, &canvas)
        }
        highlightSearch(state, rows: body, &canvas)
    }

    /// Every match of the search on screen in reverse video and underlined; the current match's line also bold.
    static func highlightSearch(_ state: DashboardState, rows body: Range<Int>, _ canvas: inout Canvas) {
        let needle = state.search
        guard !needle.isEmpty, KeyTable.longViews.contains(state.route.context) else { return }
        // The reader and the molecule have a title line above their text; help does not.
        let first = state.route == .help ? body.lowerBound : body.lowerBound + 1
        let hitRow = state.searchHits[state.route.memoryKey].map { $0 - state.cursor + first }
        for row in first..<body.upperBound {
            canvas.highlight(needle, row: row)
            if row == hitRow { canvas.screen.restyle(row: row) { if $0.underline { $0.bold = true } } }
        }
    }

    static func drawTooSmall(_ canvas: inout Canvas) {
        guard canvas.height > 0 else { return }
        let lines = [
            "Terminal too small", "\(canvas.width)×\(canvas.height), needs \(minimumWidth)×\(minimumHeight)",
            "q quits",
        ]
        let top = max(0, canvas.height / 2 - 1)
        for (offset, line) in lines.enumerated() where top + offset < canvas.height {
            let column = max(0, (canvas.width - DisplayWidth.of(line)) / 2)
            canvas.text(line, row: top + offset, column: column, style: offset == 0 ? .bold : .plain)
        }
    }

    static func drawHeader(_ state: DashboardState, now: Date, _ canvas: inout Canvas) {
        let bar = Style(reverse: true)
        canvas.fill(row: 0, style: bar)
        var left: [Segment] = [Segment(" gastown  ", bar.bolded())]
        if state.snapshot.isUnsigned { left.append(Segment("UNSIGNED  ", bar.bolded())) }
        switch state.route {
        case .convoys, .approvals, .mail, .board, .history:
            left += tabs(state, now: now).map { Segment($0.text, $0.style) }
        case .reader(.mail(let id)):
            left += [Segment("Mail › ", bar), Segment(id, bar.bolded())]
        case .reader(.report(let convoy, let molecule, let name)):
            left += [Segment(convoy + " › " + molecule + " › ", bar), Segment(name, bar.bolded())]
        case .reader(.finding(let convoy, let molecule, let id)):
            left += [Segment(convoy + " › " + molecule + " › finding ", bar), Segment(id, bar.bolded())]
        case .reader(.tests(let convoy, let molecule, let gate)):
            left += [Segment(convoy + " › " + molecule + " › tests of ", bar), Segment(gate, bar.bolded())]
        case .convoy(let id):
            left += [Segment("Convoys › ", bar), Segment(id, bar.bolded())]
        case .molecule(let convoy, let id):
            left += [Segment("Convoys › " + convoy + " › ", bar), Segment(id, bar.bolded())]
        case .boardCell(_, let team, let phase):
            left += [Segment("Board › ", bar), Segment(team + " × " + phase, bar.bolded())]
        case .help:
            left += [Segment("Help", bar.bolded())]
        }
        let loading = state.snapshot.loadingCount
        let you = state.snapshot.viewer.map { "you: \($0.name)  " } ?? ""
        let remote = state.snapshot.remote.map { "git ↑\($0.ahead) ↓\($0.behind)  " } ?? ""
        let freshness =
            loading > 0
            ? "loading \(state.snapshot.convoys.count - loading)/\(state.snapshot.convoys.count)… "
            : state.loadedAt.map { "updated " + Format.ago($0, now: now) + " " } ?? "loading… "
        // On a narrow terminal the tabs keep their room: "updated" goes first.
        let leftWidth = left.reduce(0) { $0 + DisplayWidth.of(TerminalText.sanitizeLine($1.text)) }
        var right = remote + you + freshness
        if leftWidth + 1 + DisplayWidth.of(right) > canvas.width, freshness.hasPrefix("updated ") {
            right = remote + you + freshness.dropFirst("updated ".count)
        }
        let rightWidth = DisplayWidth.of(right)
        var x = 0
        for segment in left where x < canvas.width - rightWidth - 1 {
            x += canvas.text(
                segment.text, row: 0, column: x, style: segment.style,
                limit: canvas.width - rightWidth - 1 - x)
        }
        canvas.text(right, row: 0, column: canvas.width - rightWidth, style: bar)
    }

    /// The tab line: the current tab in brackets; the Approvals tab flashes (out of the bar's reverse video, bold)
    /// while a checkpoint the reviewer may decide has just started awaiting. Mail shows once there is some.
    static func tabs(_ state: DashboardState, now: Date) -> [(
        tab: Tab, text: String, style: Style, columns: Range<Int>
    )] {
        let bar = Style(reverse: true)
        var x = 10 + (state.snapshot.isUnsigned ? 10 : 0)
        var result: [(tab: Tab, text: String, style: Style, columns: Range<Int>)] = []
        for tab in Tab.allCases {
            var label: String
            switch tab {
            case .convoys: label = "Convoys"
            case .approvals:
                label =
                    state.onlyMine
                    ? "Approvals (\(state.myApprovals.count) yours)" : "Approvals (\(state.snapshot.approvals.count))"
            case .board: label = "Board"
            case .history: label = "History"
            case .mail:
                if state.snapshot.mail.isEmpty { continue }
                label = "Mail (\(state.snapshot.unreadMail))"
            }
            var style = bar
            if tab == state.tab {
                label = "[" + label + "]"
                style = bar.bolded()
            }
            if tab == .approvals, let until = state.flashUntil, now < until {
                label += " new"
                style = Style(bold: true, role: .warning)
            }
            let text = (result.isEmpty ? "" : "  ") + label
            let width = DisplayWidth.of(text)
            let start = x + (result.isEmpty ? 0 : 2)
            result.append((tab, text, style, start..<(x + width)))
            x += width
        }
        return result
    }

    static func drawStatus(_ state: DashboardState, row: Int, _ canvas: inout Canvas) {
        switch state.modal {
        case .filter(let field)?:
            canvas.text("/", row: row, column: 0, style: .bold)
            FieldView.draw(field, row: row, column: 1, width: canvas.width - 1, &canvas)
            return
        case .search(let field)?:
            canvas.text("/", row: row, column: 0, style: .bold)
            FieldView.draw(field, row: row, column: 1, width: canvas.width - 1, &canvas)
            return
        case .reject(let form)? where form.confirmingDiscard:
            canvas.text("Discard the reason? y/n", row: row, column: 0, style: Style(bold: true, role: .warning))
            return
        case .confirmApprove(let item, let acknowledged)?:
            canvas.text(
                confirmQuestion(item, acknowledged: acknowledged), row: row, column: 0,
                style: Style(bold: true, role: acknowledged || !item.blockers.isEmpty ? .danger : .warning))
            return
        default: break
        }
        if let message = state.message {
            canvas.text(
                (message.isError ? "✗ " : "") + message.text, row: row, column: 0,
                style: message.isError ? Style(bold: true, role: .danger) : .plain)
            return
        }
        var notes: [String] = []
        if !state.filter.isEmpty, state.route != .help {
            notes.append("filter: " + state.filter + " · " + "\(Dashboard.rowCount(state)) shown")
        }
        if case .convoy = state.route { notes.append("sorted by " + state.sort.rawValue) }
        if !state.search.isEmpty { notes.append("search: /" + state.search + " (n/N)") }
        canvas.text(notes.joined(separator: " · "), row: row, column: 0, style: Style(role: .muted))
    }

    /// The approval question. A molecule whose trail does not verify is asked about twice, the second time naming
    /// the problem; an approval the store would refuse (a stale report, an open blocking finding) says why.
    static func confirmQuestion(_ item: ApprovalItem, acknowledged: Bool) -> String {
        if acknowledged, let problem = item.trailProblems.first {
            return "The audit trail of \(item.moleculeID) does not verify: \(problem) — approve anyway? y/n"
        }
        var question = "Approve \(item.checkpointID) of \(item.moleculeID)? y/n"
        if !item.trailProblems.isEmpty { question += " (its audit trail does not verify)" }
        if let blocker = item.blockers.first { question += " — will be refused: " + blocker }
        return question
    }

    /// The keys that work here, in table order. When they do not all fit, the first ones stay and `? more` ends
    /// the line (help lists the rest).
    static func drawFooter(_ state: DashboardState, row: Int, _ canvas: inout Canvas) {
        for item in footer(KeyTable.hints(in: state.context), width: canvas.width) {
            let used = canvas.text(item.keys, row: row, column: item.column, style: Style(bold: true, role: .accent))
            canvas.text(item.hint, row: row, column: item.column + used + 1)
        }
    }

    static func footer(_ hints: [(keys: String, hint: String)], width: Int) -> [(
        keys: String, hint: String, column: Int
    )] {
        func widthOf(_ items: [(keys: String, hint: String)]) -> Int {
            items.reduce(0) { $0 + DisplayWidth.of($1.keys) + 1 + DisplayWidth.of($1.hint) } + max(0, items.count - 1)
                * 2
        }
        var shown = hints
        if widthOf(shown) > width {
            let hasHelp = shown.contains { $0.keys == "?" }
            shown.removeAll { $0.keys == "?" }
            let more = (keys: "?", hint: "more")
            while !shown.isEmpty, widthOf(shown + (hasHelp ? [more] : [])) > width { shown.removeLast() }
            if hasHelp { shown.append(more) }
        }
        var x = 0
        return shown.map { item in
            defer { x += DisplayWidth.of(item.keys) + 1 + DisplayWidth.of(item.hint) + 2 }
            return (item.keys, item.hint, x)
        }
    }

    /// First row shown for a list with the cursor at `cursor` and `visible` rows: whole pages,
    /// so the cursor moving within a page repaints two rows only.
    static func pageStart(cursor: Int, visible: Int) -> Int {
        visible > 0 ? (cursor / visible) * visible : 0
    }
}

/// A text field with its cursor drawn as a reverse-video cell.
enum FieldView {
    static func draw(_ field: TextField, row: Int, column: Int, width: Int, _ canvas: inout Canvas) {
        guard width > 1 else { return }
        var characters = field.characters.map { TerminalText.sanitizeLine(String($0)) }
        var cursor = field.cursor
        // Keep the cursor visible: drop characters from the left while the text before it is too wide.
        while DisplayWidth.of(characters[..<cursor].joined()) > width - 1, cursor > 0 {
            characters.removeFirst()
            cursor -= 1
        }
        var x = column
        for (index, character) in characters.enumerated() {
            let w = DisplayWidth.of(character)
            if x + w > column + width { break }
            x += canvas.screen.put(character, row: row, column: x, style: index == cursor ? .reverse : .plain)
        }
        if cursor == characters.count, x < column + width {
            canvas.screen.put(" ", row: row, column: x, style: .reverse)
        }
    }
}
