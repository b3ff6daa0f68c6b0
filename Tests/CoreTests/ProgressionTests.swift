import Foundation
import Testing

@testable import Core

@Suite struct GateCheckCoreTests {
    let t0 = Date(timeIntervalSince1970: 1_767_600_000)

    @Test func aTimerGatePassesOnceItsTimeoutHasElapsedSinceTheStepStarted() {
        let gate = Gate(id: "wait", type: .timer, timeout: .seconds(3600))
        #expect(GateCheck.evaluateTimer(gate, startedAt: nil, at: t0)?.passed == false)
        let running = GateCheck.evaluateTimer(gate, startedAt: t0, at: t0 + 1800)
        #expect(running?.passed == false)
        #expect(running?.summary == "timer running: 30 min left of 1h")
        #expect(GateCheck.evaluateTimer(gate, startedAt: t0, at: t0 + 3600)?.passed == true)
        #expect(GateCheck.evaluateTimer(Gate(id: "pr", type: .githubPR), startedAt: t0, at: t0) == nil)
    }

    @Test func anIncompleteScanFailsAGateThatForbidsAntiPatternsOnly() {
        var scan = AntiPatternReport()
        scan.cutShort = [
            AntiPatternCutShort(file: "a.txt", patternID: "evil", line: 1, reason: .stepBudget),
            AntiPatternCutShort(file: "b.txt", patternID: "x", line: 9, reason: .longLines(count: 2)),
        ]
        scan.invalidRules = [AntiPatternInvalidRule(patternID: "bad", pattern: "(", message: "unbalanced")]
        let counts = TestCounts(passed: 5, failed: 0, skipped: 0)
        let strict = Gate(id: "g", type: .tests(requiredPassRate: 100, allowSkipped: false, allowAntiPatterns: false))
        let result = GateCheck.evaluate(strict, tests: counts, scan: scan, at: t0)
        #expect(result?.passed == false)
        #expect(
            result?.summary.hasSuffix(
                "anti-pattern scan incomplete (1 invalid expression: bad, 1 file cut short by the regex work limit)")
                == true)
        let lenient = Gate(id: "g", type: .tests(requiredPassRate: 100, allowSkipped: false, allowAntiPatterns: true))
        #expect(GateCheck.evaluate(lenient, tests: counts, scan: scan, at: t0)?.passed == true)
        var longLinesOnly = AntiPatternReport()
        longLinesOnly.cutShort = [scan.cutShort[1]]
        #expect(GateCheck.evaluate(strict, tests: counts, scan: longLinesOnly, at: t0)?.passed == true)
    }
}

@Suite struct DayProgressionCoreTests {
    @Test func withoutCriteriaAMoleculeMustBeCompleteAndAnInvalidOneIsNeverReady() {
        let formula = Formula(name: "plain", steps: [FormulaStep(id: "a"), FormulaStep(id: "b")])
        var progress = StateMachine.initialProgress(for: formula)
        progress.steps["a"]?.status = .done
        let notYet = DayProgression.readiness(
            molecule: "m", day: 2, formula: formula, progress: progress, manualChecks: [])
        #expect(!notYet.ready)
        #expect(notYet.missing == ["steps not done (the formula has no day_completion_criteria): b"])
        progress.steps["b"]?.status = .done
        #expect(
            DayProgression.readiness(molecule: "m", day: 2, formula: formula, progress: progress, manualChecks: [])
                .ready)
        let invalid = DayProgression.readiness(molecule: "x", day: 2, formula: nil, progress: nil, manualChecks: [])
        #expect(!invalid.ready)
        let day = DayReadiness(day: 2, molecules: [invalid])
        #expect(day.missing == ["x: the molecule is invalid (see `gastown molecule status x`)"])
        #expect(DayReadiness(day: 5, molecules: []).ready)
    }
}
