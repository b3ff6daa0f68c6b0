import Core
import DisplayText
import Foundation
import Testing

@testable import GastownCLI
@testable import Store

@Suite struct TablePresentationTests {
    @Test func columnsAlignAndTheLastIsNotPadded() {
        let lines = TextLayout.table([
            ["NAME", "STATE", "NOTE"], ["m1", "awaiting-approval", "x"], ["m22", "done", ""],
        ])
        #expect(lines == ["NAME  STATE              NOTE", "m1    awaiting-approval  x", "m22   done               "])
    }

    @Test func noRowsNoLines() {
        #expect(TextLayout.table([]).isEmpty)
    }
}

@Suite struct DayPresentationTests {
    let progress = ConvoyProgress(
        convoy: "c1", currentDay: 2,
        days: [
            DayReadiness(
                day: 1, molecules: [MoleculeReadiness(molecule: "a", day: 1, ready: true, criteria: [], missing: [])]),
            DayReadiness(
                day: 2,
                molecules: [
                    MoleculeReadiness(molecule: "b", day: 2, ready: true, criteria: [], missing: []),
                    MoleculeReadiness(
                        molecule: "c", day: 2, ready: false, criteria: [],
                        missing: ["checkpoint review approved", "gate \u{1B}[2Jtests passing"]),
                ]),
            DayReadiness(day: 3, molecules: []),
        ])

    @Test func eachDaySaysWhereItStandsAndWhatEachMoleculeLacks() {
        #expect(
            DayPresentation.lines(progress) == [
                "Day 1 (past): 1/1 molecules ready",
                "  ✓ a",
                "Day 2 (current): 1/2 molecules ready — the day cannot advance yet",
                "  ✓ b",
                "  ✗ c: lacks checkpoint review approved; gate ␛[2Jtests passing",
                "Day 3 (upcoming): 0/0 molecules ready",
            ])
    }

    @Test func aReadyCurrentDaySaysHowToAdvance() {
        var ready = progress
        ready.days[1].molecules.removeLast()
        #expect(
            DayPresentation.lines(ready)[2]
                == "Day 2 (current): 1/1 molecules ready — `gastown convoy advance-day c1` can advance")
    }
}

@Suite struct ExitCodeTests {
    @Test(arguments: [
        (StoreError.Kind.invalidInput, Int32(2)), (.refused, 3), (.auditFailure, 4), (.notFound, 1),
        (.alreadyExists, 1), (.io, 1), (.lockTimeout, 1),
    ])
    func everyStoreErrorHasItsDocumentedExitCode(kind: StoreError.Kind, code: Int32) {
        #expect(Exit.code(for: kind) == code)
    }
}
