import TOML
import Testing

@testable import Core

/// `formula validate` rules added for Gas Town's formula types (issue 12), each at its file:line:column.
@Suite struct GasTownValidationTests {

    @Test func anUnknownFormulaTypeIsAnError() throws {
        let (_, diagnostics) = try GasTownFixtures.load(
            text: "formula = \"x\"\ntype = \"patrol\"\n[[steps]]\nid = \"a\"\n")
        #expect(
            diagnostics == [
                #"f.toml:2:8: error: type: unknown formula type "patrol"; expected workflow, convoy, expansion or aspect"#
            ])
    }

    @Test func templateStepsOutsideAnExpansionArePositionedErrors() throws {
        let (_, diagnostics) = try GasTownFixtures.load("template-in-workflow")
        #expect(
            diagnostics == [
                #"template-in-workflow.formula.toml:8:3: error: template: an array of [[template]] steps is only valid in a formula of type "expansion"; this one is type = "workflow""#
            ])
        let (formula, asReport) = try GasTownFixtures.load(
            text:
                "formula = \"x\"\ntemplate = \"compliance-triage-report-v2\"\n[[steps]]\nid = \"a\"\n")
        #expect(asReport.isEmpty)
        #expect(formula.template == "compliance-triage-report-v2", "a string is the report template")
        let (_, wrong) = try GasTownFixtures.load(text: "formula = \"x\"\ntemplate = 3\n[[steps]]\nid = \"a\"\n")
        #expect(
            wrong == [
                "f.toml:2:12: error: template: expected a string (the report template) or an array of tables ([[template]] steps), found integer"
            ])
    }

    @Test func partsOfAnotherTypeAreErrors() throws {
        let (_, diagnostics) = try GasTownFixtures.load(
            text:
                """
                formula = "x"
                type = "workflow"
                [[steps]]
                id = "a"
                [[legs]]
                id = "b"
                [[aspects]]
                id = "c"
                """)
        #expect(
            diagnostics == [
                #"f.toml:5:3: error: legs: [[legs]] is only valid in a formula of type "convoy"; this one is type = "workflow""#,
                #"f.toml:7:3: error: aspects: [[aspects]] is only valid in a formula of type "aspect"; this one is type = "workflow""#,
            ])
        let (_, convoy) = try GasTownFixtures.load(
            text: "formula = \"x\"\ntype = \"convoy\"\n[[legs]]\nid = \"a\"\n[[steps]]\nid = \"b\"\n")
        #expect(
            convoy == [
                #"f.toml:5:3: error: steps: [[steps]] is only valid in a formula of type "workflow"; this one is type = "convoy""#
            ])
    }

    @Test func aSynthesisNamingAnUnknownLegIsAnError() throws {
        let (_, diagnostics) = try GasTownFixtures.load(
            text:
                """
                formula = "x"
                [[legs]]
                id = "api"
                [synthesis]
                depends_on = ["api", "ui"]
                """)
        #expect(diagnostics == [#"f.toml:5:22: error: step synthesis needs unknown step "ui""#])
    }

    @Test func legIdsAreUniqueAndPlainNames() throws {
        let (_, diagnostics) = try GasTownFixtures.load(
            text:
                """
                formula = "x"
                [[legs]]
                id = "api"
                [[legs]]
                id = "api"
                [[legs]]
                id = "a b"
                """)
        #expect(
            diagnostics == [
                #"f.toml:5:6: error: duplicate step id "api" (first defined at f.toml:3:6)"#,
                #"f.toml:7:6: error: step id "a b" is not a valid name: it contains " " (allowed: letters, digits, - _ .)"#,
            ])
    }

    @Test func stepCheckpointAndGateIdsThatLeaveADirectoryAreRefused() throws {
        let (formula, diagnostics) = try GasTownFixtures.load("hostile-ids")
        #expect(
            diagnostics == [
                #"hostile-ids.formula.toml:5:6: error: step id "../../x" is not a valid name: it contains a path separator (allowed: letters, digits, - _ ., at most 64, no "..")"#,
                #"hostile-ids.formula.toml:12:6: error: checkpoint id "a/b" is not a valid name: it contains a path separator (allowed: letters, digits, - _ ., at most 64, no "..")"#,
                #"hostile-ids.formula.toml:20:6: error: gate id ".." is not a valid name: it starts with a dot (allowed: letters, digits, - _ ., at most 64, no "..")"#,
            ])
        #expect(formula.steps.count == 3)
    }

    @Test func aGasTownGateIdWithPlaceholdersIsWhatTheGateAwaits() throws {
        let (formula, diagnostics) = try GasTownFixtures.load(
            text:
                """
                formula = "x"
                vars = { project = "gastown" }
                [[steps]]
                id = "review"
                [steps.gate]
                type = "gh:pr"
                id = "{{project}}-pr"
                """)
        #expect(diagnostics.isEmpty)
        #expect(formula.step("review")?.gate?.id == "review-gate")
        #expect(formula.step("review")?.gate?.awaitID == "{{project}}-pr")
    }

    @Test func inputRulesAreChecked() throws {
        let (_, diagnostics) = try GasTownFixtures.load(
            text:
                """
                formula = "x"
                type = "convoy"
                [inputs.pr]
                type = "number"
                default = "twelve"
                required_unless = ["files", "brnach"]
                [inputs.files]
                type = "list"
                [inputs.end]
                default = "x"
                [[legs]]
                id = "a"
                """)
        #expect(
            diagnostics == [
                #"f.toml:5:11: error: variable pr: default "twelve" is not a number"#,
                #"f.toml:6:29: error: variable pr: required_unless names unknown variable "brnach""#,
                #"f.toml:8:8: warning: inputs.files.type: unknown value type "list" (known: string, number, integer, boolean); values are not checked"#,
                "f.toml:9:1: warning: variable end can never be used: {{end}} is a template keyword",
            ])
    }

    @Test func valuesAreCheckedAgainstTheTypeAndRequiredUnless() throws {
        let (formula, _) = try GasTownFixtures.load("design-review")
        #expect(throws: VariableBindingError.self) { try formula.bindVariables([("feature", "x")]).get() }
        let missing = formula.bindVariables([("feature", "x")])
        guard case .failure(let error) = missing else { return }
        #expect(
            error.problems == [
                .missing(name: "ticket", description: "Tracker number of the proposal", unless: ["doc"]),
                .missing(name: "doc", description: "Path of the proposal document", unless: ["ticket"]),
            ])
        #expect(error.description.hasPrefix("variable ticket is required unless doc is given"))
        let wrongType = formula.bindVariables([("feature", "x"), ("ticket", "12a")])
        guard case .failure(let typeError) = wrongType else {
            Issue.record("a ticket that is not a number must be refused")
            return
        }
        #expect(typeError.problems == [.wrongType(name: "ticket", value: "12a", type: .number)])
        let bound = try formula.bindVariables([("feature", "x"), ("ticket", "12")]).get()
        #expect(bound.map(\.key) == ["feature", "ticket", "depth"])
    }

    @Test func adviceStepIdsAreCheckedAsPlacedAroundAStep() throws {
        let (_, diagnostics) = try GasTownFixtures.load(
            text:
                """
                formula = "x"
                type = "aspect"
                [[advice]]
                target = "*"
                [[advice.around.before]]
                id = "../{step.id}"
                """)
        #expect(
            diagnostics == [
                #"f.toml:6:6: error: step id "../step" is not a valid name: it contains a path separator (allowed: letters, digits, - _ ., at most 64, no "..")"#
            ])
    }
}
