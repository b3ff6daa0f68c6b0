import TOML
import TestSupport
import Testing

@testable import Core

/// Each rule of issue 3's validation list, with the exact file:line:column it must point at.
@Suite struct FormulaValidationTests {
    func load(_ text: String, resolver: FormulaResolver? = nil) throws -> (Formula?, [String]) {
        let table = try TOMLParser.parse(text, file: "f.toml")
        let (formula, diagnostics) = FormulaLoader.load(table, file: "f.toml", resolver: resolver)
        return (formula, diagnostics.sortedByLocation().map(\.description))
    }

    @Test func aMinimalFormulaLoadsCleanly() throws {
        let (formula, diagnostics) = try load(
            """
            formula = "tiny"
            [[steps]]
            id = "only"
            """)
        #expect(diagnostics.isEmpty)
        #expect(formula?.steps.map(\.title) == ["only"])
        #expect(formula?.version == nil)
    }

    @Test func duplicateStepIds() throws {
        let (formula, diagnostics) = try load(
            """
            formula = "dup"
            [[steps]]
            id = "a"
            [[steps]]
            id = "a"
            """)
        #expect(formula == nil)
        #expect(diagnostics == [#"f.toml:5:6: error: duplicate step id "a" (first defined at f.toml:3:6)"#])
    }

    @Test func duplicateCheckpointIds() throws {
        let (_, diagnostics) = try load(
            """
            formula = "dup"
            [[steps]]
            id = "a"
            checkpoint = { id = "c", prompt = "ok?" }
            [[steps]]
            id = "b"
            checkpoint = { id = "c", prompt = "ok?" }
            """)
        #expect(diagnostics == [#"f.toml:7:21: error: duplicate checkpoint id "c" (also on step a)"#])
    }

    @Test func needsNamingAnUnknownStep() throws {
        let (_, diagnostics) = try load(
            """
            formula = "x"
            [[steps]]
            id = "build"
            [[steps]]
            id = "test"
            needs = ["biuld"]
            """)
        #expect(diagnostics == [#"f.toml:6:10: error: step test needs unknown step "biuld" (did you mean "build"?)"#])
    }

    @Test func dependencyCyclesArePrintedInFull() throws {
        let (_, diagnostics) = try load(
            """
            formula = "x"
            [[steps]]
            id = "a"
            needs = ["c"]
            [[steps]]
            id = "b"
            depends_on = ["a"]
            [[steps]]
            id = "c"
            needs = ["b"]
            """)
        #expect(diagnostics == ["f.toml:4:10: error: dependency cycle: a → c → b → a"])
    }

    @Test func onRejectUnknownOrLater() throws {
        let (_, diagnostics) = try load(
            """
            formula = "x"
            [[steps]]
            id = "a"
            [steps.checkpoint]
            on_reject = "b"
            [[steps]]
            id = "b"
            [steps.checkpoint]
            on_reject = "zzz"
            """)
        #expect(
            diagnostics == [
                #"f.toml:5:13: error: checkpoint a-checkpoint: on_reject step "b" comes later than or beside a; it must be a or a step it depends on"#,
                #"f.toml:9:13: error: checkpoint b-checkpoint: on_reject names unknown step "zzz""#,
            ])
    }

    @Test(arguments: ["15", "1m1h", "fifteen minutes", "45m-30m"])
    func badDurations(text: String) throws {
        let (_, diagnostics) = try load(
            """
            formula = "x"
            [[steps]]
            id = "a"
            duration = "\(text)"
            """)
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.hasPrefix("f.toml:4:12: error: steps[0].duration: bad duration \"\(text)\"") == true)
    }

    @Test func regexesThatDoNotCompile() throws {
        let (_, diagnostics) = try load(
            """
            formula = "x"
            [[steps]]
            id = "a"
            [[anti_patterns]]
            name = "broken"
            severity = "high"
            pattern = 'time\\.Sleep\\('
            [[anti_patterns]]
            name = "fine"
            severity = "low"
            pattern = 'time\\.Sleep\\('
            """.replacingOccurrences(
                of: "time\\.Sleep\\('\n[[anti_patterns]]\nname = \"fine\"",
                with: "(unclosed'\n[[anti_patterns]]\nname = \"fine\""))
        #expect(
            diagnostics == [
                #"f.toml:7:11: error: anti-pattern "broken": pattern does not compile: (unclosed is not a valid regular expression"#
            ])
    }

    @Test func variableRules() throws {
        let (_, diagnostics) = try load(
            """
            formula = "x"
            [vars.a]
            required = true
            default = "1"
            [vars.b]
            enum = ["x", "y"]
            default = "z"
            [vars.c]
            pattern = '[0-9]+'
            default = "12a"
            [vars.d]
            pattern = '[0-9'
            [[steps]]
            id = "s"
            """)
        #expect(
            diagnostics == [
                "f.toml:4:11: warning: variable a is required and also has a default; the default is used when no value is given",
                #"f.toml:7:11: error: variable b: default "z" is not one of the enum values (x, y)"#,
                #"f.toml:10:11: error: variable c: default "12a" does not match its pattern [0-9]+"#,
                "f.toml:12:11: error: variable d: pattern does not compile: [0-9 is not a valid regular expression",
            ])
    }

    /// An unknown `{{name}}` may be filled at run time: a warning, never an error.
    @Test func unknownPlaceholdersAreWarnings() throws {
        let (_, diagnostics) = try load(
            """
            formula = "x"
            vars = { service = "gateway" }
            [[steps]]
            id = "s"
            title = "Test {{service}} and {{ region }}"
            tasks = ["Deploy to {{cluster}}"]
            description = "{{#each}} is not a placeholder"
            """)
        #expect(
            diagnostics == [
                #"f.toml:5:9: warning: step s uses {{region}} but no variable "region" is declared in [vars]; left as written"#,
                #"f.toml:6:9: warning: step s uses {{cluster}} but no variable "cluster" is declared in [vars]; left as written"#,
            ])
    }

    @Test func wrongValueTypes() throws {
        let (_, diagnostics) = try load(
            """
            formula = "x"
            version = 2.5
            [[steps]]
            id = "a"
            title = 3
            needs = "b"
            tasks = ["ok", 7]
            [steps.gate]
            type = "tests"
            required_pass_rate = "all"
            mandatory = "yes"
            [[steps]]
            id = "b"
            """)
        #expect(
            diagnostics == [
                "f.toml:2:11: error: version: expected a non-negative integer (3) or a string (\"2.1\"), found float",
                "f.toml:5:9: error: steps[0].title: expected a string, found integer",
                #"f.toml:7:16: error: steps[0].tasks[1]: expected a string, found integer"#,
                "f.toml:10:22: error: steps[0].gate.required_pass_rate: expected a number, found string",
                "f.toml:11:13: error: steps[0].gate.mandatory: expected true or false, found string",
            ])
    }

    @Test func unknownKeysAreKeptAndReportedAsWarnings() throws {
        let (formula, diagnostics) = try load(
            """
            formula = "gastown-style"
            version = 3
            [presets]
            gate = ["x"]
            [[steps]]
            id = "a"
            loop = { max = 3 }
            [[squash]]
            text = "be careful"
            """)
        let loaded = try #require(formula, "warnings alone do not prevent loading")
        #expect(
            diagnostics == [
                #"f.toml:3:2: warning: unknown key "presets": not supported by gastown; kept as is"#,
                #"f.toml:7:1: warning: unknown key "steps[0].loop": not supported by gastown; kept as is"#,
                #"f.toml:8:3: warning: unknown key "squash": not supported by gastown; kept as is"#,
            ])
        #expect(loaded.unknownKeys.map(\.path) == ["presets", "squash"])
        #expect(loaded.steps[0].unknownKeys.map(\.path) == ["steps[0].loop"])
        #expect(loaded.unknownKeys[0].value == ["gate": ["x"]])
    }

    @Test func aHumanGateIsACheckpoint() throws {
        let (formula, diagnostics) = try load(
            """
            formula = "x"
            [[steps]]
            id = "review"
            gate = { type = "human", id = "lead-review", description = "Lead signs off" }
            """)
        #expect(diagnostics.isEmpty)
        let checkpoint = try #require(formula?.steps[0].checkpoint)
        #expect(checkpoint.id == "lead-review")
        #expect(checkpoint.prompt == "Lead signs off")
        #expect(checkpoint.onReject == "review")
        #expect(formula?.steps[0].gate?.blocksCompletion == false)
    }

    @Test func progressionCriteriaMustReferToSomethingThatExists() throws {
        let (_, diagnostics) = try load(
            """
            formula = "x"
            [[steps]]
            id = "a"
            gate = { type = "tests", id = "g" }
            [progression_rules]
            day_completion_criteria = [
                "A plain sentence is a manual check",
                { gate = "g" },
                { gate = "gg", description = "typo" },
                { checkpoint = "nope" },
                { gate = "g", step = "a" },
            ]
            """)
        #expect(
            diagnostics == [
                #"f.toml:9:14: error: day completion criterion names unknown gate "gg" (did you mean "g"?)"#,
                #"f.toml:10:20: error: day completion criterion names unknown checkpoint "nope""#,
                "f.toml:11:5: error: progression_rules.day_completion_criteria[4]: expected exactly one of gate, checkpoint, step or manual, found 2",
            ])
    }

    @Test func extendsMergesTheParent() throws {
        let parent = try TOMLParser.parse(
            """
            formula = "base"
            version = 1
            vars = { team = "core" }
            [[steps]]
            id = "design"
            title = "Design for {{team}}"
            [[steps]]
            id = "build"
            """, file: "base.toml")
        let (formula, diagnostics) = try load(
            """
            formula = "child"
            extends = ["base"]
            [[steps]]
            id = "build"
            title = "Build it properly"
            [[steps]]
            id = "ship"
            """, resolver: { $0 == "base" ? (parent, "base.toml") : nil })
        #expect(diagnostics.isEmpty)
        #expect(formula?.name == "child")
        #expect(formula?.version == .integer(1))
        #expect(formula?.steps.map(\.id) == ["design", "build", "ship"])
        #expect(formula?.steps[1].title == "Build it properly")
        #expect(formula?.variables["team"]?.defaultValue == "core")
    }

    @Test func extendsMissingOrCyclic() throws {
        let a = try TOMLParser.parse("formula = \"a\"\nextends = \"b\"\n[[steps]]\nid = \"s\"", file: "a.toml")
        let b = try TOMLParser.parse("formula = \"b\"\nextends = \"a\"\n[[steps]]\nid = \"t\"", file: "b.toml")
        let resolver: FormulaResolver = { name in
            switch name {
            case "a": (a, "a.toml")
            case "b": (b, "b.toml")
            default: nil
            }
        }
        let (_, cyclic) = FormulaLoader.load(a, file: "a.toml", resolver: resolver)
        #expect(cyclic.map(\.description) == [#"b.toml:2:11: error: extends "a" is cyclic: a → b → a"#])
        let (_, missing) = try load("formula = \"x\"\nextends = [\"ghost\"]\n[[steps]]\nid = \"s\"", resolver: resolver)
        #expect(
            missing == [
                #"f.toml:2:12: error: extends "ghost": no such formula on the search path (formulas/, .beads/formulas/, ~/.beads/formulas/)"#
            ])
    }

    @Test func fileOrderUnlessNeedsAreDeclared() throws {
        let (sequential, _) = try load(
            "formula = \"x\"\n[[steps]]\nid = \"a\"\n[[steps]]\nid = \"b\"\n[[steps]]\nid = \"c\"")
        #expect(sequential?.prerequisites(of: "c") == ["b"])
        let (dag, _) = try load(
            "formula = \"x\"\n[[steps]]\nid = \"a\"\n[[steps]]\nid = \"b\"\n[[steps]]\nid = \"c\"\nneeds = [\"a\"]")
        #expect(dag?.prerequisites(of: "c") == ["a"])
        #expect(dag?.prerequisites(of: "b") == [])
    }

    @Test func missingFormulaNameIsAnError() throws {
        let (formula, diagnostics) = try load("[[steps]]\nid = \"a\"")
        #expect(formula == nil)
        #expect(diagnostics == [#"f.toml:1:1: error: missing required key "formula" (the formula's name)"#])
    }
}

@Suite struct VariableBindingTests {
    func releaseTrain() throws -> Formula {
        let table = try TOMLParser.parse(Repository.text("formulas/release-train.toml"), file: "r.toml")
        return try #require(FormulaLoader.load(table, file: "r.toml").0)
    }

    func formula(_ vars: String) throws -> (Formula?, [String]) {
        let text = "formula = \"v\"\n\(vars)\n[[steps]]\nid = \"s\"\n"
        let (formula, diagnostics) = FormulaLoader.load(try TOMLParser.parse(text, file: "v.toml"), file: "v.toml")
        return (formula, diagnostics.map(\.description))
    }

    @Test func givenValuesComeFirstThenTheDefaults() throws {
        let values = try releaseTrain().bindVariables([("release", "1.4.0"), ("channel", "beta")]).get()
        #expect(values.map(\.key) == ["release", "channel", "product"])
        #expect(values.map(\.value) == ["1.4.0", "beta", "gastown"])
        #expect(
            Placeholders.substitute(
                "Ship {{release}} to {{ channel }} ({{unknown}})",
                with: Dictionary(uniqueKeysWithValues: values.map { ($0.key, $0.value) }))
                == "Ship 1.4.0 to beta ({{unknown}})")
    }

    @Test func everyProblemIsReportedAndNamesTheVariable() throws {
        let formula = try releaseTrain()
        let given = [("channel", "nightly"), ("release", "1.4"), ("colour", "red"), ("channel", "beta")]
        guard case .failure(let error) = formula.bindVariables(given) else {
            Issue.record("bad values were accepted")
            return
        }
        #expect(
            error.problems == [
                .notAllowed(name: "channel", value: "nightly", allowed: ["stable", "beta"]),
                .noMatch(name: "release", value: "1.4", pattern: #"[0-9]+\.[0-9]+\.[0-9]+"#),
                .undeclared(name: "colour", formula: "release-train", declared: ["product", "release", "channel"]),
                .givenTwice(name: "channel"),
            ])
        #expect(
            error.description
                == """
                variable channel: "nightly" is not one of stable, beta
                variable release: "1.4" does not match the pattern [0-9]+\\.[0-9]+\\.[0-9]+
                formula release-train has no variable "colour" (its variables: product, release, channel)
                variable channel is given twice
                """)
        guard case .failure(let missing) = formula.bindVariables([]) else {
            Issue.record("a missing required variable was accepted")
            return
        }
        #expect(missing.description == "variable release is required (Release number, e.g. 1.4.0)")
    }

    /// The pattern must match the whole value, whichever alternative does it, and nothing may trail it.
    @Test func aPatternMatchesTheWholeValue() throws {
        let (loaded, diagnostics) = try formula(
            #"""
            vars.alternatives = { pattern = 'a|ab' }
            vars.digits = { pattern = '[0-9]+' }
            vars.anchored = { pattern = '^v[0-9]+$' }
            vars.commented = { pattern = '(?x) [0-9]+ # digits only' }
            vars.quoted = { pattern = '\Qa.b' }
            """#)
        #expect(diagnostics.isEmpty)
        let formula = try #require(loaded)
        func accepts(_ name: String, _ value: String) -> Bool {
            (try? formula.bindVariables([(name, value)]).get()) != nil
        }
        #expect(accepts("alternatives", "a") && accepts("alternatives", "ab"))
        #expect(!accepts("alternatives", "abc") && !accepts("alternatives", "b"))
        #expect(accepts("digits", "2026"))
        for value in ["", "x12", "12x", "12\n", "1 2"] { #expect(!accepts("digits", value), "\(value)") }
        #expect(accepts("anchored", "v3") && !accepts("anchored", "v3\n"))
        #expect(accepts("commented", "12") && !accepts("commented", "12 "))
        #expect(accepts("quoted", "a.b") && !accepts("quoted", "axb"))
    }

    /// A default is checked by the same rule as a given value.
    @Test func theValidatorChecksDefaultsByTheSameRule() throws {
        let (_, fine) = try formula("vars.v = { pattern = 'a|ab', default = 'ab' }")
        #expect(fine.isEmpty)
        let (_, trailing) = try formula("vars.w = { pattern = '[0-9]+', default = \"12\\n\" }")
        #expect(trailing == ["v.toml:2:42: error: variable w: default \"12\n\" does not match its pattern [0-9]+"])
    }
}
