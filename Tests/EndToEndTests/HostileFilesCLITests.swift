import Foundation
import TestSupport
import Testing

/// Issue 11's hostile files, as a user of the built binary meets them: an agent that can write `.beads/` makes
/// symlinks, huge or mistyped files, absurd counts and terminal escapes; every command refuses or shows them safely.
@Suite struct HostileFilesCLITests {
    /// `folder` (relative to the workspace) replaced by a symlink to a new folder outside the workspace.
    func linkOut(_ h: StoreHarness, _ folder: String) throws -> String {
        let outside = h.userState + "/outside-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        try? FileManager.default.removeItem(atPath: h.workspace + "/" + folder)
        try FileManager.default.createDirectory(
            atPath: h.workspace + "/" + (folder as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: h.workspace + "/" + folder, withDestinationPath: outside)
        return outside
    }

    func expectRefused(
        _ result: StoreHarness.Result, through folder: String, outside: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(result.status == 3, "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(
            result.stderr.contains("refusing to write through") && result.stderr.contains(folder)
                && result.stderr.contains("outside the workspace"), "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(
            (try? FileManager.default.contentsOfDirectory(atPath: outside)) == [], sourceLocation: sourceLocation)
    }

    @Test func aDecisionIsNeverWrittenThroughASymlinkedCheckpointsFolder() throws {
        let h = try StoreHarness.make(steps: 1)
        defer { h.cleanup() }
        try h.expectOK(["molecule", "create", "--formula", "e2e", "--name", "m", "--convoy", "c"])
        try h.expectOK(["molecule", "start", "m"])
        try h.expectOK(["molecule", "complete", "m"])
        let folder = ".beads/convoys/c/molecules/m/checkpoints"
        let outside = try linkOut(h, folder)
        expectRefused(
            try h.run(["checkpoint", "approve", "m", "s1-review", "--reviewer", "r1"]), through: folder,
            outside: outside)
        // Reading through it is refused too, and named: never "verified 0 decisions".
        let verify = try h.run(["audit", "verify"])
        #expect(verify.status == 4)
        #expect(verify.stdout.contains("refusing to read through") && verify.stdout.contains(folder), "\(verify)")
    }

    @Test func gateEvidenceFindingsAndMoleculesAreNeverWrittenThroughSymlinks() throws {
        let h = try GateCLITests.make()
        defer { h.cleanup() }
        let gates = ".beads/convoys/c/molecules/m/gates"
        var outside = try linkOut(h, gates)
        expectRefused(
            try h.run(["gate", "check", "m", "--passed", "1", "--failed", "0"]), through: gates, outside: outside)

        let findings = ".beads/convoys/c/molecules/m/findings"
        outside = try linkOut(h, findings)
        expectRefused(
            try h.run(["finding", "add", "m", "--severity", "low", "--category", "x", "--title", "t"]),
            through: findings, outside: outside)

        // A molecule folder that is a symlink out: the molecule is shown invalid, and no command writes through it.
        let molecule = ".beads/convoys/c/molecules/m2"
        outside = try linkOut(h, molecule)
        try FileManager.default.copyItem(
            atPath: h.workspace + "/.beads/convoys/c/molecules/m/molecule.toml", toPath: outside + "/molecule.toml")
        let start = try h.run(["molecule", "start", "m2"])
        #expect(start.status == 3 && start.stderr.contains("refusing to read through"), "\(start.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside) == ["molecule.toml"])
        #expect(try h.run(["molecule", "list"]).stdout.contains("m2        c       -     invalid"))

        // The convoy's molecules folder: a new molecule is not created outside.
        let molecules = ".beads/convoys/c/molecules"
        outside = try linkOut(h, molecules)
        let create = try h.run(["molecule", "create", "--formula", "gated", "--name", "m3", "--convoy", "c"])
        #expect(create.status == 3 && create.stderr.contains("outside the workspace"), "\(create.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside) == [])
    }

    @Test func overflowingCountsAndDaysAreClearErrorsNotCrashes() throws {
        let h = try GateCLITests.make()
        defer { h.cleanup() }
        let max = "9223372036854775807"
        for arguments in [
            ["gate", "check", "m", "--passed", max, "--failed", "1"],
            ["molecule", "record-tests", "m", "--passed", "1", "--failed", max],
            ["gate", "check", "m", "--passed", "1", "--skipped", max],
        ] {
            let result = try h.run(arguments)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains("must be from 0 to 2147483647, found"), "\(arguments): \(result.stderr)")
        }
        for arguments in [
            ["convoy", "create", "big", "--day", max],
            ["convoy", "create", "big", "--day", "2147483648"],
            ["molecule", "create", "--formula", "gated", "--name", "m9", "--convoy", "c", "--day", max],
            ["convoy", "edit", "c", "--day", max, "--reviewer", "r1"],
        ] {
            let result = try h.run(arguments)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains("days go up to 2147483647"), "\(arguments): \(result.stderr)")
        }
    }

    @Test func mailFromAnEndlessStreamStopsAtTheCap() throws {
        let h = try StoreHarness.make(steps: 1)
        defer { h.cleanup() }
        let started = Date()
        let output = try ChildProcess.run(
            URL(fileURLWithPath: "/bin/sh"),
            ["-c", "exec \"$0\" mail send --from a --to b - < /dev/zero", BuiltProducts.gastown.path],
            environment: h.environment(for: [], [:]), directory: h.workspace)
        #expect(output.status == 2, "\(output.stderr)")
        #expect(output.stderr.contains("standard input is more than the 4 MiB limit for a message"), "\(output.stderr)")
        #expect(Date().timeIntervalSince(started) < 60, "it stopped at the cap instead of reading on")
    }

    @Test func aDetailFileThatIsAFIFOIsRefusedWithoutBlocking() throws {
        let h = try GateCLITests.make()
        defer { h.cleanup() }
        #expect(mkfifo(h.workspace + "/detail.fifo", 0o644) == 0)
        let result = try h.run([
            "finding", "add", "m", "--severity", "low", "--category", "x", "--title", "t", "--detail-file",
            "detail.fifo",
        ])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--detail-file detail.fifo is not a regular file"), "\(result.stderr)")
    }

    /// Root reads any folder whatever its permissions (the tests run as root in CI): a file where the folder
    /// should be is what root cannot read through either, so it stands for an unreadable folder.
    @Test func unreadableFoldersAreErrorsNamingThem() throws {
        let h = try GateCLITests.make()
        defer { h.cleanup() }
        let checkpoints = h.workspace + "/.beads/convoys/c/molecules/m/checkpoints"
        try FileManager.default.removeItem(atPath: checkpoints)
        try "x".write(toFile: checkpoints, atomically: true, encoding: .utf8)
        let verify = try h.run(["audit", "verify"])
        #expect(verify.status == 4)
        #expect(verify.stdout.contains(".beads/convoys/c/molecules/m/checkpoints: error: cannot read folder"))
        #expect(!verify.stdout.contains("verified"))

        let convoys = h.workspace + "/.beads/convoys"
        try FileManager.default.removeItem(atPath: convoys)
        try "x".write(toFile: convoys, atomically: true, encoding: .utf8)
        for arguments in [["convoy", "list"], ["molecule", "list"], ["checkpoint", "list"], ["finding", "list"]] {
            let result = try h.run(arguments)
            #expect(result.status == 1, "\(arguments): \(result.stdout)")
            #expect(result.stderr.contains("cannot read folder \(convoys)"), "\(arguments): \(result.stderr)")
        }
    }

    @Test func aSymlinkedTestFileIsScannedInsideAndAGapOutside() throws {
        let h = try GateCLITests.make()
        defer { h.cleanup() }
        try FileManager.default.createDirectory(atPath: h.workspace + "/test", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: h.workspace + "/src", withIntermediateDirectories: true)
        try "package a\nfunc TestA() {\n\ttime.Sleep(1)\n}\n".write(
            toFile: h.workspace + "/src/real.go", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(
            atPath: h.workspace + "/test/linked_test.go", withDestinationPath: h.workspace + "/src/real.go")
        let inside = try h.run(["gate", "check", "m", "--passed", "3", "--failed", "0"])
        #expect(inside.status == 5)
        #expect(inside.stdout.contains("test/linked_test.go:3: critical: sleep: time.Sleep(1)"), "\(inside.stdout)")

        try FileManager.default.removeItem(atPath: h.workspace + "/test/linked_test.go")
        try FileManager.default.createDirectory(atPath: h.userState, withIntermediateDirectories: true)
        try "package a\nfunc TestB(t *testing.T) {\n\tt.Skip()\n\ttime.Sleep(1)\n}\n".write(
            toFile: h.userState + "/skip_test.go", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(
            atPath: h.workspace + "/test/skip_test.go", withDestinationPath: h.userState + "/skip_test.go")
        let outside = try h.run(["gate", "check", "m", "--passed", "3", "--failed", "0"])
        #expect(outside.status == 5, "\(outside.stdout)")
        #expect(!outside.stdout.contains("PASSED"))
        #expect(
            outside.stdout.contains(
                "anti-pattern scan incomplete (1 symlinked file outside the workspace, not scanned: test/skip_test.go)"),
            "\(outside.stdout)")
    }

    @Test func aNameTooLongForAFileNameIsRefusedBeforeAnythingIsWritten() throws {
        let h = try StoreHarness.make(steps: 1)
        defer { h.cleanup() }
        let before = h.snapshot()
        let wide = String(repeating: "\u{1D400}", count: 64)
        for arguments in [
            ["convoy", "create", "x", "--reviewer", wide], ["convoy", "create", wide],
            ["molecule", "create", "--formula", "e2e", "--name", wide, "--convoy", "c"],
        ] {
            let result = try h.run(arguments)
            #expect(result.status == 2, "\(result.stderr)")
            #expect(result.stderr.contains("256 bytes of UTF-8, more than 200"), "\(result.stderr)")
        }
        #expect(h.snapshot() == before)
    }

    /// ESC, BEL, an OSC 52 clipboard write, CSI, a C1 control, bidi overrides and marks, zero-width characters.
    static let hostile =
        "A\u{1B}]52;c;ZXZpbA==\u{07}B\u{1B}[2J\u{9B}31m\u{202E}C\u{200B}D\u{200F}\u{61C}\u{2066}E\u{FEFF}\u{AD}"

    /// The same text as TOML escapes.
    static var hostileTOML: String {
        hostile.unicodeScalars.map { s in
            s.value < 0x20 || (0x7F...0x9F).contains(s.value) || s.value > 0xFF
                ? String(format: "\\u%04X", s.value) : String(s)
        }.joined()
    }

    /// Whether `text` holds something a terminal acts on or hides: a control (but newline), DEL, C1, or an
    /// invisible format character.
    static func unsafeScalars(in text: String) -> [String] {
        text.unicodeScalars.filter { s in
            (s.value < 0x20 && s != "\n") || (0x7F...0x9F).contains(s.value)
                || s.properties.generalCategory == .format
        }.map { String(format: "U+%04X", $0.value) }
    }

    @Test func everyReadVerbShowsHostileTextSafely() throws {
        let h = try GateCLITests.make()
        defer { h.cleanup() }
        let t = Self.hostileTOML
        let molecule = h.workspace + "/.beads/convoys/c/molecules/m"
        // An agent's hand-written files: a convoy, a molecule's variables and assignee, a decision, evidence,
        // a finding, mail and a formula, each holding the hostile text.
        try h.expectOK(["convoy", "create", "h", "--title", Self.hostile, "--description", Self.hostile])
        var text = try String(contentsOfFile: molecule + "/molecule.toml", encoding: .utf8)
        text += "\n[variables]\nnote = \"\(t)\"\n"
        try text.write(toFile: molecule + "/molecule.toml", atomically: true, encoding: .utf8)
        try FixtureFile.write(
            """
            molecule = "m"
            convoy = "c"
            checkpoint = "work-review\(t)"
            step = "work"
            attempt = 1
            decision = "rejected"
            reviewer = "r1\(t)"
            reason = "\(t)"
            returned_to = "work"
            at = 2026-01-01T00:00:00Z
            hash = "\(t)"
            """, to: molecule + "/checkpoints/20260101T000000000Z-r1-00000000.toml")
        try FixtureFile.write(
            """
            gate = "tests-pass"
            step = "test"
            passed = true
            summary = "\(t)"
            checked = 2026-01-01T00:00:00Z
            """, to: molecule + "/gates/tests-pass.toml")
        try FixtureFile.write(
            """
            id = "f-0000abcd"
            molecule = "m"
            severity = "low"
            category = "\(t)"
            title = "\(t)"
            detail = "\(t)"
            location = "\(t)"
            recorded_by = "r1"
            recorded = 2026-01-01T00:00:00Z
            """, to: molecule + "/findings/f-0000abcd.toml")
        try h.expectOK(["convoy", "edit", "c", "--add-team", "ops", "--add-team", "dev", "--reviewer", "r1"])
        try FixtureFile.write(
            "+++\nfrom = \"ops\"\nto = [\"dev\"]\nsubject = \"\(t)\"\n+++\n\(Self.hostile)\n",
            to: h.workspace + "/.beads/mail/20260101-000000-x.md")
        try FixtureFile.write(
            "formula = \"hostile\"\nversion = 1\ndescription = \"\(t)\"\n[[steps]]\nid = \"s\"\ndescription = \"\(t)\"\n",
            to: h.workspace + "/.beads/formulas/hostile.toml")

        let verbs: [[String]] = [
            ["convoy", "list"], ["convoy", "show", "c"], ["convoy", "show", "h"], ["convoy", "signers", "c"],
            ["molecule", "list"], ["molecule", "status", "m"], ["checkpoint", "list"], ["checkpoint", "list", "m"],
            ["audit", "log"], ["audit", "log", "m"], ["audit", "verify"], ["finding", "list"],
            ["finding", "show", "m", "f-0000abcd"], ["gate", "show", "m"], ["report", "list", "m"], ["mail", "list"],
            ["mail", "read", "20260101-000000-x", "--reader", "r1"], ["formula", "list"],
            ["formula", "show", "hostile"],
            ["whoami", "--reviewer", "r1"],
        ]
        for verb in verbs {
            let result = try h.run(verb)
            let unsafe = Self.unsafeScalars(in: result.stdout) + Self.unsafeScalars(in: result.stderr)
            #expect(
                unsafe.isEmpty, "gastown \(verb.joined(separator: " ")): \(unsafe)\n\(result.stdout)\(result.stderr)")
        }
        // The hostile text is shown, not dropped: ESC as ␛, the marks by their code.
        let log = try h.run(["audit", "log", "m"]).stdout
        #expect(
            log.contains(
                "A␛]52;c;ZXZpbA==␇B␛[2J\u{FFFD}31m\u{FFFD}C<U+200B>D<U+200F><U+061C>\u{FFFD}E<U+FEFF><U+00AD>"),
            "\(log)")
    }
}
