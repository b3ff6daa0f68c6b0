import Foundation
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
}
