import TOML
import Testing

@testable import Core

/// Gas Town formulas in the wild reach 1,000+ steps with long box-drawing descriptions and sections we
/// do not support: they must load, with warnings, never a crash.
@Suite struct LargeFormulaTests {
    static func gasTownStyle(steps: Int) -> String {
        var text = """
            formula = "towers-of-hanoi-proof"
            version = 12
            type = "workflow"
            [squash]
            trigger = "done"
            [[presets]]
            name = "fast"

            """
        for i in 0..<steps {
            text += """

                [[steps]]
                id = "move-\(i)"
                title = "Move \(i)"
                \(i > 0 ? "depends_on = [\"move-\(i - 1)\"]" : "")
                description = \"\"\"
                ╔════════════════════════════╗
                ║ move disk \(i % 7) → peg \(i % 3)        ║
                ╚════════════════════════════╝
                \"\"\"
                \(i % 100 == 0 ? "loop = { times = 2 }" : "")

                """
        }
        return text
    }

    @Test func aThousandStepGasTownFormulaLoadsWithWarningsOnly() throws {
        let table = try TOMLParser.parse(Self.gasTownStyle(steps: 1200), file: "hanoi.formula.toml")
        let (formula, diagnostics) = FormulaLoader.load(table, file: "hanoi.formula.toml")
        let loaded = try #require(formula)
        #expect(loaded.steps.count == 1200)
        #expect(!loaded.runsInFileOrder)
        #expect(loaded.prerequisites(of: "move-1199") == ["move-1198"])
        #expect(loaded.steps[5].description?.contains("║ move disk 5 → peg 2") == true)
        #expect(diagnostics.errors.isEmpty)
        #expect(diagnostics.count == 2 + 12, "squash, presets and the twelve loops")
        #expect(diagnostics.allSatisfy { $0.message.hasPrefix("unknown key") })
        #expect(loaded.unknownKeys.map(\.path) == ["squash", "presets"])
    }
}
