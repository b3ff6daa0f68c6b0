import Foundation
import Signing
import Store

/// Reviewer keys for library tests: in-process Ed25519 keys, one per name and the same on every run, so tests
/// sign decisions the way a reviewer's ssh-keygen would, without a subprocess per signature.
public enum TestKeys {
    public static func key(_ name: String) -> Ed25519SigningKey {
        var seed = Array(name.utf8.prefix(32))
        while seed.count < 32 { seed.append(UInt8(seed.count) &+ 0x5a) }
        // 32 bytes always make a key.
        return try! Ed25519SigningKey(seed: seed)
    }

    public static func publicKey(_ name: String) -> SSHPublicKey { key(name).publicKey }

    /// The public keys of `names`, for `createConvoy(reviewerKeys:)`.
    public static func keys(_ names: [String]) -> [String: SSHPublicKey] {
        Dictionary(uniqueKeysWithValues: names.map { ($0, publicKey($0)) })
    }

    /// A signer holding `name`'s key.
    public static func signer(_ name: String) -> SignerProvider {
        let signer = Ed25519RecordSigner(privateKey: key(name), source: "test key of \(name)")
        return { () throws(StoreError) -> any RecordSigner in signer }
    }

    /// A clock for loads well after every test date (decisions dated after the load's clock do not count).
    public static let lateClock: @Sendable () -> Date = { Date(timeIntervalSince1970: 4_000_000_000) }
}
