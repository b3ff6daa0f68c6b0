import Foundation
import Screen

/// One convoy: molecules × steps as a grid of state glyphs.
enum ConvoyView {
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

        let legendRows = 2
        let listRows = (rows.lowerBound + 1)..<(rows.upperBound - legendRows)
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
            canvas.fields(
                [
                    Field(text: molecule.id, width: nameWidth),
                    Field(text: molecule.team, width: teamWidth),
                ], row: row, column: 2)
            for step in molecule.steps {
                guard let column = columnIndex[step.id], column < stepCount else { continue }
                canvas.text(
                    Glyph.of(step.state, attempt: step.attempt), row: row, column: gridColumn + column * 2,
                    style: Style(
                        bold: step.state == .awaitingApproval || step.state == .blocked,
                        role: Glyph.role(step.state)))
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
        // A blocked molecule under the cursor says which gate blocks it instead of the legend.
        if state.cursor < molecules.count, let gate = blockingGate(molecules[state.cursor]) {
            canvas.text(
                "✗ blocked by gate " + gate.gateID + " (step " + gate.stepID + "): " + gate.summary,
                row: rows.upperBound - 1, column: 2, style: Style(bold: true, role: .danger))
        } else {
            canvas.text(Glyph.legend, row: rows.upperBound - 1, column: 2, style: Style(role: .muted))
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
