import Foundation
import Screen

/// One molecule: the steps as a timeline (planned against actual), the current step's tasks,
/// checkpoint history, gate results and inputs. Scrolls line by line.
enum MoleculeView {
    enum Line {
        case heading(String)
        case step(Int, StepSnapshot)
        case text(String, Style, indent: Int)
        /// A message or report Enter opens.
        case link(DocumentRef, String, Style)
        case blank
    }

    static func lines(_ molecule: MoleculeSnapshot, mail: [MailSnapshot] = []) -> [Line] {
        var lines: [Line] = [.heading("STEPS")]
        lines += molecule.steps.enumerated().map { Line.step($0, $1) }
        // Every step the molecule is at: a convoy's legs or a DAG's branches run at once.
        for index in molecule.currentStepIndices {
            let step = molecule.steps[index]
            var current = (molecule.currentAreReady ? "READY  " : "CURRENT  ") + "\(index + 1) \(step.id)"
            if !step.title.isEmpty { current += " — " + step.title }
            if step.attempt > 1 { current += " · attempt \(step.attempt)" }
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
        }
        if molecule.history.isEmpty && !molecule.steps.contains(where: { $0.state == .awaitingApproval }) {
            lines.append(.text("no decisions yet", Style(role: .muted), indent: 2))
        }
        lines += [.blank, .heading("GATES")]
        lines +=
            molecule.gates.isEmpty
            ? [.text("no gate results yet", Style(role: .muted), indent: 2)]
            : molecule.gates.flatMap(gateLines)
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
            : molecule.reports.map {
                .link(.report(convoy: molecule.convoyID, molecule: molecule.id, name: $0.name), "  " + $0.name, .plain)
            }
        return lines
    }

    /// A gate's verdict and, when it failed, its evidence. A failing gate is red, bold and marked ✗, so
    /// the meaning survives NO_COLOR.
    static func gateLines(_ gate: GateSnapshot) -> [Line] {
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
        return lines
    }

    static func contentLineCount(_ molecule: MoleculeSnapshot, mail: [MailSnapshot] = []) -> Int {
        lines(molecule, mail: mail).count
    }

    /// The first message or report shown on the page that starts at line `first`.
    static func openable(_ molecule: MoleculeSnapshot, state: DashboardState, from first: Int) -> DocumentRef? {
        let all = lines(molecule, mail: state.snapshot.mail)
        let page = max(1, state.pageRows)
        for index in first..<min(all.count, first + page) {
            if case .link(let ref, _, _) = all[index] { return ref }
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
            ],
            row: rows.lowerBound, column: 1)
        let all = lines(molecule, mail: state.snapshot.mail)
        let visible = (rows.lowerBound + 1)..<rows.upperBound
        let first = min(state.cursor, max(0, all.count - 1))
        var marked = false
        for (offset, row) in visible.enumerated() {
            let index = first + offset
            guard index < all.count else { break }
            draw(all[index], now: now, row: row, &canvas)
            // The link Enter opens is marked ›.
            if !marked, case .link = all[index] {
                canvas.text("›", row: row, column: 1, style: .bold)
                marked = true
            }
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
            canvas.text(
                Glyph.of(step.state, attempt: step.attempt), row: row, column: 3,
                style: Style(bold: true, role: Glyph.role(step.state)))
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
