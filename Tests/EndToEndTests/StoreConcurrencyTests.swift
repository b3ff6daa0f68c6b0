import Foundation
import TOML
import TestSupport
import Testing

@Suite struct StoreConcurrencyTests {
    @Test func eightWritersAndConcurrentApprovalsLoseNothing() throws {
        let h = try StoreHarness.make(steps: 4)
        defer { h.cleanup() }
        try h.expectOK(["molecule", "create", "--formula", "e2e", "--name", "hot", "--convoy", "c"])
        for i in 1...4 {
            try h.expectOK(["molecule", "create", "--formula", "e2e", "--name", "race\(i)", "--convoy", "c"])
            try h.expectOK(["molecule", "start", "race\(i)"])
            try h.expectOK(["molecule", "complete", "race\(i)"])
        }
        // 8 processes × 200 locked updates on one molecule...
        let writers = try (0..<8).map {
            try h.spawn(["hot", "--times", "200", "--key", "p\($0)"], executable: BuiltProducts.storeStress)
        }
        // ...while a reviewer walks the same molecule through its four checkpoints...
        var flow = ""
        for i in 1...4 {
            flow += "\"$G\" molecule start hot s\(i) && \"$G\" molecule complete hot s\(i) && "
            flow +=
                "\"$G\" checkpoint approve hot s\(i)-review --reviewer r\(i) --signing-key \(StoreHarness.key("r\(i)")!) && "
        }
        let reviewer = Process()
        reviewer.executableURL = URL(fileURLWithPath: "/bin/sh")
        reviewer.arguments = ["-c", flow + "true"]
        reviewer.currentDirectoryURL = URL(fileURLWithPath: h.workspace)
        reviewer.environment = h.environment(for: [], ["G": BuiltProducts.gastown.path])
        try reviewer.run()
        // ...and two reviewers race to decide each of four other molecules' checkpoints.
        let racers = try (1...4).flatMap { i in
            try [
                h.spawn(["checkpoint", "approve", "race\(i)", "s1-review", "--reviewer", "r5"]),
                h.spawn(["checkpoint", "approve", "race\(i)", "s1-review", "--reviewer", "r6"]),
            ]
        }
        for p in writers + racers + [reviewer] { p.waitUntilExit() }
        #expect(writers.allSatisfy { $0.terminationStatus == 0 })
        #expect(reviewer.terminationStatus == 0)
        // Exactly one approval per race; the loser is refused (exit 3).
        #expect(racers.map(\.terminationStatus).sorted() == [0, 0, 0, 0, 3, 3, 3, 3])

        let table = try StoreHarness.parseTOML(h.moleculePath("hot"))
        for i in 0..<8 { #expect(table["variables"]?["p\(i)"]?.stringValue == "200") }
        // create + 1,600 updates + 4 starts + 4 completes.
        let revision: Int64? = table["revision"]?.integerValue
        #expect(revision == Int64(1 + 1600 + 8))
        let status = try h.expectOK(["molecule", "status", "hot", "--json"]).json as? [String: Any]
        #expect(status?["state"] as? String == "done")
        let verify = try h.run(["audit", "verify", "--json"])
        #expect(verify.status == 0)
        #expect((verify.json as? [String: Any])?["records"] as? Int == 8)
    }

    @Test func aWriterKilledAtRandomPointsNeverLeavesATornFile() throws {
        let h = try StoreHarness.make(steps: 1)
        defer { h.cleanup() }
        try h.expectOK(["molecule", "create", "--formula", "e2e", "--name", "m", "--convoy", "c"])
        let path = h.moleculePath("m")
        var lastRevision: Int64 = 1
        for round in 0..<12 {
            let writer = try h.spawn(
                ["m", "--times", "100000", "--key", "k\(round % 3)"], executable: BuiltProducts.storeStress)
            let target = lastRevision + Int64.random(in: 1...25)
            // Every read while the writer runs must parse: old or new content, never torn.
            var torn: String?
            let reached = StoreHarness.waitUntil(20) {
                do {
                    let revision = try StoreHarness.parseTOML(path)["revision"]?.integerValue ?? 0
                    return revision >= target
                } catch {
                    torn = "\(error)"
                    return true
                }
            }
            kill(writer.processIdentifier, SIGKILL)
            writer.waitUntilExit()
            #expect(torn == nil, "round \(round): \(torn ?? "")")
            #expect(reached)
            let table = try StoreHarness.parseTOML(path)
            let revision = try #require(table["revision"]?.integerValue)
            #expect(revision >= lastRevision)
            lastRevision = revision
        }
        // The store still works after all those kills (the lock died with its holder).
        try h.expectOK(["molecule", "start", "m"])
        try h.expectOK(["audit", "verify"])
    }
}
