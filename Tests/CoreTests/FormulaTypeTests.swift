import Foundation
import TOML
import Testing

@testable import Core

/// Our fixtures of each Gas Town formula type (modelled on Gas Town's documented shapes) load, validate
/// and become steps a molecule can follow.
@Suite struct FormulaTypeTests {
    @Test func everyValidFixtureLoadsWithoutErrors() throws {
        #expect(GasTownFixtures.names.count >= 8)
        for name in GasTownFixtures.names {
            let (_, diagnostics) = try GasTownFixtures.load(name)
            #expect(!diagnostics.contains { $0.contains(": error: ") }, "\(name): \(diagnostics)")
        }
    }

    @Test func aConvoyIsOneParallelStepPerLegAndASynthesisThatNeedsThemAll() throws {
        let (formula, diagnostics) = try GasTownFixtures.load("design-review")
        #expect(diagnostics.isEmpty)
        #expect(formula.kind == .convoy)
        #expect(formula.steps.map(\.id) == ["interface", "storage", "threats", "synthesis"])
        #expect(formula.steps.map(\.role) == [.leg, .leg, .leg, .synthesis])
        #expect(formula.steps.prefix(3).allSatisfy { formula.prerequisites(of: $0.id).isEmpty })
        #expect(formula.prerequisites(of: "synthesis") == ["interface", "storage", "threats"])
        // `agent` is the default assignee, `focus` and `review_only` are kept and shown.
        #expect(formula.steps.map(\.assignee) == ["ui-reviewer", "data-reviewer", "security-reviewer", nil])
        #expect(formula.step("storage")?.focus == "Files, formats and migrations")
        #expect(formula.step("threats")?.reviewOnly == true)
        #expect(formula.step("synthesis")?.acceptance == "Every leg's findings are in the summary, deduplicated")
        // [inputs.X] are the molecule's variables; [prompts] and [output] are kept.
        #expect(formula.variableList.map(\.name) == ["feature", "depth", "ticket", "doc"])
        #expect(formula.variables["ticket"]?.valueType == .number)
        #expect(formula.variables["ticket"]?.requiredUnless == ["doc"])
        #expect(formula.prompts.map(\.name) == ["base"])
        #expect(formula.output.map(\.name) == ["directory", "leg_pattern", "synthesis"])
        #expect(formula.moleculeRefusal == nil)
    }

    @Test func aConvoyWithoutSynthesisDependsOnStillRunsItsLegsAtOnce() throws {
        let (formula, diagnostics) = try GasTownFixtures.load(
            text:
                """
                formula = "scan"
                type = "convoy"
                [[legs]]
                id = "sast"
                [[legs]]
                id = "deps"
                [synthesis]
                title = "Report"
                """)
        #expect(diagnostics.isEmpty)
        #expect(formula.prerequisites(of: "deps").isEmpty)
        #expect(formula.prerequisites(of: "synthesis") == ["sast", "deps"])
    }

    @Test func legsWithoutSynthesisAreAllReadyAtOnce() throws {
        let (formula, _) = try GasTownFixtures.load(
            text: "formula = \"scan\"\n[[legs]]\nid = \"a\"\n[[legs]]\nid = \"b\"\n")
        #expect(formula.kind == .convoy, "inferred from the legs")
        #expect(formula.runsInFileOrder)
        #expect(formula.prerequisites(of: "b").isEmpty)
    }

    @Test func anExpansionIsCheckedAgainstATargetNamedTarget() throws {
        let (formula, diagnostics) = try GasTownFixtures.load("triple-check")
        #expect(diagnostics.isEmpty)
        #expect(formula.kind == .expansion)
        #expect(formula.steps.isEmpty)
        #expect(formula.templateSteps.map(\.id) == ["{target}.sketch", "{target}.harden", "{target}.polish"])
        #expect(formula.moleculeRefusal?.contains("[compose] expand") == true)
        let (broken, problems) = try GasTownFixtures.load(
            text:
                """
                formula = "x"
                type = "expansion"
                [[template]]
                id = "../{target}"
                [[template]]
                id = "{target}.b"
                needs = ["{target}.missing"]
                """)
        #expect(broken.templateSteps.count == 2)
        #expect(
            problems == [
                #"f.toml:4:6: error: step id "../target" is not a valid name: it contains a path separator (allowed: letters, digits, - _ ., at most 64, no "..")"#,
                #"f.toml:7:10: error: step target.b needs unknown step "target.missing""#,
            ])
    }

    @Test func anExpansionWithoutTemplateStepsIsAnError() throws {
        let (_, diagnostics) = try GasTownFixtures.load(text: "formula = \"x\"\ntype = \"expansion\"\n")
        #expect(diagnostics == ["f.toml:1:1: error: expansion formula x has no [[template]] steps"])
    }

    @Test func anAspectWithAdviceOnlyIsAppliedToOthers() throws {
        let (formula, diagnostics) = try GasTownFixtures.load("audit-trail")
        #expect(diagnostics.isEmpty)
        #expect(formula.kind == .aspect)
        #expect(formula.steps.isEmpty)
        #expect(formula.advice.map(\.target) == ["*.harden", nil])
        #expect(formula.advice[0].before.map(\.id) == ["{step.id}-snapshot"])
        #expect(formula.advice[0].after.map(\.id) == ["{step.id}-diff"])
        #expect(formula.advice[1].after.map(\.id) == ["{step.id}-signoff"])
        #expect(formula.pointcuts == [Pointcut(glob: "*ship")])
        #expect(formula.moleculeRefusal?.contains("[compose] aspects") == true)
    }

    @Test func anOlderAspectFormulaIsOneParallelStepPerAspect() throws {
        let (formula, diagnostics) = try GasTownFixtures.load("quality-lenses")
        #expect(diagnostics.isEmpty)
        #expect(formula.kind == .aspect)
        #expect(formula.steps.map(\.id) == ["readability", "performance", "robustness"])
        #expect(formula.steps.allSatisfy { $0.role == .aspect && $0.parallel })
        #expect(formula.steps.allSatisfy { formula.prerequisites(of: $0.id).isEmpty })
        #expect(formula.moleculeRefusal == nil)
    }

    @Test func parallelRunsInAFileOrderFormulaFollowTheStepBeforeThem() throws {
        let (formula, _) = try GasTownFixtures.load("feature-flow")
        #expect(formula.runsInFileOrder)
        #expect(formula.prerequisites(of: "lint") == ["build"])
        #expect(formula.prerequisites(of: "test") == ["build"])
        #expect(formula.prerequisites(of: "ship") == ["lint", "test"])
        #expect(formula.step("design")?.assignee == "architect", "agent is the default assignee")
    }

    @Test func requiredWithADefaultIsAWarningAndTheDefaultIsUsed() throws {
        let (formula, diagnostics) = try GasTownFixtures.load("feature-flow")
        #expect(
            diagnostics.contains(
                "feature-flow.formula.toml:17:11: warning: variable period is required and also has a default; the default is used when no value is given"
            ))
        let values = try formula.bindVariables([("feature", "search")]).get()
        #expect(values.first { $0.key == "period" }?.value == "2w")
    }

    @Test func templateTextInDescriptionsIsNotTakenForVariables() throws {
        let (_, diagnostics) = try GasTownFixtures.load("template-text")
        #expect(diagnostics.isEmpty)
        let (_, flow) = try GasTownFixtures.load("feature-flow")
        // Only the one real unknown name of feature-flow is reported, as a warning.
        #expect(
            flow.filter { $0.contains("{{") } == [
                #"feature-flow.formula.toml:39:15: warning: step build uses {{deadline}} but no variable "deadline" is declared in [vars]; left as written"#
            ])
    }

    @Test func unknownGasTownKeysStayWarningsAndAreKept() throws {
        let (formula, diagnostics) = try GasTownFixtures.load("feature-flow")
        #expect(formula.unknownKeys.map(\.path) == ["squash", "pour"])
        #expect(formula.step("build")?.unknownKeys.map(\.path) == ["steps[1].interactive"])
        #expect(diagnostics.filter { $0.contains("unknown key") }.count == 3)
        #expect(!diagnostics.contains { $0.contains(": error: ") })
    }

}
