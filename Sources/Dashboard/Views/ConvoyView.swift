import DisplayText
import Foundation
import Screen

/// One convoy: molecules × steps as a grid of state glyphs. A molecule that cannot be used is an error row with
/// its `file:line:column` message; one whose audit trail does not verify is marked `!` in red.
enum ConvoyView {
    /// The molecule rows: under the column heads, above the steps line and the legend.
    static func listRows(_ rows: Range<Int>) -> Range<Int> {
        (rows.lowerBound + 1)..<max(rows.lowerBound + 1, rows.upperBound - 2)
    }

    static func draw(_ state: DashboardState, convoyID: String, now: Date, rows: Range<Int>, _ canvas: inout Canvas) {
        guard let convoy = state.convoy(convoyID) else { return }
        let teamWidth = 12
        let tailWidth = 1 + 8 + 1 + 8
        let fixed = 2 + 1 + teamWidth + 1 + tailWidth
        let maxSteps = max(1, (canvas.width - fixed - 16) / 2)
        let stepCount = min(convoy.stepColumns.count, maxSteps)
        let clipped = convoy.stepColumns.count > stepCount
        let gridWidth = stepCount * 2 + (clipped ? 1 : 0)
        let nameWidth = max(8, canvas.width - fixed - gridWidth)
        let gridColumn = 2 + nameWidth + 1 + teamWidth + 1

        var digits = (0..<stepCount).map { String(($0 + 1) % 10) }.joined(separator: " ")
        if clipped { digits += " …" }
        canvas.fields(
            [
                Field(text: "MOLECULE", width: nameWidth, style: .bold),
                Field(text: "TEAM", width: teamWidth, style: .bold),
            ], row: rows.lowerBound, column: 2)
        canvas.text(digits, row: rows.lowerBound, column: gridColumn, style: .bold)
        canvas.fields(
            [
                Field(text: "STATE", width: 8, style: .bold),
                Field(text: "LAST", width: 8, align: .right, style: .bold),
            ],
            row: rows.lowerBound, column: gridColumn + gridWidth + 1)

        let listRows = self.listRows(rows)
        let molecules = state.visibleMolecules(in: convoy)
        if molecules.isEmpty {
            let text =
                convoy.isLoading
                ? "Loading the molecules of this convoy…"
                : convoy.molecules.isEmpty
                    ? "No molecules in this convoy yet."
                    : "No molecule matches the filter \"\(state.filter)\"."
            canvas.text(text, row: listRows.lowerBound + 1, column: 2, style: Style(role: .muted))
        }
        let start = Dashboard.pageStart(cursor: state.cursor, visible: listRows.count)
        let columnIndex = Dictionary(convoy.stepColumns.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        for (offset, row) in listRows.enumerated() {
            let index = start + offset
            guard index < molecules.count else { break }
            let molecule = molecules[index]
            let alarming = molecule.overall == .invalid || !molecule.trailProblems.isEmpty
            canvas.fields(
                [
                    Field(
                        text: molecule.id, width: nameWidth, align: molecule.overall == .invalid ? .left : .middle,
                        style: alarming ? Style(bold: true, role: .danger) : .plain),
                    Field(text: molecule.team, width: teamWidth),
                ], row: row, column: 2)
            if !molecule.trailProblems.isEmpty {
                canvas.text("!", row: row, column: 1, style: Style(bold: true, role: .danger))
            }
            if molecule.overall == .invalid {
                // The message after the name, in the room the name column leaves (all of it in the last line).
                let after = 2 + DisplayWidth.of(TerminalText.sanitizeLine(molecule.id)) + 2
                canvas.text(
                    "✗ " + (molecule.problems.first ?? "invalid"), row: row, column: after,
                    style: Style(role: .danger), limit: max(0, 2 + nameWidth - after))
            }
            for step in molecule.steps {
                guard let column = columnIndex[step.id], column < stepCount else { continue }
                canvas.text(
                    Glyph.of(step), row: row, column: gridColumn + column * 2,
                    style: Style(
                        bold: step.state == .awaitingApproval || step.state == .blocked || step.sentBack,
                        role: Glyph.role(step)))
            }
            let overall = molecule.overall
            canvas.fields(
                [
                    Field(text: overall.label, width: 8, style: Style(role: Glyph.role(overall))),
                    Field(text: Format.ago(molecule.lastActivity, now: now), width: 8, align: .right),
                ],
                row: row, column: gridColumn + gridWidth + 1)
            if index == state.cursor { canvas.select(row: row) }
        }
        let steps = convoy.stepColumns.enumerated().map { "\($0 + 1) \($1)" }.joined(separator: " · ")
        canvas.text("steps: " + steps, row: rows.upperBound - 2, column: 2, style: Style(role: .muted))
        // The molecule under the cursor says what is wrong with it (its file, its trail, a gate) instead of the legend.
        if state.cursor < molecules.count, let alarm = alarm(molecules[state.cursor]) {
            canvas.text(alarm, row: rows.upperBound - 1, column: 2, style: Style(bold: true, role: .danger))
        } else {
            canvas.text(Glyph.legend, row: rows.upperBound - 1, column: 2, style: Style(role: .muted))
        }
    }

    /// What is most wrong with a molecule, in one line: it cannot be used, its trail does not verify, or a gate
    /// blocks it.
    static func alarm(_ molecule: MoleculeSnapshot) -> String? {
        if molecule.overall == .invalid {
            return "✗ invalid: " + (molecule.problems.first ?? "its file cannot be used")
        }
        if let problem = molecule.trailProblems.first { return "✗ audit trail does not verify: " + problem }
        return blockingGate(molecule).map {
            "✗ blocked by gate " + $0.gateID + " (step " + $0.stepID + "): " + $0.summary
        }
    }

    /// The failing gate of a blocked step: the one the store marks blocking, else any failing one there.
    static func blockingGate(_ molecule: MoleculeSnapshot) -> GateSnapshot? {
        guard molecule.overall == .blocked else { return nil }
        let failing = molecule.gates.filter { !$0.passed }
        let blockedSteps = Set(molecule.steps.filter { $0.state == .blocked }.map(\.id))
        return failing.first(where: \.blocking) ?? failing.first { blockedSteps.contains($0.stepID) }
    }
}
