import Foundation
import TOML
import TestSupport
import Testing

/// Three clones of one repository, each with its own user (trust store, keys), sharing `.beads/` through
/// `gastown sync` and the merge driver: agents start, complete and record tests, reviewers decide (signed)
/// and assign, findings are added concurrently, with pulls in between. No conflict, nothing lost.
@Suite struct SeveralClonesEndToEndTests {
    static let formula = """
        formula = "team"
        version = 1
        validation_categories = ["Quality"]

        [[steps]]
        id = "build"
        duration = "10m"
        [steps.gate]
        id = "build-tests"
        type = "tests"
        [steps.checkpoint]
        id = "build-review"
        prompt = "Build ok?"

        [[steps]]
        id = "ship"
        duration = "10m"
        """

    /// What every run needs to use git: an identity, no system config, and `gastown` on PATH (git runs the driver).
    static let gitEnvironment: [String: String] = {
        let binaries = BuiltProducts.gastown.deletingLastPathComponent().path
        return [
            "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.com", "GIT_CONFIG_NOSYSTEM": "1",
            "PATH": binaries + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
        ]
    }()

    struct Clone {
        let harness: StoreHarness

        @discardableResult
        func run(_ arguments: [String], _ extra: [String: String] = [:]) throws -> StoreHarness.Result {
            let result = try harness.run(
                arguments, environment: SeveralClonesEndToEndTests.gitEnvironment.merging(extra) { $1 })
            guard result.status == 0 else {
                throw StoreHarness.CommandFailed(
                    description:
                        "gastown \(arguments.joined(separator: " ")) in \(harness.workspace) exited \(result.status): \(result.stderr)\(result.stdout)"
                )
            }
            return result
        }

        func agent(_ arguments: [String]) throws { try run(arguments, ["GASTOWN_AGENT": "polecat"]) }

        func git(_ arguments: [String]) throws -> StoreHarness.Result {
            try StoreHarness.git(arguments, in: harness.workspace)
        }

        var molecules: String { harness.workspace + "/.beads/convoys/c/molecules" }
    }

    /// Clone A made from a fresh workspace (convoy c, molecules m1 and m2), pushed to a bare origin;
    /// B and C cloned from it, each running `gastown init` as a fresh clone does.
    static func makeClones() throws -> (origin: String, clones: [Clone]) {
        let a = try StoreHarness.make(steps: 1)
        try a.install(formula: formula, as: "team")
        let first = Clone(harness: a)
        try first.run(["molecule", "create", "--formula", "team", "--name", "m1", "--convoy", "c"])
        try first.run(["molecule", "create", "--formula", "team", "--name", "m2", "--convoy", "c"])
        let origin = a.workspace + "-origin.git"
        #expect(try StoreHarness.git(["init", "-q", "--bare", "-b", "main", origin], in: "/").status == 0)
        #expect(try first.git(["init", "-q", "-b", "main"]).status == 0)
        #expect(try first.git(["remote", "add", "origin", origin]).status == 0)
        let initialized = try first.run(["init"]).stdout
        #expect(initialized.contains("registered the merge driver in git config"))
        try first.run(["sync"])
        var clones = [first]
        for suffix in ["-b", "-c"] {
            let clone = Clone(harness: StoreHarness(workspace: a.workspace + suffix))
            #expect(try StoreHarness.git(["clone", "-q", origin, clone.harness.workspace], in: "/").status == 0)
            try clone.run(["init"])
            clones.append(clone)
        }
        return (origin, clones)
    }

    /// Runs `body` on fresh clones (and the origin), removed afterwards.
    static func withClones(_ body: (_ origin: String, _ clones: [Clone]) throws -> Void) throws {
        let (origin, clones) = try makeClones()
        defer {
            for clone in clones { clone.harness.cleanup() }
            try? FileManager.default.removeItem(atPath: origin)
        }
        try body(origin, clones)
    }

    @Test func threeClonesWorkConcurrentlyWithoutAConflict() throws {
        try Self.withClones { origin, clones in
            let (a, b, c) = (clones[0], clones[1], clones[2])
            let syncAll = { () throws in for clone in clones + clones { try clone.run(["sync"]) } }

            // Round 1: an agent starts and records tests in A; a reviewer assigns and files a finding in B; another
            // agent starts m2 and files a finding on m1 in C.
            try a.agent(["molecule", "start", "m1"])
            try a.agent(["molecule", "record-tests", "m1", "--passed", "3", "--failed", "0", "--skipped", "0"])
            try b.run(["molecule", "assign", "m1", "bob"])
            try b.run([
                "finding", "add", "m1", "--severity", "low", "--category", "Quality", "--title", "from B", "--by", "r2",
            ])
            try c.agent(["molecule", "start", "m2"])
            try c.agent(["finding", "add", "m1", "--severity", "low", "--category", "Quality", "--title", "from C"])
            try syncAll()

            // Round 2: A completes m1's build; B assigns m2's step; C records m2's tests.
            try a.agent(["gate", "check", "m1", "--passed", "3"])
            try a.agent(["molecule", "complete", "m1"])
            try b.run(["molecule", "assign", "m2", "carol", "--step", "build"])
            try c.agent(["molecule", "record-tests", "m2", "--passed", "5", "--failed", "1", "--skipped", "0"])
            try syncAll()

            // Round 3: the same checkpoint decided in two clones, signed by different reviewers: B approves, C
            // rejects. A starts nothing but assigns m2.
            try b.run(["checkpoint", "approve", "m1", "build-review", "--reviewer", "r2"])
            try c.run([
                "checkpoint", "reject", "m1", "build-review", "--reviewer", "r3", "--reason", "flaky", "--to", "build",
            ])
            try a.run(["molecule", "assign", "m2", "dave"])
            try syncAll()

            // Every clone holds the same commit and the same files, with no conflict left anywhere.
            let heads = try clones.map { try $0.git(["rev-parse", "HEAD"]).stdout }
            #expect(Set(heads).count == 1)
            for clone in clones {
                #expect(try clone.git(["status", "--porcelain"]).stdout.isEmpty)
                #expect(try clone.git(["log", "--format=%s"]).stdout.contains("gastown: molecule m1"))
                let verify = try clone.run(["audit", "verify", "--json"]).json as? [String: Any]
                #expect(verify?["verified"] as? Bool == true)
            }
            for molecule in ["m1", "m2"] {
                let files = try clones.map {
                    try String(contentsOfFile: "\($0.molecules)/\(molecule)/molecule.toml", encoding: .utf8)
                }
                #expect(Set(files).count == 1, "\(molecule) differs between clones")
                #expect(!files[0].contains("<<<<<<<"))
            }

            // Every change is there.
            let m1 = try a.run(["molecule", "status", "m1", "--json"]).json as? [String: Any]
            #expect(m1?["assignee"] as? String == "bob")
            let build = (m1?["steps"] as? [[String: Any]])?.first
            // Two concurrent decisions on one attempt: the rejection wins; the work went back to build.
            #expect(build?["attempt"] as? Int == 2)
            #expect(build?["status"] as? String == "pending")
            let problems = (m1?["problems"] as? [[String: Any]]) ?? []
            #expect(problems.allSatisfy { $0["severity"] as? String != "error" }, "\(problems)")
            let m2 = try a.run(["molecule", "status", "m2", "--json"]).json as? [String: Any]
            #expect(m2?["assignee"] as? String == "dave")
            let m2build = (m2?["steps"] as? [[String: Any]])?.first
            #expect(m2build?["assignee"] as? String == "carol")
            #expect(m2build?["status"] as? String == "blocked" || m2build?["status"] as? String == "active")
            let gates = (m2?["gates"] as? [[String: Any]])?.first?["tests"] as? [String: Any]
            #expect(gates?["failed"] as? Int == 1)
            let findings = try a.run(["finding", "list", "m1", "--json"]).json as? [String: Any]
            let titles = ((findings?["findings"] as? [[String: Any]]) ?? []).compactMap { $0["title"] as? String }
            #expect(Set(titles) == ["from B", "from C"])
            let log = try a.run(["audit", "log", "m1", "--json"]).json as? [String: Any]
            #expect((log?["decisions"] as? [[String: Any]])?.count == 2)
        }
    }

    @Test func aConflictTheDriverCannotMergeStopsSyncNamingTheFile() throws {
        try Self.withClones { origin, clones in
            let (a, b) = (clones[0], clones[1])
            let config = "/.beads/config.toml"
            try "signing = \"required\"\n# A\n".write(
                toFile: a.harness.workspace + config, atomically: true, encoding: .utf8)
            try "signing = \"required\"\n# B\n".write(
                toFile: b.harness.workspace + config, atomically: true, encoding: .utf8)
            try a.run(["sync"])
            let stopped = try b.harness.run(["sync", "--json"], environment: Self.gitEnvironment)
            #expect(stopped.status == 6)
            #expect(stopped.stderr.contains("conflict in .beads/config.toml: the signing policy"))
            let report = stopped.json as? [String: Any]
            #expect(report?["pushed"] as? Bool == false)
            #expect((report?["conflicts"] as? [[String: Any]])?.first?["file"] as? String == ".beads/config.toml")
            // Nothing was pushed: origin still has A's commit.
            let originHead = try StoreHarness.git(["rev-parse", "main"], in: origin).stdout
            #expect(originHead == (try a.git(["rev-parse", "HEAD"]).stdout))
        }
    }

    @Test func doctorReportsACloneWithoutTheDriver() throws {
        try Self.withClones { origin, clones in
            let fresh = Clone(harness: StoreHarness(workspace: clones[0].harness.workspace + "-d"))
            defer { fresh.harness.cleanup() }
            #expect(try StoreHarness.git(["clone", "-q", origin, fresh.harness.workspace], in: "/").status == 0)
            let before = try fresh.harness.run(["doctor", "--json"], environment: Self.gitEnvironment)
            #expect(before.status == 1)
            let checks = ((before.json as? [String: Any])?["checks"] as? [[String: Any]]) ?? []
            let driver = checks.first { $0["check"] as? String == "merge driver" }
            #expect(driver?["status"] as? String == "failure")
            #expect((driver?["message"] as? String)?.contains("not registered") == true)
            // Without gastown on PATH, git could not run the driver.
            let noPath = try fresh.harness.run(
                ["doctor"], environment: Self.gitEnvironment.merging(["PATH": "/usr/bin:/bin"]) { $1 })
            #expect(noPath.stdout.contains("FAIL  gastown on PATH"))
            let initialized = try fresh.run(["init"]).stdout
            #expect(initialized.contains("registered the merge driver"))
            #expect(try fresh.run(["init"]).stdout.contains("the merge driver for .beads/ is registered in this clone"))
            let after = try fresh.harness.run(["doctor", "--json"], environment: Self.gitEnvironment)
            let afterChecks = ((after.json as? [String: Any])?["checks"] as? [[String: Any]]) ?? []
            #expect(afterChecks.first { $0["check"] as? String == "merge driver" }?["status"] as? String == "ok")
        }
    }

    @Test func twoClonesAssigningDifferentlyKeepTheLaterAndShowTheOtherUntilResolved() throws {
        try Self.withClones { origin, clones in
            let (a, b) = (clones[0], clones[1])
            try a.run(["molecule", "assign", "m1", "alice"])
            try b.run(["molecule", "assign", "m1", "bob"])  // later: it wins
            try a.run(["sync"])
            try b.run(["sync"])
            let status = try b.run(["molecule", "status", "m1", "--json"]).json as? [String: Any]
            #expect(status?["assignee"] as? String == "bob")
            let conflicts = (status?["conflicts"] as? [[String: Any]]) ?? []
            #expect(conflicts.count == 1)
            #expect(conflicts.first?["field"] as? String == "assignee")
            #expect(conflicts.first?["kept"] as? String == "bob")
            #expect(conflicts.first?["lost"] as? [String] == ["alice"])
            let text = try b.run(["molecule", "status", "m1"]).stderr
            #expect(
                text.contains("molecule.toml: warning: merge conflict on assignee: kept \"bob\", set aside \"alice\""))
            try b.run(["molecule", "resolve", "m1", "assignee", "--keep", "theirs"])
            let after = try b.run(["molecule", "status", "m1", "--json"]).json as? [String: Any]
            #expect(after?["assignee"] as? String == "alice")
            #expect((after?["conflicts"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func twoClonesRetitlingAConvoyShowTheSetAsideTitleUntilResolved() throws {
        try Self.withClones { origin, clones in
            let (a, b) = (clones[0], clones[1])
            try a.run(["convoy", "edit", "c", "--title", "Alpha plan"])
            try b.run(["convoy", "edit", "c", "--title", "Beta plan"])
            try a.run(["sync"])
            try b.run(["sync"])
            // Equal footing (convoy.toml has no `updated`): the title that sorts last is kept, the other set aside.
            let json = try b.run(["convoy", "show", "c", "--json"]).json as? [String: Any]
            let convoy = json?["convoy"] as? [String: Any]
            #expect(convoy?["title"] as? String == "Beta plan")
            let conflicts = (convoy?["conflicts"] as? [[String: Any]]) ?? []
            #expect(conflicts.map { $0["field"] as? String } == ["title"])
            #expect(conflicts.first?["lost"] as? [String] == ["Alpha plan"])
            let problems = (convoy?["problems"] as? [[String: Any]]) ?? []
            #expect(problems.contains { $0["category"] as? String == "merge-conflict" })
            let text = try b.run(["convoy", "show", "c"]).stderr
            #expect(
                text.contains(
                    "convoy.toml: warning: merge conflict on title: kept \"Beta plan\", set aside \"Alpha plan\""))
            #expect(text.contains("gastown convoy resolve c title --keep ours|theirs"))
            let resolved = try b.run(["convoy", "resolve", "c", "title", "--keep", "theirs"]).stdout
            #expect(resolved.contains("c: title settled, keeping theirs (\"Alpha plan\")"))
            let after = try b.run(["convoy", "show", "c", "--json"]).json as? [String: Any]
            let settled = after?["convoy"] as? [String: Any]
            #expect(settled?["title"] as? String == "Alpha plan")
            #expect((settled?["conflicts"] as? [Any])?.isEmpty == true)
            #expect(try b.run(["convoy", "show", "c"]).stderr.contains("merge conflict") == false)
            // Nothing left to settle: the verb says so, naming the field.
            let again = try b.harness.run(
                ["convoy", "resolve", "c", "title", "--keep", "ours"], environment: Self.gitEnvironment)
            #expect(again.status != 0)
            #expect(again.stderr.contains("convoy c records no merge conflict on \"title\" (it records none)"))
        }
    }
}
