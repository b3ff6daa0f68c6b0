import Foundation
import Testing

@Suite struct StoreGitMergeTests {
    func git(_ arguments: [String], in directory: String) throws -> Int32 {
        try StoreHarness.git(arguments, in: directory).status
    }

    @Test func twoClonesDecidingConcurrentlyMergeWithoutConflictAndVerify() throws {
        let a = try StoreHarness.make(steps: 2)
        defer { a.cleanup() }
        try a.expectOK(["molecule", "create", "--formula", "e2e", "--name", "m", "--convoy", "c"])
        try a.expectOK(["molecule", "create", "--formula", "e2e", "--name", "n", "--convoy", "c"])
        for m in ["m", "n"] {
            try a.expectOK(["molecule", "start", m])
            try a.expectOK(["molecule", "complete", m])
        }
        #expect(try git(["init", "-q", "-b", "main"], in: a.workspace) == 0)
        #expect(try git(["add", "-A"], in: a.workspace) == 0)
        #expect(try git(["commit", "-q", "-m", "base"], in: a.workspace) == 0)
        let b = StoreHarness(workspace: a.workspace + "-clone")
        defer { b.cleanup() }
        #expect(try git(["clone", "-q", a.workspace, b.workspace], in: "/") == 0)

        // Concurrently, each signed by its reviewer's key: B rejects m's checkpoint and approves n; A approves
        // m's same checkpoint later.
        try b.expectOK(["checkpoint", "reject", "m", "s1-review", "--reviewer", "r2", "--reason", "needs work"])
        try b.expectOK(["checkpoint", "approve", "n", "s1-review", "--reviewer", "r2"])
        try a.expectOK(["checkpoint", "approve", "m", "s1-review", "--reviewer", "r1"])
        #expect(try git(["add", "-A"], in: a.workspace) == 0)
        #expect(try git(["commit", "-q", "-m", "a decides"], in: a.workspace) == 0)
        #expect(try git(["add", "-A"], in: b.workspace) == 0)
        #expect(try git(["commit", "-q", "-m", "b decides"], in: b.workspace) == 0)

        #expect(try git(["pull", "-q", "--no-rebase", "--no-edit", b.workspace, "main"], in: a.workspace) == 0)
        #expect(try git(["diff", "--name-only", "--diff-filter=U"], in: a.workspace) == 0)
        let verify = try a.run(["audit", "verify", "--json"])
        #expect(verify.status == 0, "\(verify.stdout)")
        let report = verify.json as? [String: Any]
        #expect(report?["records"] as? Int == 3)
        #expect(report?["unmerged_branches"] as? Int == 1)
        // The next decision on m joins both branches; the trail verifies with one head again.
        let log = try a.expectOK(["audit", "log", "m", "--json"]).json as? [String: Any]
        #expect((log?["decisions"] as? [[String: Any]])?.count == 2)
        let status = try a.expectOK(["molecule", "status", "m", "--json"]).json as? [String: Any]
        let firstStep = (status?["steps"] as? [[String: Any]])?.first
        // Of two concurrent decisions on one attempt, the rejection wins, though A's approval is dated later.
        #expect(firstStep?["status"] as? String == "pending")
        #expect(firstStep?["attempt"] as? Int == 2)
        let decisions = (log?["decisions"] as? [[String: Any]]) ?? []
        #expect(decisions.allSatisfy { $0["signed"] as? Bool == true && $0["verified"] as? Bool == true })
        try a.expectOK(["molecule", "start", "m"])
        try a.expectOK(["molecule", "complete", "m"])
        try a.expectOK(["checkpoint", "approve", "m", "s1-review", "--reviewer", "r3"])
        let after = try a.run(["audit", "verify", "--json"]).json as? [String: Any]
        #expect(after?["verified"] as? Bool == true)
        #expect(after?["unmerged_branches"] as? Int == 0)
    }
}
