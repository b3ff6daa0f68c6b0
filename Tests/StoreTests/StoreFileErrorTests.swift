import Core
import TOML
import Testing

@testable import Store

/// Hand-edited store files: every bad field is reported with its file:line:column, its full path and
/// what was expected, by the same reader formulas use.
@Suite struct StoreFileErrorTests {
    @Test func aMoleculeFileReportsEveryBadField() {
        let text = """
            formula = "sample"
            revision = -1
            inputs = ["a", 3]
            [steps.work]
            status = "finished"
            attempt = 0
            [steps.test]
            attempt = 1
            [gates.tests-pass]
            passed = "yes"
            """
        let (parsed, problems) = MoleculeFile.parse(Array(text.utf8), name: "m1", convoy: "c1", file: "m.toml")
        #expect(parsed == nil)  // Invalid: a wrong field is never replaced by a default. Every problem is named.
        #expect(
            problems.map(\.description) == [
                "m.toml:2:12: error: revision: expected an integer ≥ 0, found -1",
                "m.toml:3:16: error: inputs[1]: expected a string, found integer",
                #"m.toml:5:10: error: steps.work.status: expected one of pending, active, awaiting-approval, blocked, done, found "finished""#,
                "m.toml:6:11: error: steps.work.attempt: expected an integer ≥ 1, found 0",
                #"m.toml:7:1: error: missing required key "steps.test.status" (one of pending, active, awaiting-approval, blocked, done)"#,
                "m.toml:10:10: error: gates.tests-pass.passed: expected true or false, found string",
            ])
        #expect(problems.allSatisfy { $0.category == .schema })
    }

    @Test func aDecisionRecordNamesWhatIsMissing() throws {
        let table = try TOMLParser.parse("molecule = \"m\"\nattempt = \"2\"\ndecision = \"maybe\"\n", file: "d.toml")
        let (record, problems) = AuditRecord.from(table, file: "d.toml")
        #expect(record == nil)
        #expect(
            problems.map(\.description) == [
                #"d.toml:1:1: error: missing required key "convoy" (a string)"#,
                #"d.toml:1:1: error: missing required key "checkpoint" (a string)"#,
                #"d.toml:1:1: error: missing required key "step" (a string)"#,
                "d.toml:2:11: error: attempt: expected an integer, found string",
                #"d.toml:3:12: error: decision: expected one of approved, rejected, found "maybe""#,
                #"d.toml:1:1: error: missing required key "reviewer" (a string)"#,
                #"d.toml:1:1: error: missing required key "at" (an offset date-time such as 2026-11-21T15:40:00Z)"#,
                #"d.toml:1:1: error: missing required key "hash" (a string)"#,
            ])
    }

    @Test func aConvoyWithABadReviewerNameIsRefusedWithItsPosition() {
        let text = "title = \"T\"\nreviewers = [\"alice\", \"../bob\"]\nday = 0\n"
        let (convoy, problems) = ConvoyFile.parse(Array(text.utf8), name: "c", file: "c.toml")
        #expect(convoy == nil)
        #expect(problems.count == 2)
        #expect(
            problems.first?.description.hasPrefix(#"c.toml:2:13: error: reviewers: entry "../bob" is not a valid name"#)
                == true)
        #expect(problems.last?.description == "c.toml:3:7: error: day: expected an integer ≥ 1, found 0")
    }
}
