import DisplayText
import Foundation
import Screen

/// One molecule: what is wrong with it, the steps as a timeline (planned against actual), the current steps'
/// tasks, checkpoint history, gate results with the failing tests, findings, inputs, mail and reports. Scrolls
/// line by line; n/p mark a finding, test list, mail or report, Enter opens it.
enum MoleculeView {
    enum Line {
        case heading(String)
        case step(Int, StepSnapshot)
        case text(String, Style, indent: Int)
        /// A finding, test list, message or report Enter opens.
        case link(DocumentRef, String, Style)
        case blank
    }

    /// How many failing or skipped tests a gate lists before the rest go to the reader: a third of a page.
    static func testRoom(pageRows: Int) -> Int { max(3, pageRows / 3) }

    static func lines(_ molecule: MoleculeSnapshot, mail: [MailSnapshot] = [], testRoom: Int = 6) -> [Line] {
        var lines: [Line] = []
        if !molecule.problems.isEmpty || !molecule.trailProblems.isEmpty || !molecule.warnings.isEmpty {
            lines += problemLines(molecule) + [.blank]
        }
        guard molecule.overall != .invalid else { return lines }
        lines.append(.heading("STEPS"))
        lines += molecule.steps.enumerated().map { Line.step($0, $1) }
        // Every step the molecule is at: a convoy's legs or a DAG's branches run at once.
        for index in molecule.currentStepIndices {
            let step = molecule.steps[index]
            var current = (molecule.currentAreReady ? "READY  " : "CURRENT  ") + "\(index + 1) \(step.id)"
            if !step.title.isEmpty { current += " — " + step.title }
            if step.attempt > 1 { current += " · attempt \(step.attempt)" + (step.sentBack ? " (sent back)" : "") }
            if let assignee = step.assignee { current += " · " + assignee }
            lines += [.blank, .heading(current)]
            lines +=
                step.tasks.isEmpty
                ? [.text("no tasks listed", Style(role: .muted), indent: 2)]
                : step.tasks.map { .text("• " + $0, .plain, indent: 2) }
            if let acceptance = step.acceptance { lines.append(.text("done when: " + acceptance, .plain, indent: 2)) }
        }
        lines += [.blank, .heading("CHECKPOINTS (UTC)")]
        for decision in molecule.history {
            var text = Format.timestamp(decision.at) + "  " + (decision.approved ? "✓ approved" : "✗ rejected")
            text += "  " + decision.checkpointID + "  by " + decision.reviewer
            if let to = decision.returnedTo, !decision.approved { text += " → " + to }
            lines.append(.text(text, Style(role: decision.approved ? .ok : .danger), indent: 2))
            if let reason = decision.reason, !reason.isEmpty {
                lines.append(.text("reason: " + reason, .plain, indent: 6))
            }
        }
        for step in molecule.steps where step.state == .awaitingApproval {
            var text = "◆ awaiting  " + (step.checkpoint?.id ?? step.id)
            if let since = step.awaitingSince ?? step.startedAt { text += "  since " + Format.timestamp(since) }
            lines.append(.text(text, Style(bold: true, role: .warning), indent: 2))
            if let prompt = step.checkpoint?.prompt, !prompt.isEmpty {
                lines.append(.text(prompt, .plain, indent: 6))
            }
            lines += step.approvalBlockers.map {
                .text("✗ an approval is refused: " + $0, Style(bold: true, role: .danger), indent: 6)
            }
        }
        if molecule.history.isEmpty && !molecule.steps.contains(where: { $0.state == .awaitingApproval }) {
            lines.append(.text("no decisions yet", Style(role: .muted), indent: 2))
        }
        lines += [.blank, .heading("GATES")]
        lines +=
            molecule.gates.isEmpty
            ? [.text("no gate results yet", Style(role: .muted), indent: 2)]
            : molecule.gates.flatMap { gateLines($0, molecule: molecule, testRoom: testRoom) }
        lines += findingLines(molecule)
        lines += [.blank, .heading("INPUTS")]
        lines +=
            molecule.inputs.isEmpty
            ? [.text("none", Style(role: .muted), indent: 2)]
            : molecule.inputs.map { .text($0, .plain, indent: 2) }
        let linked = mail.filter { $0.molecules.contains(molecule.id) }
        lines += [.blank, .heading("MAIL (\(linked.count))")]
        lines +=
            linked.isEmpty
            ? [.text("no mail linked to this molecule", Style(role: .muted), indent: 2)]
            : linked.map { message in
                let mark = message.broken ? "! " : message.unread ? "● " : "  "
                return .link(
                    .mail(message.id),
                    mark + MailListView.shortDate(message) + "  " + message.from + " → "
                        + message.to.joined(separator: ", ") + "  " + message.re,
                    message.unread ? .bold : .plain)
            }
        lines += [.blank, .heading("REPORTS (\(molecule.reports.count))")]
        lines +=
            molecule.reports.isEmpty
            ? [.text("none rendered (gastown report render)", Style(role: .muted), indent: 2)]
            : molecule.reports.map { report in
                let judged = report.isCurrent.map { $0 ? "  (current)" : "  (STALE: changed since)" } ?? ""
                return .link(
                    .report(convoy: molecule.convoyID, molecule: molecule.id, name: report.name),
                    "  " + report.name + judged, report.isCurrent == false ? Style(role: .danger) : .plain)
            }
        return lines
    }

    /// What is wrong with the molecule, in red: its trail first, then every other problem as the store says it.
    static func problemLines(_ molecule: MoleculeSnapshot) -> [Line] {
        let danger = Style(bold: true, role: .danger)
        let trail = Set(molecule.trailProblems)
        let others = molecule.problems.filter { !trail.contains($0) }
        var lines: [Line] = [
            .heading("PROBLEMS (\(molecule.trailProblems.count + others.count + molecule.warnings.count))")
        ]
        if !molecule.trailProblems.isEmpty {
            lines.append(.text("✗ audit trail does not verify:", danger, indent: 2))
            lines += molecule.trailProblems.map { .text($0, Style(role: .danger), indent: 4) }
        }
        lines += others.map { .text("✗ " + $0, Style(role: .danger), indent: 2) }
        lines += molecule.warnings.map { .text("! " + $0, Style(role: .warning), indent: 2) }
        return lines
    }

    /// FINDINGS: one line each (severity, status, category, title, location), open blocking ones in red.
    static func findingLines(_ molecule: MoleculeSnapshot) -> [Line] {
        let open = molecule.findings.filter(\.isOpen).count
        var lines: [Line] = [.blank, .heading("FINDINGS (\(molecule.findings.count), \(open) open)")]
        guard !molecule.findings.isEmpty else {
            return lines + [.text("none recorded (gastown finding add)", Style(role: .muted), indent: 2)]
        }
        for finding in molecule.findings {
            let text =
                "  " + TextLayout.pad(finding.severity.uppercased(), to: 9)
                + TextLayout.pad(finding.isOpen ? "open" : "resolved", to: 9) + "[" + finding.category + "] "
                + finding.title + (finding.location.map { "  " + $0 } ?? "")
            let style =
                !finding.isOpen
                ? Style(role: .muted) : finding.blocking ? Style(bold: true, role: .danger) : Style(role: .warning)
            lines.append(
                .link(.finding(convoy: molecule.convoyID, molecule: molecule.id, id: finding.id), text, style))
        }
        return lines
    }

    /// A gate's verdict and, when it failed, its evidence and failing tests (as many as `testRoom`, the rest in
    /// the reader). A failing gate is red, bold and marked ✗, so the meaning survives NO_COLOR.
    static func gateLines(_ gate: GateSnapshot, molecule: MoleculeSnapshot, testRoom: Int) -> [Line] {
        var head = (gate.passed ? "✓ " : "✗ ") + gate.gateID + " (" + gate.stepID + ")"
        if gate.mandatory { head += " mandatory" }
        head += "  " + gate.summary
        var lines: [Line] = [.text(head, gate.passed ? Style(role: .ok) : Style(bold: true, role: .danger), indent: 2)]
        if gate.passed { return lines }
        if gate.blocking {
            lines.append(
                .text(
                    "✗ blocks step " + gate.stepID + " until it passes", Style(bold: true, role: .danger),
                    indent: 6))
        }
        lines += gate.evidence.map { .text($0, Style(role: .danger), indent: 6) }
        lines += gate.tests.prefix(testRoom).map { .text($0, Style(role: .danger), indent: 6) }
        let more = max(0, gate.tests.count - testRoom) + gate.unlistedTests
        if more > 0 {
            lines.append(
                .link(
                    .tests(convoy: molecule.convoyID, molecule: molecule.id, gate: gate.gateID),
                    "    … \(more) more: every failing and skipped test", Style(role: .danger)))
        }
        return lines
    }

    /// A line as the text search looks at it.
    static func plainText(_ line: Line) -> String {
        switch line {
        case .blank: return ""
        case .heading(let text): return text
        case .text(let text, _, _), .link(_, let text, _): return text
        case .step(let index, let step):
            return "\(index + 1) \(step.id) \(step.title) \(step.state.label)"
        }
    }

    static func lines(_ molecule: MoleculeSnapshot, state: DashboardState) -> [Line] {
        lines(molecule, mail: state.snapshot.mail, testRoom: testRoom(pageRows: state.pageRows))
    }

    static func contentLineCount(_ molecule: MoleculeSnapshot, state: DashboardState) -> Int {
        lines(molecule, state: state).count
    }

    /// The lines that hold a link.
    static func linkLines(_ molecule: MoleculeSnapshot, state: DashboardState) -> [Int] {
        lines(molecule, state: state).enumerated().compactMap { index, line in
            if case .link = line { return index }
            return nil
        }
    }

    /// The link Enter opens (marked ›): the one chosen with n/p while it is on the page, else the first on it.
    /// `pageRows`: the rows shown (default: the state's page).
    static func marked(_ molecule: MoleculeSnapshot, state: DashboardState, pageRows: Int? = nil) -> (
        line: Int, ref: DocumentRef
    )? {
        let all = lines(molecule, state: state)
        let first = min(state.cursor, max(0, all.count - 1))
        let page = first..<min(all.count, first + max(1, pageRows ?? state.pageRows))
        if let chosen = state.selectedLinks[state.route.memoryKey], page.contains(chosen),
            case .link(let ref, _, _) = all[chosen]
        {
            return (chosen, ref)
        }
        for index in page {
            if case .link(let ref, _, _) = all[index] { return (index, ref) }
        }
        return nil
    }

    static func draw(
        _ state: DashboardState, convoyID: String, moleculeID: String, now: Date, rows: Range<Int>,
        _ canvas: inout Canvas
    ) {
        guard let molecule = state.molecule(convoy: convoyID, id: moleculeID) else { return }
        var info = [
            molecule.title.isEmpty ? molecule.id : molecule.title,
            molecule.formula
                + (molecule.formulaVersion.isEmpty ? "" : " v" + molecule.formulaVersion),
        ]
        if !molecule.team.isEmpty { info.append("team " + molecule.team) }
        canvas.segments(
            [
                Segment(info.joined(separator: " · "), .bold),
                Segment("  " + molecule.overall.label, Style(bold: true, role: Glyph.role(molecule.overall))),
            ]
                + (molecule.trailProblems.isEmpty
                    ? [] : [Segment("  ✗ TRAIL DOES NOT VERIFY", Style(bold: true, role: .danger))]),
            row: rows.lowerBound, column: 1)
        let all = lines(molecule, state: state)
        let visible = (rows.lowerBound + 1)..<rows.upperBound
        let first = min(state.cursor, max(0, all.count - 1))
        let markedLine = marked(molecule, state: state, pageRows: visible.count)?.line
        for (offset, row) in visible.enumerated() {
            let index = first + offset
            guard index < all.count else { break }
            draw(all[index], now: now, row: row, &canvas)
            // The link Enter opens is marked ›.
            if index == markedLine { canvas.text("›", row: row, column: 1, style: .bold) }
        }
        if first > 0 { canvas.text("↑", row: visible.lowerBound, column: canvas.width - 1, style: .dim) }
        if first + visible.count < all.count {
            canvas.text("↓", row: visible.upperBound - 1, column: canvas.width - 1, style: .dim)
        }
    }

    static func draw(_ line: Line, now: Date, row: Int, _ canvas: inout Canvas) {
        switch line {
        case .blank: break
        case .heading(let text):
            canvas.text(text, row: row, column: 1, style: .bold)
        case .text(let text, let style, let indent):
            canvas.text(text, row: row, column: 1 + indent, style: style)
        case .link(_, let text, let style):
            canvas.text(text, row: row, column: 3, style: style)
        case .step(let index, let step):
            // From column 5: number 2, id, title, plan 10, actual 8, state 8, one space between each;
            // the last column stays free for the scroll marks.
            let available = max(16, canvas.width - 5 - 33 - 1)
            let idWidth = min(24, available * 2 / 5)
            let titleWidth = available - idWidth
            let (actual, over) = actualTime(step, now: now)
            canvas.text(Glyph.of(step), row: row, column: 3, style: Style(bold: true, role: Glyph.role(step)))
            canvas.fields(
                [
                    Field(text: "\(index + 1)", width: 2, align: .right),
                    Field(text: step.id, width: idWidth, style: step.state == .done ? .plain : .bold),
                    Field(text: step.title, width: titleWidth),
                    Field(text: step.planned.map { "plan " + Format.duration($0) } ?? "", width: 10, align: .right),
                    Field(
                        text: actual, width: 8, align: .right, style: Style(bold: over, role: over ? .warning : .normal)
                    ),
                    Field(text: step.state.label, width: 8, style: Style(role: Glyph.role(step.state))),
                ], row: row, column: 5)
        }
    }

    /// "took 12m" for a finished step, "12m…" for a running one, "!" when over the plan.
    static func actualTime(_ step: StepSnapshot, now: Date) -> (String, Bool) {
        guard let started = step.startedAt else { return ("", false) }
        let end = step.completedAt ?? now
        let elapsed = end.timeIntervalSince(started)
        let over = step.planned.map { elapsed > $0 } ?? false
        let text = Format.duration(elapsed) + (step.completedAt == nil ? "…" : "") + (over ? "!" : "")
        return (text, over)
    }
}
