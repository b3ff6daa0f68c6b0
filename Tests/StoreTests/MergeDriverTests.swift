import Foundation
import TOML
import Testing

@testable import Store

/// The merge driver's rules, one by one, on hand-written TOML (docs/store.md, "Working from several clones").
@Suite struct MergeDriverTests {
    static let moleculePath = ".beads/convoys/c/molecules/m1/molecule.toml"

    /// A molecule file: `top` lines after the fixed header keys, then `rest` (tables).
    static func molecule(
        revision: Int = 3, updated: String = "2026-11-21T16:00:00Z", _ top: String = "", _ rest: String
    ) -> String {
        """
        # hand-annotated molecule
        formula = "e2e"
        revision = \(revision)
        updated = \(updated)
        \(top)

        \(rest)
        """
    }

    func merge(_ base: String, _ ours: String, _ theirs: String, path: String = moleculePath) throws -> TOMLTable {
        let result = MergeDriver.merge(
            base: Array(base.utf8), ours: Array(ours.utf8), theirs: Array(theirs.utf8), path: path)
        guard case .merged(let bytes) = result else {
            Issue.record("expected a merge, got \(result)")
            throw MergeFailed()
        }
        return try TOMLParser.parse(bytes: bytes)
    }

    struct MergeFailed: Error {}

    func text(_ base: String, _ ours: String, _ theirs: String, path: String = moleculePath) -> String? {
        guard
            case .merged(let bytes) = MergeDriver.merge(
                base: Array(base.utf8), ours: Array(ours.utf8), theirs: Array(theirs.utf8), path: path)
        else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    // MARK: - The issue's example

    @Test func startInOneCloneAndAssignInTheOtherBothSurvive() throws {
        let base = Self.molecule("", "[steps.reproduce]\nstatus = \"pending\"\nattempt = 1\n")
        let ours = Self.molecule(
            revision: 4, updated: "2026-11-21T16:05:00Z", "",
            "[steps.reproduce]\nstatus = \"active\"\nattempt = 1\nstarted = 2026-11-21T16:05:00Z\n")
        let theirs = Self.molecule(
            revision: 4, updated: "2026-11-21T16:03:00Z", "assignee = \"bob\"",
            "[steps.reproduce]\nstatus = \"pending\"\nattempt = 1\n")
        let merged = try merge(base, ours, theirs)
        #expect(merged["assignee"] == "bob")
        #expect(merged["steps"]?["reproduce"]?["status"] == "active")
        #expect(merged["steps"]?["reproduce"]?["started"] != nil)
        #expect(merged["revision"] == 5)
        #expect(merged["updated"] == ours.parsedValue("updated"))
        #expect(merged["conflicts"] == nil)
    }

    // MARK: - Steps

    @Test func statusGoesToTheSideFurtherAlong() throws {
        let base = Self.molecule("", "[steps.s]\nstatus = \"active\"\nattempt = 1\nstarted = 2026-11-21T15:00:00Z\n")
        let done = Self.molecule(
            updated: "2026-11-21T15:10:00Z", "",
            "[steps.s]\nstatus = \"done\"\nattempt = 1\nstarted = 2026-11-21T15:00:00Z\ncompleted = 2026-11-21T15:10:00Z\n"
        )
        let awaiting = Self.molecule(
            updated: "2026-11-21T15:20:00Z", "",
            "[steps.s]\nstatus = \"awaiting-approval\"\nattempt = 1\nstarted = 2026-11-21T15:00:00Z\ncompleted = 2026-11-21T15:05:00Z\n"
        )
        for (ours, theirs) in [(done, awaiting), (awaiting, done)] {
            let step = try merge(base, ours, theirs)["steps"]?["s"]
            #expect(step?["status"] == "done")
            // The times travel with the status that won.
            #expect(step?["completed"] == done.parsedValue("steps", "s", "completed"))
        }
    }

    @Test func aRejectionsNewAttemptIsNeverLost() throws {
        let base = Self.molecule(
            "",
            "[steps.s]\nstatus = \"awaiting-approval\"\nattempt = 1\nstarted = 2026-11-21T15:00:00Z\ncompleted = 2026-11-21T15:05:00Z\n"
        )
        // Ours: the rejection sent the step back (attempt 2, pending, times cleared). Theirs: marked done later.
        let rejected = Self.molecule(
            updated: "2026-11-21T15:06:00Z", "", "[steps.s]\nstatus = \"pending\"\nattempt = 2\n")
        let done = Self.molecule(
            updated: "2026-11-21T15:30:00Z", "",
            "[steps.s]\nstatus = \"done\"\nattempt = 1\nstarted = 2026-11-21T15:00:00Z\ncompleted = 2026-11-21T15:05:00Z\n"
        )
        for (ours, theirs) in [(rejected, done), (done, rejected)] {
            let step = try merge(base, ours, theirs)["steps"]?["s"]
            #expect(step?["status"] == "pending")
            #expect(step?["attempt"] == 2)
            #expect(step?["completed"] == nil)
        }
    }

    @Test func equallyFarAlongKeepsEachSidesTimeAndTheEarlierOfTwo() throws {
        let base = Self.molecule("", "[steps.s]\nstatus = \"pending\"\nattempt = 1\n")
        let a = Self.molecule(
            updated: "2026-11-21T15:10:00Z", "",
            "[steps.s]\nstatus = \"active\"\nattempt = 1\nstarted = 2026-11-21T15:10:00Z\n")
        let b = Self.molecule(
            updated: "2026-11-21T15:05:00Z", "",
            "[steps.s]\nstatus = \"active\"\nattempt = 1\nstarted = 2026-11-21T15:05:00Z\n")
        #expect(try merge(base, a, b)["steps"]?["s"]?["started"] == b.parsedValue("steps", "s", "started"))
        #expect(try merge(base, b, a)["steps"]?["s"]?["started"] == b.parsedValue("steps", "s", "started"))
    }

    @Test func stepAssigneeChangedOnOneSideKeepsThatSide() throws {
        let base = Self.molecule("", "[steps.s]\nstatus = \"active\"\nattempt = 1\n")
        let ours = Self.molecule(updated: "2026-11-21T17:00:00Z", "", "[steps.s]\nstatus = \"done\"\nattempt = 1\n")
        let theirs = Self.molecule(
            updated: "2026-11-21T16:00:00Z", "", "[steps.s]\nstatus = \"active\"\nattempt = 1\nassignee = \"carol\"\n")
        let step = try merge(base, ours, theirs)["steps"]?["s"]
        #expect(step?["assignee"] == "carol")
        #expect(step?["status"] == "done")
    }

    // MARK: - Two-sided changes

    @Test func twoDifferentValuesTheLaterUpdatedWinsAndTheLoserIsRecorded() throws {
        let base = Self.molecule(
            "assignee = \"amy\"", "[steps.s]\nstatus = \"active\"\nattempt = 1\nassignee = \"amy\"\n")
        let early = Self.molecule(
            updated: "2026-11-21T16:00:00Z", "assignee = \"bob\"",
            "[steps.s]\nstatus = \"active\"\nattempt = 1\nassignee = \"bob\"\n")
        let late = Self.molecule(
            updated: "2026-11-21T16:30:00Z", "assignee = \"carol\"",
            "[steps.s]\nstatus = \"active\"\nattempt = 1\nassignee = \"carol\"\n")
        for (ours, theirs) in [(early, late), (late, early)] {
            let merged = try merge(base, ours, theirs)
            #expect(merged["assignee"] == "carol")
            #expect(merged["steps"]?["s"]?["assignee"] == "carol")
            let conflicts = MergeConflicts.list(in: merged)
            #expect(conflicts.map(\.field) == ["assignee", "steps.s.assignee"])
            #expect(conflicts.allSatisfy { $0.lost == ["bob"] && $0.kept == "carol" })
        }
    }

    @Test func theRecordedConflictIsAWarningOnTheMolecule() throws {
        let merged: TOMLTable = [
            "formula": "e2e", "assignee": "carol", "conflicts": ["assignee": ["bob"]],
        ]
        let problems = MergeConflicts.problems(MergeConflicts.list(in: merged), molecule: "m1", file: "molecule.toml")
        #expect(problems.count == 1)
        #expect(problems.first?.category == .mergeConflict)
        #expect(problems.first?.severity == .warning)
        #expect(problems.first?.message.contains("gastown molecule resolve m1 assignee --keep ours|theirs") == true)
    }

    @Test func conflictsRecordedOnBothSidesAreKeptAndOnesClearedStayCleared() throws {
        let base = Self.molecule(
            "assignee = \"carol\"\nowner = \"x\"", "[conflicts]\nassignee = [\"bob\"]\nowner = [\"y\"]\n")
        // Ours settled the owner conflict; theirs recorded a new one on a variable.
        let ours = Self.molecule(
            updated: "2026-11-21T17:00:00Z", "assignee = \"carol\"\nowner = \"x\"",
            "[conflicts]\nassignee = [\"bob\"]\n")
        let theirs = Self.molecule(
            updated: "2026-11-21T16:00:00Z", "assignee = \"carol\"\nowner = \"x\"",
            "[conflicts]\nassignee = [\"bob\"]\nowner = [\"y\"]\n\n[conflicts.variables]\nservice = [\"db\"]\n")
        let merged = try merge(base, ours, theirs)
        #expect(MergeConflicts.list(in: merged).map(\.field).sorted() == ["assignee", "variables.service"])
    }

    // MARK: - Gates, revision, unknown keys, arrays

    @Test func recordedGateResultsKeepTheLatestCheckWhole() throws {
        let base = Self.molecule("", "")
        let older = Self.molecule(
            updated: "2026-11-21T18:00:00Z", "",
            "[gates.g]\npassed = false\nsummary = \"1 failed\"\ntests_failed = 1\nchecked = 2026-11-21T16:00:00Z\n")
        let newer = Self.molecule(
            updated: "2026-11-21T17:00:00Z", "",
            "[gates.g]\npassed = true\nsummary = \"all pass\"\nchecked = 2026-11-21T16:30:00Z\n")
        for (ours, theirs) in [(older, newer), (newer, older)] {
            let gate = try merge(base, ours, theirs)["gates"]?["g"]
            #expect(gate?["passed"] == true)
            #expect(gate?["tests_failed"] == nil)  // whole: never a mix of the two results
        }
    }

    @Test func revisionIsTheMaximumPlusOneAndUpdatedTheLater() throws {
        let base = Self.molecule(revision: 3, "", "")
        let ours = Self.molecule(revision: 9, updated: "2026-11-21T16:00:00Z", "a = 1", "")
        let theirs = Self.molecule(revision: 5, updated: "2026-11-21T19:00:00Z", "b = 2", "")
        let merged = try merge(base, ours, theirs)
        #expect(merged["revision"] == 10)
        #expect(merged["updated"] == theirs.parsedValue("updated"))
    }

    @Test func unknownKeysMergeThreeWay() throws {
        let base = Self.molecule("agent_note = \"x\"", "[agent]\nsession = \"s1\"\ncount = 1\n")
        let ours = Self.molecule("agent_note = \"y\"", "[agent]\nsession = \"s1\"\ncount = 1\nextra = true\n")
        let theirs = Self.molecule("agent_note = \"x\"", "[agent]\nsession = \"s2\"\ncount = 1\n")
        let merged = try merge(base, ours, theirs)
        #expect(merged["agent_note"] == "y")
        #expect(merged["agent"]?["session"] == "s2")
        #expect(merged["agent"]?["extra"] == true)
    }

    @Test func arraysMergeAsOrderedSets() throws {
        let base = Self.molecule("inputs = [\"a.md\", \"b.md\", \"c.md\"]", "")
        let ours = Self.molecule("inputs = [\"a.md\", \"c.md\", \"z.md\"]", "")  // removed b, added z
        let theirs = Self.molecule("inputs = [\"a.md\", \"b.md\", \"c.md\", \"d.md\", \"z.md\"]", "")  // added d and z
        let expected: TOMLValue = ["a.md", "c.md", "d.md", "z.md"]
        #expect(try merge(base, ours, theirs)["inputs"] == expected)
        #expect(try merge(base, theirs, ours)["inputs"] == expected)
    }

    @Test func convoyTeamsMergeAsSetsAndTheDayOnlyMovesOn() throws {
        let path = ".beads/convoys/c/convoy.toml"
        let base = "title = \"T\"\nteams = [\"go\"]\nday = 1\n"
        let ours = "title = \"T\"\nteams = [\"go\", \"python\"]\nday = 3\n"
        let theirs = "title = \"T\"\nteams = [\"go\", \"postgres\"]\nday = 2\n"
        let merged = try merge(base, ours, theirs, path: path)
        #expect(merged["teams"] == ["go", "postgres", "python"])
        #expect(merged["day"] == 3)
    }

    // MARK: - Signed tables and whole files

    @Test func aFindingsResolutionMergesWhole() throws {
        let path = ".beads/convoys/c/molecules/m1/findings/f-0a1b2c3d.toml"
        let base = "id = \"f-0a1b2c3d\"\nseverity = \"high\"\n"
        let a =
            base
            + "\n[resolution]\nby = \"alice\"\nat = 2026-11-21T17:00:00Z\nnote = \"fixed\"\nsignature = \"sig-a\"\n"
        let b =
            base
            + "\n[resolution]\nby = \"bob\"\nat = 2026-11-21T17:05:00Z\nnote = \"wontfix\"\nsignature = \"sig-b\"\n"
        for (ours, theirs) in [(a, b), (b, a)] {
            let resolution = try merge(base, ours, theirs, path: path)["resolution"]
            #expect(resolution?["by"] == "bob")
            #expect(resolution?["signature"] == "sig-b")
            #expect(resolution?["note"] == "wontfix")
        }
        // Resolved on one side only: that side's resolution.
        #expect(try merge(base, a, base + "detail = \"more\"\n", path: path)["resolution"]?["by"] == "alice")
    }

    @Test func manualChecksMergeEachConfirmationWhole() throws {
        let path = ".beads/convoys/c/molecules/m1/manual-checks.toml"
        let ours = "[checks.docs]\nby = \"alice\"\nat = 2026-11-21T17:00:00Z\nsignature = \"a\"\n"
        let theirs = "[checks.deploy]\nby = \"bob\"\nat = 2026-11-21T17:00:00Z\nsignature = \"b\"\n"
        let merged = try merge("", ours, theirs, path: path)
        #expect(merged["checks"]?["docs"]?["signature"] == "a")
        #expect(merged["checks"]?["deploy"]?["signature"] == "b")
    }

    @Test func gateEvidenceTheLatestCheckedWinsWhole() throws {
        let path = ".beads/convoys/c/molecules/m1/gates/tests.toml"
        let base = "gate = \"tests\"\npassed = 1\nchecked = 2026-11-21T15:00:00Z\n"
        let a = "gate = \"tests\"\npassed = 3\nfailed = 1\nchecked = 2026-11-21T16:00:00Z\n"
        let b = "gate = \"tests\"\npassed = 4\nchecked = 2026-11-21T16:01:00Z\nchecked_by = \"p7\"\n"
        for (ours, theirs) in [(a, b), (b, a)] {
            let merged = try merge(base, ours, theirs, path: path)
            #expect(merged == (try TOMLParser.parse(b)))
        }
    }

    @Test func readMarksUnion() throws {
        let path = ".beads/mail/.read/alice.toml"
        let base = "reader = \"alice\"\nread = [\"m1\"]\n"
        let merged = try merge(
            base, "reader = \"alice\"\nread = [\"m1\", \"m3\"]\n", "reader = \"alice\"\nread = [\"m1\", \"m2\"]\n",
            path: path)
        #expect(merged["read"] == ["m1", "m2", "m3"])
    }

    // MARK: - What is left to git

    @Test func configAndUnknownFilesAreLeftToGit() {
        let config = MergeDriver.merge(
            base: Array("signing = \"required\"\n".utf8), ours: Array("signing = \"unsigned\"\n".utf8),
            theirs: Array("signing = \"required\"\nx = 1\n".utf8), path: ".beads/config.toml")
        guard case .conflict(let reason) = config else {
            Issue.record("config.toml merged: \(config)")
            return
        }
        #expect(reason.contains("never merged automatically"))
        let unknown = MergeDriver.merge(
            base: [], ours: Array("a = 1\n".utf8), theirs: Array("a = 2\n".utf8), path: ".beads/convoys/c/notes.toml")
        guard case .conflict = unknown else {
            Issue.record("an unknown file merged: \(unknown)")
            return
        }
    }

    @Test func anUnparseableSideIsNeverMerged() {
        let good = Self.molecule("", "")
        let broken = "<<<<<<< HEAD\nformula = \"e2e\"\n"
        for (ours, theirs) in [(good, broken), (broken, good)] {
            let result = MergeDriver.merge(
                base: Array(good.utf8), ours: Array(ours.utf8), theirs: Array(theirs.utf8), path: Self.moleculePath)
            guard case .unparseable(let message) = result else {
                Issue.record("merged an unparseable side: \(result)")
                continue
            }
            #expect(message.contains("molecule.toml"))
            #expect(message.contains(":1:"))
        }
    }

    // MARK: - Output

    @Test func oursCommentsAndLayoutStayAndOnlyMergedValuesChange() throws {
        let base = Self.molecule(
            "assignee  =  'amy'   # the lead", "[steps.s]\nstatus = \"pending\"   # waiting\nattempt = 1\n")
        let ours = base.replacingOccurrences(of: "revision = 3", with: "revision = 4")
        let theirs = Self.molecule(
            revision: 4, updated: "2026-11-21T17:00:00Z", "assignee = \"amy\"",
            "[steps.s]\nstatus = \"active\"\nattempt = 1\n")
        let merged = try #require(text(base, ours, theirs))
        #expect(merged.contains("# hand-annotated molecule\n"))
        #expect(merged.contains("assignee  =  'amy'   # the lead\n"))
        #expect(merged.contains("status = \"active\"   # waiting\n"))
        #expect(merged.contains("revision = 5\n"))
    }

    @Test func theSamePairGivesTheSameBytesAndSwappedSidesTheSameValues() throws {
        let base = Self.molecule("assignee = \"amy\"", "[steps.s]\nstatus = \"pending\"\nattempt = 1\n")
        let a = Self.molecule(
            revision: 4, updated: "2026-11-21T17:00:00Z", "assignee = \"bob\"\ninputs = [\"x\"]",
            "[steps.s]\nstatus = \"active\"\nattempt = 1\n")
        let b = Self.molecule(
            revision: 4, updated: "2026-11-21T17:00:00Z", "assignee = \"eve\"\ninputs = [\"y\"]",
            "[steps.s]\nstatus = \"blocked\"\nattempt = 1\n")
        #expect(text(base, a, b) == text(base, a, b))
        #expect(try merge(base, a, b) == (try merge(base, b, a)))
    }
}

extension String {
    /// The value at `path` in this TOML text.
    func parsedValue(_ path: String...) -> TOMLValue? {
        var value: TOMLValue? = (try? TOMLParser.parse(self)).map { .table($0) }
        for key in path { value = value?[key] }
        return value
    }
}
