import Foundation
import TestSupport
import Testing

/// `gastown formula …` driven as a user would, in a temporary workspace with its own HOME.
@Suite struct FormulaCLITests {

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
        var json: [String: Any]? {
            (try? JSONSerialization.jsonObject(with: Data(stdout.utf8))) as? [String: Any]
        }
    }

    /// A scratch workspace: `formulas/`, `.beads/formulas/` and a HOME of its own.
    final class Workspace {
        let root: URL
        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("gastown-formula-\(UUID().uuidString)")
            for dir in ["formulas", ".beads/formulas", "home/.beads/formulas"] {
                try FileManager.default.createDirectory(
                    at: root.appendingPathComponent(dir), withIntermediateDirectories: true)
            }
        }
        deinit { try? FileManager.default.removeItem(at: root) }

        func write(_ relativePath: String, _ text: String) throws {
            try text.write(to: root.appendingPathComponent(relativePath), atomically: true, encoding: .utf8)
        }

        func run(_ arguments: [String]) throws -> Outcome {
            let process = Process()
            process.executableURL = BuiltProducts.gastown
            process.arguments = arguments
            process.currentDirectoryURL = root
            var environment = ProcessInfo.processInfo.environment
            environment["HOME"] = root.appendingPathComponent("home").path
            environment["GASTOWN_ROOT"] = nil
            process.environment = environment
            let out = Pipe()
            let err = Pipe()
            process.standardOutput = out
            process.standardError = err
            try process.run()
            let stdout = out.fileHandleForReading.readDataToEndOfFile()
            let stderr = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return Outcome(
                status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                stderr: String(decoding: stderr, as: UTF8.self))
        }
    }

    @Test func theShippedFormulasValidate() throws {
        let workspace = try Workspace()
        let result = try workspace.run([
            "formula", "validate", Repository.root.appendingPathComponent("formulas").path, "--strict",
        ])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("integration-test-full-validation.toml: ok (0 errors, 0 warnings)"))
        #expect(result.stdout.hasSuffix("3 files: 0 errors, 0 warnings\n"))
    }

    @Test func errorsNameFileLineAndColumnAndFailTheRun() throws {
        let workspace = try Workspace()
        try workspace.write(
            "broken.toml",
            """
            formula = "broken"
            [[steps]]
            id = "a"
            duration = "15 minutes"
            [[steps]]
            id = "b"
            needs = ["c"]
            """)
        let result = try workspace.run(["formula", "validate", "broken.toml"])
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(
            lines.contains(
                #"broken.toml:4:12: error: steps[0].duration: bad duration "15 minutes": expected hours, minutes and seconds such as "15m", "1h30m", "90s", or a range "30m-45m""#
            ))
        #expect(lines.contains(#"broken.toml:7:10: error: step b needs unknown step "c""#))
        #expect(lines.last == "broken.toml: invalid (2 errors, 0 warnings)")
    }

    @Test func warningsFailOnlyWithStrict() throws {
        let workspace = try Workspace()
        try workspace.write(
            "gastown-style.toml", "formula = \"g\"\nversion = 4\n[[steps]]\nid = \"a\"\nloop = { max = 2 }\n")
        let relaxed = try workspace.run(["formula", "validate", "gastown-style.toml"])
        #expect(relaxed.status == 0)
        #expect(
            relaxed.stdout.contains(
                #"gastown-style.toml:5:1: warning: unknown key "steps[0].loop": not supported by gastown; kept as is"#))
        let strict = try workspace.run(["formula", "validate", "--strict", "gastown-style.toml"])
        #expect(strict.status == 1)
        #expect(strict.stdout.contains("gastown-style.toml: invalid (0 errors, 1 warning)"))
    }

    @Test func validateJSON() throws {
        let workspace = try Workspace()
        try workspace.write("bad.toml", "formula = \"bad\"\n[[steps]]\nid = \"a\"\n[[steps]]\nid = \"a\"\n")
        let result = try workspace.run(["formula", "validate", "--json", "bad.toml", "missing.toml"])
        #expect(result.status == 1)
        let json = try #require(result.json)
        #expect(json["valid"] as? Bool == false)
        #expect(json["errors"] as? Int == 2)
        let files = try #require(json["files"] as? [[String: Any]])
        #expect(files.map { $0["path"] as? String } == ["bad.toml", "missing.toml"])
        let first = try #require((files[0]["diagnostics"] as? [[String: Any]])?.first)
        #expect(first["line"] as? Int == 5)
        #expect(first["column"] as? Int == 6)
        #expect(first["severity"] as? String == "error")
        #expect((first["message"] as? String)?.hasPrefix("duplicate step id \"a\"") == true)
        let missing = try #require((files[1]["diagnostics"] as? [[String: Any]])?.first)
        #expect(missing["line"] is NSNull)
    }

    @Test func listFollowsTheSearchPathAndMarksShadowedFormulas() throws {
        let workspace = try Workspace()
        try workspace.write(
            "formulas/alpha.toml", "formula = \"alpha\"\nversion = \"2.1\"\n[[steps]]\nid = \"a\"\nduration = \"1h\"\n")
        try workspace.write(".beads/formulas/alpha.formula.toml", "formula = \"alpha\"\n[[steps]]\nid = \"x\"\n")
        try workspace.write(
            "home/.beads/formulas/beta.toml", "formula = \"beta\"\nversion = 3\n[[steps]]\nid = \"b\"\n")
        let text = try workspace.run(["formula", "list"])
        #expect(text.status == 0)
        #expect(text.stdout.split(separator: "\n").first?.hasPrefix("NAME") == true)
        let json = try #require(try workspace.run(["formula", "list", "--json"]).json)
        let formulas = try #require(json["formulas"] as? [[String: Any]])
        // The search path's files, then the formulas built into gastown.
        #expect(
            formulas.map { $0["name"] as? String }
                == ["alpha", "alpha", "beta", "integration-test-full-validation", "quick-fix", "release-train"])
        #expect(
            formulas.map { $0["source"] as? String } == [
                "formulas/alpha.toml", ".beads/formulas/alpha.formula.toml", "~/.beads/formulas/beta.toml",
                "built-in", "built-in", "built-in",
            ])
        #expect(formulas.map { $0["shadowed"] as? Bool } == [false, true, false, false, false, false])
        #expect(formulas[0]["version"] as? String == "2.1")
        #expect(formulas[2]["version"] as? Int == 3)
        #expect(formulas[0]["plannedSeconds"] as? Int == 3600)
        #expect((json["searchPath"] as? [String])?.count == 3)
        #expect(json["builtIn"] as? [String] == ["integration-test-full-validation", "quick-fix", "release-train"])
    }

    @Test func listMarksACopyOlderThanTheBuiltInItShadows() throws {
        let workspace = try Workspace()
        try workspace.write(
            ".beads/formulas/quick-fix.toml", "formula = \"quick-fix\"\nversion = \"0.9\"\n[[steps]]\nid = \"a\"\n")
        try workspace.write(
            "formulas/release-train.toml", "formula = \"release-train\"\nversion = 7\n[[steps]]\nid = \"a\"\n")
        let text = try workspace.run(["formula", "list"])
        let row = text.stdout.split(separator: "\n").first { $0.hasPrefix("quick-fix ") }
        #expect(row?.contains("ok (older than built-in 1)") == true, "\(text.stdout)")
        #expect(row?.hasSuffix(".beads/formulas/quick-fix.toml") == true)
        #expect(text.stdout.contains("gastown formula install NAME --force"))
        let newer = text.stdout.split(separator: "\n").first { $0.hasPrefix("release-train ") }
        #expect(newer?.contains("older") == false)
        let json = try #require(try workspace.run(["formula", "list", "--json"]).json)
        let formulas = try #require(json["formulas"] as? [[String: Any]])
        let copy = try #require(formulas.first { $0["source"] as? String == ".beads/formulas/quick-fix.toml" })
        #expect(copy["olderThanBuiltIn"] as? Int == 1)
        let ours = try #require(formulas.first { $0["source"] as? String == "formulas/release-train.toml" })
        #expect(ours["olderThanBuiltIn"] is NSNull)
    }

    @Test func listColumnsLineUpWhateverTheVersionsAreWrittenIn() throws {
        let workspace = try Workspace()
        try workspace.write(
            "formulas/alpha.toml", "formula = \"alpha\"\nversion = \"版本二 🚀\"\n[[steps]]\nid = \"a\"\n")
        try workspace.write("formulas/beta.toml", "formula = \"beta\"\nversion = 3\n[[steps]]\nid = \"b\"\n")
        let lines = try workspace.run(["formula", "list"]).stdout.split(separator: "\n").map(String.init)
        // "版本二 🚀" is 6 characters and 9 columns: TYPE starts at the same column on every line.
        #expect(lines.count == 6)
        func columns(before marker: String, in line: String) -> Int? {
            guard let range = line.range(of: marker) else { return nil }
            return line[..<range.lowerBound].unicodeScalars.reduce(0) { width, scalar in
                width + ((0x4E00...0x9FFF).contains(scalar.value) || scalar.value >= 0x1F300 ? 2 : 1)
            }
        }
        let type = try #require(columns(before: "TYPE", in: lines[0]))
        #expect(lines[1].hasPrefix("alpha "))
        #expect(lines[1].contains("  版本二 🚀  workflow  1  "))
        #expect(columns(before: "workflow", in: lines[1]) == type)
        #expect(lines[2].hasPrefix("beta "))
        #expect(columns(before: "workflow", in: lines[2]) == type)
        #expect(columns(before: "版本二", in: lines[1]) == columns(before: "VERSION", in: lines[0]))
    }

    @Test func showPrintsTheOutline() throws {
        let workspace = try Workspace()
        let source = try String(
            contentsOf: Repository.root.appendingPathComponent("formulas/integration-test-full-validation.toml"),
            encoding: .utf8)
        try workspace.write("formulas/integration-test-full-validation.toml", source)
        let result = try workspace.run(["formula", "show", "integration-test-full-validation"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "integration-test-full-validation v2.1 (workflow)")
        #expect(lines.contains("  9 steps in file order, 4 checkpoints, 2 gates, planned 2h25m-2h40m"))
        #expect(lines.contains(" 8. CHECK - Compliance Triage [compliance-triage]  CHECK  30m-45m"))
        #expect(
            lines.contains(
                "      ■ gate test-validation-gate (tests, mandatory): pass rate ≥ 100%, no skipped tests, no anti-patterns"
            ))
        #expect(
            lines.contains(
                "      ◆ checkpoint test-validation-checkpoint: Confirm 100% pass before proceeding (reject → do-refactor)"
            ))
        #expect(lines.contains("      - Validate no `Skip()` calls"))
        #expect(lines.contains("Total planned time: 2h25m-2h40m"))
    }

    @Test func showJSON() throws {
        let workspace = try Workspace()
        let source = try String(
            contentsOf: Repository.root.appendingPathComponent("formulas/release-train.toml"), encoding: .utf8)
        try workspace.write(".beads/formulas/release-train.toml", source)
        let json = try #require(try workspace.run(["formula", "show", "release-train", "--json"]).json)
        #expect(json["name"] as? String == "release-train")
        #expect(json["version"] as? Int == 2)
        #expect(json["runsInFileOrder"] as? Bool == false)
        let steps = try #require(json["steps"] as? [[String: Any]])
        #expect(steps.map { $0["id"] as? String } == ["plan", "api", "ui", "integrate", "announce"])
        #expect(steps[3]["needs"] as? [String] == ["api", "ui"])
        let gate = try #require(steps[3]["gate"] as? [String: Any])
        #expect(gate["type"] as? String == "gh:pr")
        #expect(gate["timeoutSeconds"] as? Int == 86400)
        #expect(json["plannedSeconds"] as? Int == (30 + 120 + 90 + 45 + 15) * 60)
    }

    @Test func showRefusesMissingAndInvalidFormulas() throws {
        let workspace = try Workspace()
        let missing = try workspace.run(["formula", "show", "nope"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no formula named \"nope\" on the search path"))
        let escape = try workspace.run(["formula", "show", "../../etc/passwd"])
        #expect(escape.status == 1)
        try workspace.write(
            "formulas/cyclic.toml",
            "formula = \"cyclic\"\n[[steps]]\nid = \"a\"\nneeds = [\"b\"]\n[[steps]]\nid = \"b\"\nneeds = [\"a\"]\n")
        let cyclic = try workspace.run(["formula", "show", "cyclic"])
        #expect(cyclic.status == 1)
        #expect(cyclic.stderr.contains("dependency cycle: a → b → a"))
    }

    @Test func untrustedTextNeverReachesTheTerminalRaw() throws {
        let workspace = try Workspace()
        try workspace.write(
            "formulas/hostile.toml",
            "formula = \"hostile\"\n[[steps]]\nid = \"a\"\ntitle = \"\\u001b]0;pwned\\u0007\\u001b[2J evil\"\ntasks = [\"\\u009b31m red\"]\n"
        )
        let result = try workspace.run(["formula", "show", "hostile"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x9B })
        #expect(result.stdout.contains("evil"))
    }
}
