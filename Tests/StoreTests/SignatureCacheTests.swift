import Core
import Foundation
import Signing
import TestSupport
import Testing

@testable import Store

/// The verified-signature cache: what it remembers, what it refuses to read, and that a load with it derives
/// exactly what a load without it does.
@Suite struct SignatureCacheTests {
    let hash = String(repeating: "0123456789abcdef", count: 4)
    let fingerprint = TestKeys.publicKey("alice").fingerprint

    func cacheFile(_ ws: TempWorkspace) -> String { ws.path + "/user-cache/gastown/verified-signatures" }

    @Test func aFlushedEntryIsKnownToTheNextProcess() throws {
        let ws = try TempWorkspace(initialize: false)
        defer { ws.cleanup() }
        let cache = SignatureCache(file: cacheFile(ws))
        #expect(!cache.contains(hash: hash, fingerprint: fingerprint))
        cache.insert(hash: hash, fingerprint: fingerprint)
        cache.flush()
        let next = SignatureCache(file: cacheFile(ws))
        #expect(next.contains(hash: hash, fingerprint: fingerprint))
        #expect(!next.contains(hash: hash, fingerprint: TestKeys.publicKey("bob").fingerprint))
        let otherHash = String(hash.dropLast()) + "0"
        #expect(!next.contains(hash: otherHash, fingerprint: fingerprint))
        let text = try String(contentsOfFile: cacheFile(ws), encoding: .utf8)
        #expect(text == hash + " " + fingerprint + "\n")
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
        #expect(!cache.contains(hash: hash, fingerprint: String(bob.dropLast())))
        #expect(!cache.contains(hash: hash, fingerprint: carol))
        #expect(!cache.contains(hash: hash, fingerprint: dave))
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

    @Test func aHashOrFingerprintGastownNeverWritesIsNotRemembered() throws {
        let ws = try TempWorkspace(initialize: false)
        defer { ws.cleanup() }
        let cache = SignatureCache(file: cacheFile(ws))
        cache.insert(hash: "not-a-hash", fingerprint: fingerprint)
        cache.insert(hash: hash, fingerprint: "MD5:00:11")
        #expect(!cache.contains(hash: "not-a-hash", fingerprint: fingerprint))
        #expect(!cache.contains(hash: hash, fingerprint: "MD5:00:11"))
        cache.flush()
        #expect(!FileManager.default.fileExists(atPath: cacheFile(ws)))
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
