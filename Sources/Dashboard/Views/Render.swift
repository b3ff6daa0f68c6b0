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
        switch state.route {
        case .convoys: ConvoysView.draw(state, now: now, rows: body, &canvas)
        case .approvals: ApprovalsView.draw(state, now: now, rows: body, &canvas)
        case .convoy(let id): ConvoyView.draw(state, convoyID: id, now: now, rows: body, &canvas)
        case .molecule(let convoy, let id):
            MoleculeView.draw(state, convoyID: convoy, moleculeID: id, now: now, rows: body, &canvas)
        case .mail: MailListView.draw(state, rows: body, &canvas)
        case .reader(let ref): ReaderView.draw(state, ref: ref, rows: body, &canvas)
        case .help: HelpView.draw(state, rows: body, &canvas)
        }
        switch state.modal {
        case .confirmApprove(let item, _)?:
            if let report = ReportPreviewView.report(for: item, in: state) {
                ReportPreviewView.draw(report, rows: body, &canvas)
            }
        case .reject(let form)?:
            // The form is drawn last: on a short terminal it covers the preview, not the reverse.
            if let report = ReportPreviewView.report(for: form.item, in: state) {
                ReportPreviewView.draw(report, rows: body, &canvas)
            }
            RejectFormView.draw(form, rows: body, &canvas)
        default: break
        }
        drawStatus(state, row: height - 2, &canvas)
        drawFooter(state, row: height - 1, &canvas)
        return canvas.screen
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
        let approvals = "Approvals (\(state.snapshot.approvals.count))"
        let mail = "Mail (\(state.snapshot.unreadMail))"
        // Mail shows in the tab line once a workspace has some (Tab reaches it either way).
        let mailTab = state.snapshot.mail.isEmpty ? "" : "  " + mail
        var left: [Segment] = [Segment(" gastown  ", bar.bolded())]
        if state.snapshot.isUnsigned { left.append(Segment("UNSIGNED  ", bar.bolded())) }
        switch state.route {
        case .convoys:
            left += [Segment("[Convoys]", bar.bolded()), Segment("  " + approvals + mailTab, bar)]
        case .approvals:
            left += [Segment("Convoys  ", bar), Segment("[" + approvals + "]", bar.bolded()), Segment(mailTab, bar)]
        case .mail:
            left += [Segment("Convoys  " + approvals + "  ", bar), Segment("[" + mail + "]", bar.bolded())]
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
        case .help:
            left += [Segment("Help", bar.bolded())]
        }
        let loading = state.snapshot.loadingCount
        let you = state.snapshot.viewer.map { "you: \($0.name)  " } ?? ""
        let remote = state.snapshot.remote.map { "git ↑\($0.ahead) ↓\($0.behind)  " } ?? ""
        let right =
            remote + you
            + (loading > 0
                ? "loading \(state.snapshot.convoys.count - loading)/\(state.snapshot.convoys.count)… "
                : state.loadedAt.map { "updated " + Format.ago($0, now: now) + " " } ?? "loading… ")
        let rightWidth = DisplayWidth.of(right)
        var x = 0
        for segment in left where x < canvas.width - rightWidth - 1 {
            x += canvas.text(
                segment.text, row: 0, column: x, style: segment.style,
                limit: canvas.width - rightWidth - 1 - x)
        }
        canvas.text(right, row: 0, column: canvas.width - rightWidth, style: bar)
    }

    static func drawStatus(_ state: DashboardState, row: Int, _ canvas: inout Canvas) {
        switch state.modal {
        case .filter(let field)?:
            canvas.text("/", row: row, column: 0, style: .bold)
            FieldView.draw(field, row: row, column: 1, width: canvas.width - 1, &canvas)
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

    static func drawFooter(_ state: DashboardState, row: Int, _ canvas: inout Canvas) {
        var x = 0
        for (keys, hint) in KeyTable.hints(in: state.context) {
            let needed = DisplayWidth.of(keys) + 1 + DisplayWidth.of(hint) + (x == 0 ? 0 : 2)
            if x + needed > canvas.width { break }
            if x > 0 { x += 2 }
            x += canvas.text(keys, row: row, column: x, style: Style(bold: true, role: .accent))
            x += 1
            x += canvas.text(hint, row: row, column: x)
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
