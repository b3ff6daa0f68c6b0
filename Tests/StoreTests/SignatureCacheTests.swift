import Core
import Foundation
import Signing
import TestSupport
import Testing

@testable import Store

/// The verified-signature cache holds each `HASH FINGERPRINT` entry compactly in memory (the hash's bytes and a
/// fingerprint number); what it answers is exactly what a set of the entries' lines would.
@Suite struct SignatureCacheTests {
    static func hash(_ seed: Int) -> String {
        (0..<4).map { String(format: "%016llx", UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 &+ UInt64($0)) }.joined()
    }
    static let alice = "SHA256:vzZpy2pYLo/XP7D1g1+JEnKTD5ndFSSeEBEwFEfMfc0"
    static let bob = "SHA256:eHJa/5JIjBa0R2IuMA09n3lLxODwN7CjJDn58RbV6QA"
    let hash = String(repeating: "0123456789abcdef", count: 4)
    let fingerprint = TestKeys.publicKey("alice").fingerprint

    func cacheFile(_ ws: TempWorkspace) -> String { ws.path + "/user-cache/gastown/verified-signatures" }

    @Test func entriesReadBackFromTheFileAreKnownAndNothingElseIs() throws {
        let directory = try TemporaryDirectory(prefix: "gastown-signature-cache")
        defer { directory.remove() }
        let file = directory.path + "/verified-signatures"
        let writer = SignatureCache(file: file)
        for seed in 0..<300 { writer.insert(hash: Self.hash(seed), fingerprint: seed % 2 == 0 ? Self.alice : Self.bob) }
        // Not a lowercase hex hash: kept as written, and found only as written.
        writer.insert(hash: Self.hash(7).uppercased(), fingerprint: Self.alice)
        writer.flush()

        let reader = SignatureCache(file: file)
        for seed in 0..<300 {
            let signer = seed % 2 == 0 ? Self.alice : Self.bob
            let other = seed % 2 == 0 ? Self.bob : Self.alice
            #expect(reader.contains(hash: Self.hash(seed), fingerprint: signer))
            #expect(!reader.contains(hash: Self.hash(seed), fingerprint: other))
        }
        #expect(reader.contains(hash: Self.hash(7).uppercased(), fingerprint: Self.alice))
        #expect(!reader.contains(hash: Self.hash(300), fingerprint: Self.alice))
        #expect(!reader.contains(hash: Self.hash(1), fingerprint: "SHA256:unknown"))
        // One hex digit changed anywhere in the hash is another record.
        for position in [0, 15, 16, 40, 63] {
            var digits = Array(Self.hash(2))
            digits[position] = digits[position] == "0" ? "1" : "0"
            #expect(!reader.contains(hash: String(digits), fingerprint: Self.alice), "digit \(position)")
        }
    }

    @Test func anInsertedEntryIsWrittenOnceAndAMissingFileIsEmpty() throws {
        let directory = try TemporaryDirectory(prefix: "gastown-signature-cache")
        defer { directory.remove() }
        let file = directory.path + "/cache/verified-signatures"
        let cache = SignatureCache(file: file)
        #expect(!cache.contains(hash: Self.hash(1), fingerprint: Self.alice))
        cache.insert(hash: Self.hash(1), fingerprint: Self.alice)
        cache.insert(hash: Self.hash(1), fingerprint: Self.alice)
        #expect(cache.contains(hash: Self.hash(1), fingerprint: Self.alice))
        cache.flush()
        let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n")
        #expect(lines == [Substring(Self.hash(1) + " " + Self.alice)])
    }

    @Test func entriesAcrossTheFilesReadBlocksAreAllKnown() throws {
        let directory = try TemporaryDirectory(prefix: "gastown-signature-cache")
        defer { directory.remove() }
        let file = directory.path + "/verified-signatures"
        let writer = SignatureCache(file: file)
        // 12,000 entries of 116 bytes: some 1.4 MB, read in blocks of 1 MiB, so one line is cut between two.
        for seed in 0..<12_000 { writer.insert(hash: Self.hash(seed), fingerprint: Self.alice) }
        writer.flush()
        let reader = SignatureCache(file: file)
        #expect((0..<12_000).allSatisfy { reader.contains(hash: Self.hash($0), fingerprint: Self.alice) })
        #expect(!reader.contains(hash: Self.hash(12_000), fingerprint: Self.alice))
    }

    @Test func cutShortEditedOrForeignLinesVouchForNothing() throws {
        let ws = try TempWorkspace(initialize: false)
        defer { ws.cleanup() }
        let bob = TestKeys.publicKey("bob").fingerprint
        let carol = TestKeys.publicKey("carol").fingerprint
        let dave = TestKeys.publicKey("dave").fingerprint
        let lines = [
            hash + " " + fingerprint,  // well formed
            hash + " " + String(bob.dropLast()),  // a write cut short in the fingerprint
            String(hash.prefix(40)),  // cut short in the hash
            hash.uppercased() + " " + carol,  // not how gastown writes a hash
            hash + "  " + dave,  // two spaces
            "\u{1}garbage\u{0} with no shape",
        ]
        try FixtureFile.write(lines.joined(separator: "\n"), to: cacheFile(ws))
        let cache = SignatureCache(file: cacheFile(ws))
        #expect(cache.contains(hash: hash, fingerprint: fingerprint))
        #expect(!cache.contains(hash: hash, fingerprint: bob))
        #expect(!cache.contains(hash: hash, fingerprint: carol))
        #expect(!cache.contains(hash: hash, fingerprint: dave))
    }

    /// One file per workspace: a load reads only its own workspace's entries, and the file every workspace
    /// shared before is removed once a workspace's own file is written.
    @Test func eachWorkspaceHasItsOwnFileAndTheSharedOneGoes() throws {
        let directory = try TemporaryDirectory(prefix: "gastown-signature-cache")
        defer { directory.remove() }
        let environment = ["XDG_CACHE_HOME": directory.path + "/xdg", "HOME": directory.path + "/home"]
        let first = try #require(SignatureCache.locate(environment: environment, workspace: "/work/one").file)
        let again = try #require(SignatureCache.locate(environment: environment, workspace: "/work/one").file)
        let second = try #require(SignatureCache.locate(environment: environment, workspace: "/work/two").file)
        #expect(first == again)
        #expect(first != second)
        #expect(first.hasPrefix(directory.path + "/xdg/gastown/verified-signatures-"))
        let fromHome = SignatureCache.locate(environment: ["HOME": directory.path + "/home"], workspace: "/work/one")
        #expect(fromHome.file?.hasPrefix(directory.path + "/home/.cache/gastown/verified-signatures-") == true)
        #expect(SignatureCache.locate(environment: [:], workspace: "/work/one").file == nil)

        let shared = directory.path + "/xdg/gastown/verified-signatures"
        try FixtureFile.write(Self.hash(1) + " " + Self.alice + "\n", to: shared)
        let cache = SignatureCache.locate(environment: environment, workspace: "/work/one")
        #expect(!cache.contains(hash: Self.hash(1), fingerprint: Self.alice))
        cache.insert(hash: Self.hash(2), fingerprint: Self.alice)
        cache.flush()
        #expect(!FileManager.default.fileExists(atPath: shared))
        #expect(SignatureCache(file: first).contains(hash: Self.hash(2), fingerprint: Self.alice))
        #expect(!SignatureCache(file: second).contains(hash: Self.hash(2), fingerprint: Self.alice))
    }

    @Test func aFileThatIsNotACacheIsIgnored() throws {
        let ws = try TempWorkspace(initialize: false)
        defer { ws.cleanup() }
        // A folder where the file should be, then binary noise: neither is read as entries, neither crashes.
        try FileManager.default.createDirectory(atPath: cacheFile(ws), withIntermediateDirectories: true)
        #expect(!SignatureCache(file: cacheFile(ws)).contains(hash: hash, fingerprint: fingerprint))
        try FileManager.default.removeItem(atPath: cacheFile(ws))
        try Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 151) }).write(to: URL(fileURLWithPath: cacheFile(ws)))
        #expect(!SignatureCache(file: cacheFile(ws)).contains(hash: hash, fingerprint: fingerprint))
    }

    /// A cold load (filling the cache), a warm one (reading it) and one without a cache show the same states,
    /// problems included: a forged approval counts in none of them.
    @Test func loadsWithAColdOrWarmCacheOrNoneDeriveTheSameState() throws {
        let ws = try TempWorkspace()
        defer { ws.cleanup() }
        var store = try makeStore(ws)
        try store.addSampleMolecule("m2")
        for molecule in ["m1", "m2"] {
            try store.finish(molecule, "work", at: t0)
        }
        try store.approveWork("m1", by: "alice")
        // m2: bob's approval with a signature over other text (an agent's forgery).
        try store.approveWork("m2", by: "bob")
        let record = try #require(
            try FileManager.default.contentsOfDirectory(atPath: ws.layout.checkpointsDirectory("c1", "m2")).first)
        let path = ws.layout.checkpointsDirectory("c1", "m2") + "/" + record
        let forged = TestKeys.key("bob").sign(Array("other text".utf8), namespace: "gastown").armored
        var text = try String(contentsOfFile: path, encoding: .utf8)
        let signature = try #require(text.range(of: "-----BEGIN SSH SIGNATURE-----[^\"]*", options: .regularExpression))
        text.replaceSubrange(signature, with: forged.trimmingCharacters(in: .newlines) + "\n")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let forgedHash = try #require(text.firstMatch(of: #/\nhash = "([0-9a-f]{64})"/#)?.1)

        func shown(_ store: BeadsStore) -> [String] {
            store.loadAll().molecules.map { molecule in
                "\(molecule.name) \(molecule.summary) \(molecule.allProblems.map(\.description).sorted())"
            }
        }
        store.signatureCache = nil
        let uncached = shown(store)
        store.signatureCache = SignatureCache(file: cacheFile(ws))
        let cold = shown(store)
        let entries = try String(contentsOfFile: cacheFile(ws), encoding: .utf8).split(separator: "\n")
        store.signatureCache = SignatureCache(file: cacheFile(ws))
        let warm = shown(store)
        #expect(cold == uncached)
        #expect(warm == uncached)
        // alice's approval counts (m1 moved on), the forgery does not (m2 still awaits its review).
        #expect(uncached.count == 2 && uncached[0].hasPrefix("m1 ") && !uncached[0].contains("awaitingApproval"))
        #expect(uncached[1].hasPrefix("m2 awaitingApproval") && uncached[1].contains("does not verify"), "\(uncached)")
        // Only verified signatures are remembered: alice's approval, never the forgery.
        #expect(entries.contains { $0.hasPrefix(forgedHash) } == false)
        #expect(!entries.isEmpty)
    }
}
