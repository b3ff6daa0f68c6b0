import Foundation
import TOML
import Testing

@testable import Core

/// `[compose] expand` / `map` / `aspects` and `extends` chains (issue 12): steps replaced and inserted
/// in place, placeholders filled from the target, every other step still waiting for what it waited for;
/// cycles refused with their path.
@Suite struct CompositionTests {
    @Test func anExpansionReplacesItsTargetWithPlaceholdersFilledFromIt() throws {
        let (formula, diagnostics) = try GasTownFixtures.load("feature-flow-hardened")
        #expect(!diagnostics.contains { $0.contains(": error: ") }, "\(diagnostics)")
        #expect(
            formula.steps.map(\.id) == [
                "design", "build.sketch", "build.harden-snapshot", "build.harden", "build.harden-diff",
                "build.polish", "lint", "test", "ship", "ship-signoff",
            ])
        let sketch = try #require(formula.step("build.sketch"))
        #expect(sketch.title == "Sketch: Build {{feature}}", "{target.title}")
        #expect(sketch.description?.hasPrefix("First pass at {{range .files}}") == true, "{target.description}")
        #expect(sketch.origin == "triple-check")
        // The first template step takes over the target's needs; the next steps wait for the last one.
        #expect(formula.prerequisites(of: "build.sketch") == ["design"])
        #expect(formula.prerequisites(of: "lint") == ["build.polish"])
        #expect(formula.prerequisites(of: "test") == ["build.polish"])
        // The rule's vars fill the expansion's placeholders; its other variables join the formula's.
        #expect(formula.step("build.polish")?.title == "Polish build with security")
        #expect(formula.variables["reviewer"] == nil)
    }

    @Test func adviceGoesAroundItsTargetsAndPointcuts() throws {
        let (formula, _) = try GasTownFixtures.load("feature-flow-hardened")
        #expect(formula.prerequisites(of: "build.harden-snapshot") == ["build.sketch"])
        #expect(Set(formula.prerequisites(of: "build.harden")) == ["build.sketch", "build.harden-snapshot"])
        #expect(formula.prerequisites(of: "build.harden-diff") == ["build.harden"])
        #expect(formula.prerequisites(of: "build.polish") == ["build.harden-diff"], "dependants follow the after step")
        #expect(formula.step("build.harden-diff")?.title == "Diff after Harden build", "{step.title}")
        #expect(formula.prerequisites(of: "ship-signoff") == ["ship"], "the pointcut *ship matched ship")
        #expect(formula.step("ship-signoff")?.origin == "audit-trail")
    }

    @Test func aConvoyCanReplaceAStep() throws {
        let (formula, diagnostics) = try GasTownFixtures.load("feature-flow-reviewed")
        #expect(!diagnostics.contains { $0.contains(": error: ") }, "\(diagnostics)")
        #expect(
            formula.steps.prefix(5).map(\.id) == [
                "design.interface", "design.storage", "design.threats", "design.synthesis", "build",
            ])
        #expect(formula.prerequisites(of: "design.storage").isEmpty)
        #expect(
            formula.prerequisites(of: "design.synthesis") == ["design.interface", "design.storage", "design.threats"])
        #expect(formula.prerequisites(of: "build") == ["design.synthesis"])
        #expect(
            formula.step("design.synthesis")?.title == "Merge the deep review of {{feature}}", "vars fill {{depth}}")
        // The convoy's other inputs become the formula's variables.
        #expect(formula.variableList.map(\.name) == ["feature", "period", "owner", "ticket", "doc"])
    }

    @Test func anExtendsChainInheritsCompositionAndAppliesItOnce() throws {
        let (formula, diagnostics) = try GasTownFixtures.load("feature-flow-strict")
        #expect(!diagnostics.contains { $0.contains(": error: ") }, "\(diagnostics)")
        #expect(formula.steps.filter { $0.origin == "triple-check" }.count == 3)
        #expect(formula.steps.count == 10)
        let ship = try #require(formula.step("ship"))
        #expect(ship.checkpoint?.id == "ship-approved")
        #expect(ship.checkpoint?.onReject == "build.sketch")
        #expect(formula.prerequisites(of: "ship") == ["lint", "test"])
        #expect(formula.variables["approver"]?.defaultValue == "lead")
    }

    @Test func cyclesAreRefusedWithTheirPath() throws {
        let (_, viaExtends) = try GasTownFixtures.load("cycle-a")
        #expect(
            viaExtends == [
                #"cycle-b.formula.toml:3:12: error: extends "cycle-a" is cyclic: cycle-a → cycle-b → cycle-a"#
            ])
        let (_, viaExpand) = try GasTownFixtures.load("ring-1")
        #expect(
            viaExpand == [
                #"ring-3.formula.toml:8:38: error: compose.expand[0].with "ring-2" is cyclic: ring-2 → ring-3 → ring-2"#
            ])
    }

    @Test func theTargetsCheckpointAndGateMoveToTheLastStepReplacingIt() throws {
        let (formula, diagnostics) = try load(
            """
            formula = "host"
            [[steps]]
            id = "plan"
            [[steps]]
            id = "build"
            assignee = "bob"
            checkpoint = { id = "build-ok", prompt = "Good?" }
            gate = { type = "tests", id = "build-tests" }
            [[steps]]
            id = "ship"
            checkpoint = { id = "ship-ok", prompt = "Ship?", on_reject = "build" }
            [progression_rules]
            day_completion_criteria = [{ step = "build" }]
            [compose]
            expand = [{ target = "build", with = "triple-check" }]
            """)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let polish = try #require(formula.step("build.polish"))
        #expect(polish.checkpoint?.id == "build-ok")
        #expect(polish.checkpoint?.onReject == "build.sketch", "a rejection returns to the start of the expansion")
        #expect(polish.gate?.id == "build-tests")
        #expect(formula.steps.filter { $0.origin == "triple-check" }.allSatisfy { $0.assignee == "bob" })
        #expect(formula.step("ship")?.checkpoint?.onReject == "build.sketch")
        #expect(formula.progressionRules.dayCompletionCriteria.first?.requirement == .stepDone("build.polish"))
        #expect(formula.variables["reviewer"]?.defaultValue == "pair", "the expansion's variable joins the formula")
    }

    @Test func mapExpandsEveryMatchingStep() throws {
        let (formula, diagnostics) = try load(
            """
            formula = "host"
            [[steps]]
            id = "api.build"
            [[steps]]
            id = "ui.build"
            [[steps]]
            id = "release"
            [[compose.map]]
            select = "*.build"
            with = "triple-check"
            """)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(formula.steps.count == 7)
        #expect(formula.prerequisites(of: "ui.build.sketch") == ["api.build.polish"], "file order made explicit")
        #expect(formula.prerequisites(of: "release") == ["ui.build.polish"])
    }

    @Test func badRulesArePositionedErrors() throws {
        let (_, diagnostics) = try load(
            """
            formula = "host"
            [[steps]]
            id = "build"
            [compose]
            expand = [
              { target = "biuld", with = "triple-check" },
              { target = "build", with = "feature-flow" },
              { target = "build", with = "nowhere" },
            ]
            aspects = ["design-review"]
            """)
        #expect(
            diagnostics == [
                #"f.toml:6:14: error: compose.expand[0].target: no step "biuld" to expand (did you mean "build"?)"#,
                #"f.toml:7:30: error: compose.expand[1].with: "feature-flow" is a workflow formula; expected an expansion formula with [[template]] steps or a convoy formula"#,
                #"f.toml:8:30: error: compose.expand[2].with "nowhere": no such formula on the search path (formulas/, .beads/formulas/, ~/.beads/formulas/)"#,
                #"f.toml:10:12: error: compose.aspects: "design-review" is a convoy formula; expected an aspect formula with [[advice]]"#,
            ])
    }

    /// The fixture feature-flow's own warnings left out.
    func load(_ text: String) throws -> (Formula, [String]) {
        let (formula, diagnostics) = try GasTownFixtures.load(text: text)
        return (formula, diagnostics.filter { !$0.hasPrefix("feature-flow.formula.toml") })
    }
}
