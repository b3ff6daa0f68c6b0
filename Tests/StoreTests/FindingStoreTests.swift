import Core
import Foundation
import TestSupport
import Testing

@testable import Store

/// `gastown finding add/list/resolve` through the store API, and findings in the rendered report.
@Suite struct FindingStoreTests {
    static let soc2 = NewFinding(
        severity: .critical, category: "soc2 REQUIREMENTS", title: "Audit event lacks actor id",
        detail: "line one\r\nline two", location: "pkg/audit/event.go:88")
    static let api = NewFinding(
        severity: .low, category: "API contract alignment", title: "Field name differs from DD-017")

    func expectError(
        _ kind: StoreError.Kind, containing text: String, _ body: () throws -> Void,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        do {
            try body()
            Issue.record("no error; expected \(kind): \(text)", sourceLocation: sourceLocation)
        } catch let error as StoreError {
            #expect(error.kind == kind, sourceLocation: sourceLocation)
            #expect(error.message.contains(text), "\(error.message)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func aHandWrittenResolutionOfABlockingFindingDoesNotCount() throws {
        let seed = try SeedWorkspace()
        defer { seed.cleanup() }
        let finding = try seed.store.addFinding(molecule: "m", Self.soc2, by: "polecat-7", now: t0)
        let text = try #require(seed.workspace.read(finding.path))
        // An agent writes the resolution a reviewer would, naming alice, without her signature.
        try seed.workspace.write(
            finding.path, text + "\n[resolution]\nby = \"alice\"\nat = 2027-01-15T08:01:00Z\nnote = \"fixed\"\n")
        let listed = try seed.store.findings(of: "m")
        #expect(listed.findings.map(\.isOpen) == [true])
        #expect(listed.problems.contains { $0.category == .signature && $0.message.contains("does not count") })
        // Signed by someone else's key, claiming alice: still open.
        try seed.workspace.write(
            finding.path,
            text
                + "\n[resolution]\nby = \"alice\"\nat = 2027-01-15T08:01:00Z\nnote = \"fixed\"\nsigner = \"\(TestKeys.publicKey("eve").fingerprint)\"\n"
        )
        #expect(try seed.store.findings(of: "m").findings.map(\.isOpen) == [true])
        // The reviewer's own signed resolution counts.
        try seed.workspace.write(finding.path, text)
        _ = try seed.store.resolveFinding(
            molecule: "m", id: finding.id, by: "alice", note: "fixed", isAgent: false,
            signer: TestKeys.signer("alice"), now: t0 + 60)
        let signed = try seed.store.findings(of: "m")
        #expect(signed.findings.map(\.isOpen) == [false])
        #expect(signed.problems.isEmpty)
    }

    @Test func addListAndResolve() throws {
        let seed = try SeedWorkspace()
        defer { seed.cleanup() }
        let first = try seed.store.addFinding(molecule: "m", Self.soc2, by: "polecat-7", now: t0)
        let second = try seed.store.addFinding(molecule: "m", Self.api, by: "alice", now: t0 + 10)

        #expect(first.id.hasPrefix("f-") && first.id.count == 10 && first.id != second.id)
        #expect(first.finding.category == "SOC2 requirements")  // the formula's spelling
        #expect(first.finding.detail == "line one\nline two")
        #expect(first.path == ".beads/convoys/c/molecules/m/findings/\(first.id).toml")
        let text = try #require(seed.workspace.read(first.path))
        #expect(text.contains("severity = \"critical\"\n"))
        #expect(text.contains("category = \"SOC2 requirements\"\n"))
        #expect(text.contains("recorded_by = \"polecat-7\"\n"))
        #expect(text.contains("recorded = 2027-01-15T08:00:00Z\n"))
        #expect(!text.contains("[resolution]"))

        let listed = try seed.store.findings(of: "m")
        #expect(listed.problems.isEmpty)
        #expect(listed.findings.map(\.id) == [first.id, second.id])
        #expect(
            listed.findings.map(\.finding.title) == ["Audit event lacks actor id", "Field name differs from DD-017"])
        #expect(listed.findings[0].finding.location == "pkg/audit/event.go:88")
        #expect(listed.findings.allSatisfy { $0.isOpen })
        #expect(try seed.store.allFindings().map(\.molecule) == ["m"])

        // A key added by another tool survives the resolution's rewrite.
        try seed.workspace.write(first.path, text + "ticket = \"SEC-12\"\n")
        let resolved = try seed.store.resolveFinding(
            molecule: "m", id: first.id, by: "alice", note: "fixed in PR 412",
            isAgent: false, signer: TestKeys.signer("alice"), now: t0 + 60)
        #expect(resolved.finding.resolution == .init(by: "alice", at: t0 + 60, note: "fixed in PR 412"))
        let after = try #require(seed.workspace.read(first.path))
        #expect(after.contains("ticket = \"SEC-12\""))
        #expect(after.contains("[resolution]\nby = \"alice\"\nat = 2027-01-15T08:01:00Z\nnote = \"fixed in PR 412\"\n"))
        let reloaded = try seed.store.findings(of: "m").findings
        #expect(reloaded.map(\.isOpen) == [false, true])

        expectError(.refused, containing: "already resolved by alice") {
            _ = try seed.store.resolveFinding(
                molecule: "m", id: first.id, by: "alice", note: "again", isAgent: false,
                signer: TestKeys.signer("alice"), now: t0 + 70)
        }
        #expect(seed.workspace.read(first.path) == after)
    }

    @Test func badInputNamesTheFieldAndWritesNothing() throws {
        let seed = try SeedWorkspace()
        defer { seed.cleanup() }
        expectError(
            .invalidInput, containing: "invalid --severity \"urgent\": expected one of critical, high, medium, low"
        ) {
            _ = try FindingInput.severity("urgent")
        }
        #expect(try FindingInput.severity("HIGH") == .high)
        func add(_ f: NewFinding, by who: String = "alice") throws {
            _ = try seed.store.addFinding(molecule: "m", f, by: who, now: t0)
        }
        expectError(
            .invalidInput,
            containing:
                "invalid --category \"Security\": expected one of the validation categories of formula integration-test-full-validation: \"Business requirement mapping\""
        ) {
            try add(NewFinding(severity: .low, category: "Security", title: "t"))
        }
        expectError(.invalidInput, containing: "invalid --title: expected non-blank text") {
            try add(NewFinding(severity: .low, category: "SOC2 requirements", title: "   "))
        }
        expectError(.invalidInput, containing: "expected a single line of text") {
            try add(NewFinding(severity: .low, category: "SOC2 requirements", title: "two\nlines"))
        }
        expectError(.invalidInput, containing: "invalid --title: 201 characters, expected at most 200") {
            try add(
                NewFinding(severity: .low, category: "SOC2 requirements", title: String(repeating: "x", count: 201)))
        }
        for bad in ["a.go:0", "a.go:", ":12", "a.go:1:0"] {
            expectError(.invalidInput, containing: "invalid --location \"\(bad)\"") {
                try add(NewFinding(severity: .low, category: "SOC2 requirements", title: "t", location: bad))
            }
        }
        expectError(.invalidInput, containing: "it contains a control character") {
            try add(NewFinding(severity: .low, category: "SOC2 requirements", title: "t", location: "a\u{1B}[2J.go"))
        }
        expectError(.invalidInput, containing: "--detail is 1048577 bytes, more than the 1 MiB limit") {
            try add(
                NewFinding(
                    severity: .low, category: "SOC2 requirements", title: "t",
                    detail: String(repeating: "d", count: (1 << 20) + 1)))
        }
        expectError(.invalidInput, containing: "invalid --by \"a/b\"") {
            try add(NewFinding(severity: .low, category: "SOC2 requirements", title: "t"), by: "a/b")
        }
        expectError(.notFound, containing: "no molecule named ghost") {
            _ = try seed.store.addFinding(molecule: "ghost", Self.api, by: "alice", now: t0)
        }
        #expect(!FileManager.default.fileExists(atPath: seed.workspace.path + "/.beads/convoys/c/molecules/m/findings"))
        for good in ["a.go", "a.go:12", "dir/a.go:12:3", "C:/x/a.go:4"] {
            #expect(try FindingInput.location(good) == good)
        }
    }

    @Test func untrustedTextIsStoredWithItsControlsMadeVisible() throws {
        let seed = try SeedWorkspace()
        defer { seed.cleanup() }
        let record = try seed.store.addFinding(
            molecule: "m",
            NewFinding(
                severity: .medium, category: "SOC2 requirements", title: "evil \u{1B}[2J title\u{7}",
                detail: "first\u{1B}]0;owned\u{7}\nsecond\u{202E}"), by: "alice", now: t0)
        #expect(record.finding.title == "evil ␛[2J title␇")
        #expect(record.finding.detail == "first␛]0;owned␇\nsecond\u{FFFD}")
        let text = try #require(seed.workspace.read(record.path))
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x202E })
    }

    @Test func blockingFindingsAreResolvedOnlyByAReviewerWhoIsNotAnAgent() throws {
        let seed = try SeedWorkspace()
        defer { seed.cleanup() }
        let high = try seed.store.addFinding(
            molecule: "m", NewFinding(severity: .high, category: "SOC2 requirements", title: "h"), by: "bot", now: t0)
        let low = try seed.store.addFinding(molecule: "m", Self.api, by: "bot", now: t0)
        let before = seed.workspace.read(high.path)
        expectError(.refused, containing: "GASTOWN_AGENT is set") {
            _ = try seed.store.resolveFinding(
                molecule: "m", id: high.id, by: "alice", note: "n", isAgent: true, signer: TestKeys.signer("alice"),
                now: t0)
        }
        expectError(.refused, containing: "refused: bob is not a reviewer of convoy c (its reviewers are alice)") {
            _ = try seed.store.resolveFinding(
                molecule: "m", id: high.id, by: "bob", note: "n", isAgent: false, signer: TestKeys.signer("bob"),
                now: t0)
        }
        #expect(seed.workspace.read(high.path) == before)
        // Medium and low findings do not block sign-off: an agent may close them.
        #expect(
            try seed.store.resolveFinding(
                molecule: "m", id: low.id, by: "bot", note: "renamed", isAgent: true, signer: TestKeys.signer("bot"),
                now: t0
            )
            .isOpen == false)
        expectError(.invalidInput, containing: "invalid finding id \"F1\"") {
            _ = try seed.store.resolveFinding(
                molecule: "m", id: "F1", by: "alice", note: "n", isAgent: false, signer: TestKeys.signer("alice"),
                now: t0)
        }
        expectError(.notFound, containing: "molecule m has no finding f-00000000") {
            _ = try seed.store.resolveFinding(
                molecule: "m", id: "f-00000000", by: "alice", note: "n", isAgent: false,
                signer: TestKeys.signer("alice"), now: t0)
        }
        expectError(.invalidInput, containing: "invalid --note: expected non-blank text") {
            _ = try seed.store.resolveFinding(
                molecule: "m", id: high.id, by: "alice", note: "", isAgent: false, signer: TestKeys.signer("alice"),
                now: t0)
        }
    }

    @Test func badFilesOnDiskAreProblemsWithTheirPositionAndBlockTheReport() throws {
        let seed = try SeedWorkspace()
        defer { seed.cleanup() }
        let good = try seed.store.addFinding(molecule: "m", Self.api, by: "alice", now: t0)
        let dir = ".beads/convoys/c/molecules/m/findings/"
        try seed.workspace.write(dir + "f-0000000a.toml", "id = \"f-0000000a\"\ntitle = \"unterminated\n")
        try seed.workspace.write(
            dir + "f-0000000b.toml",
            """
            id = "f-0000000b"
            severity = "urgent"
            category = 3
            title = "t"
            recorded_by = "x"
            recorded = 2026-11-21T10:00:00Z

            """)
        try seed.workspace.write(
            dir + "f-0000000c.toml",
            """
            id = "f-0000000d"
            molecule = "other"
            severity = "low"
            category = "SOC2 requirements"
            title = "t"
            recorded_by = "x"
            recorded = 2026-11-21T10:00:00Z

            """)
        try seed.workspace.write(dir + "notes.toml", "not a finding")  // ignored: not named like one

        let listed = try seed.store.findings(of: "m")
        #expect(listed.findings.map(\.id) == [good.id])
        let problems = listed.problems.map(\.description)
        #expect(problems.contains { $0.hasPrefix(dir + "f-0000000a.toml:2:") && $0.contains(": error: ") })
        #expect(
            problems.contains(
                dir
                    + "f-0000000b.toml:2:12: error: severity: expected one of critical, high, medium, low, found \"urgent\""
            ))
        #expect(problems.contains(dir + "f-0000000b.toml:3:12: error: category: expected a string, found integer"))
        #expect(
            problems.contains(
                dir
                    + "f-0000000c.toml:1:6: error: id: \"f-0000000d\" does not match the file name (expected \"f-0000000c\")"
            ))
        #expect(
            problems.contains {
                $0.hasPrefix(dir + "f-0000000c.toml:2:12: error: molecule: \"other\" does not match the directory")
            })
        #expect(problems.count == 5)

        expectError(
            .io, containing: "cannot be reported until its finding files are fixed:\n" + dir + "f-0000000a.toml:2:"
        ) {
            _ = try seed.store.renderReport(molecule: "m", template: nil)
        }
        expectError(.io, containing: "cannot resolve \(dir)f-0000000b.toml until it is fixed") {
            _ = try seed.store.resolveFinding(
                molecule: "m", id: "f-0000000b", by: "alice", note: "n", isAgent: false,
                signer: TestKeys.signer("alice"), now: t0)
        }
    }

    @Test func concurrentWritersLoseNoFinding() async throws {
        let seed = try SeedWorkspace()
        defer { seed.cleanup() }
        let store = seed.store
        let ids = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<24 {
                group.addTask {
                    let finding = NewFinding(
                        severity: .medium, category: "Project rules compliance", title: "finding \(index)")
                    return try store.addFinding(molecule: "m", finding, by: "agent-\(index % 4)", now: t0).id
                }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        let loaded = try store.findings(of: "m")
        #expect(loaded.problems.isEmpty)
        #expect(Set(loaded.findings.map(\.id)) == Set(ids))
        #expect(Set(loaded.findings.map(\.finding.title)) == Set((0..<24).map { "finding \($0)" }))
        // Same time for all: the order is by id, whatever order they were written in.
        #expect(loaded.findings.map(\.id) == ids.sorted())
    }

    @Test func theReportFillsItsSectionsAndCountsFromOpenFindings() throws {
        var seed = try SeedWorkspace()
        defer { seed.cleanup() }
        try seed.advance("m", until: "document")
        let empty = try seed.store.renderReport(molecule: "m", template: nil)
        #expect(empty.text.contains("- **Open findings**: 0 (0 critical, 0 high, 0 medium, 0 low); 0 resolved\n"))
        #expect(empty.text.contains("## 7. SOC2 Requirements\n\nNo findings recorded.\n"))

        let critical = try seed.store.addFinding(molecule: "m", Self.soc2, by: "polecat-7", now: seed.clock + 60)
        _ = try seed.store.addFinding(molecule: "m", Self.api, by: "polecat-7", now: seed.clock + 61)
        _ = try seed.store.addFinding(
            molecule: "m",
            NewFinding(
                severity: .high, category: "Business requirement mapping",
                title: "BR-7 untested"), by: "alice", now: seed.clock + 62)
        _ = try seed.store.addFinding(
            molecule: "m",
            NewFinding(
                severity: .medium, category: "Testing anti-patterns detection",
                title: "Eventually without timeout", location: "a_test.go:9"),
            by: "alice", now: seed.clock + 63)
        let report = try seed.store.renderReport(molecule: "m", template: nil)
        let text = report.text
        #expect(report.file.sequence == empty.file.sequence + 4)
        #expect(text.contains("| Generated | \(Timestamps.iso8601(seed.clock + 63)) |"))
        #expect(text.contains("- **Open findings**: 4 (1 critical, 1 high, 1 medium, 1 low); 0 resolved\n"))
        #expect(text.contains("## 3. Business Requirement Mapping\n\n- **HIGH** BR-7 untested\n"))
        #expect(
            text.contains("- **MEDIUM** [Testing anti-patterns detection] Eventually without timeout (`a_test.go:9`)\n")
        )
        #expect(text.contains("## 5. API Contract Alignment\n\n- **LOW** Field name differs from DD-017\n"))
        #expect(
            text.contains(
                "## 7. SOC2 Requirements\n\n- **CRITICAL** Audit event lacks actor id (`pkg/audit/event.go:88`): line one␤line two\n"
            ))
        #expect(text.contains("| SOC2 requirements | 1 |\n| Project rules compliance | 0 |\n"))
        #expect(text.contains("| Business requirement mapping | 1 |\n"))
        #expect(text.contains("| Testing anti-patterns detection | 1 |\n"))
        #expect(
            text.contains(
                "## 9. Critical Issues (blocking)\n\n- CRITICAL [SOC2 requirements]: Audit event lacks actor id (pkg/audit/event.go:88)\n- HIGH [Business requirement mapping]: BR-7 untested\n"
            ))
        #expect(
            text.contains(
                "## 10. Warnings (non-blocking)\n\n- MEDIUM [Testing anti-patterns detection]: Eventually without timeout (a_test.go:9)\n- LOW [API contract alignment]: Field name differs from DD-017\n"
            ))
        #expect(text.contains("**FIX REQUIRED** — 2 blocking issues"))
        #expect(!text.contains("Resolved findings:"))

        // Deterministic: the same state renders the same bytes.
        let again = try seed.store.renderReport(molecule: "m", template: nil)
        #expect(!again.created && again.text == text)

        // A resolved finding leaves the sections and counts, and is listed apart.
        _ = try seed.store.resolveFinding(
            molecule: "m", id: critical.id, by: "alice", note: "actor id added", isAgent: false,
            signer: TestKeys.signer("alice"),
            now: seed.clock + 120)
        let resolved = try seed.store.renderReport(molecule: "m", template: nil).text
        #expect(resolved.contains("- **Open findings**: 3 (0 critical, 1 high, 1 medium, 1 low); 1 resolved\n"))
        #expect(resolved.contains("## 7. SOC2 Requirements\n\nNo findings recorded.\n"))
        #expect(resolved.contains("| SOC2 requirements | 0 |\n"))
        #expect(
            resolved.contains(
                "## 9. Critical Issues (blocking)\n\n- HIGH [Business requirement mapping]: BR-7 untested\n\nResolved findings:\n- ~~CRITICAL [SOC2 requirements] Audit event lacks actor id~~ — resolved by alice (\(Timestamps.iso8601(seed.clock + 120))): actor id added\n\n## 10."
            ))
        #expect(resolved.contains("**FIX REQUIRED** — 1 blocking issue"))
    }
}
