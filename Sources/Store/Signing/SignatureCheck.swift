import Foundation
import Signing

/// Checks one record's signature: that `armored` is an SSHSIG in the `gastown` namespace by `key` over the
/// record's canonical text. A verified (hash, fingerprint) pair is remembered in the cache, when one is given.
enum SignatureCheck {
    /// Nil when the signature verifies; otherwise why it does not, as the end of a sentence.
    static func problem(
        armored: String?, key: SSHPublicKey, fingerprint: String? = nil, canonical: @autoclosure () -> [UInt8],
        hash: String, cache: SignatureCache?
    ) -> String? {
        guard let armored, !armored.isEmpty else { return "it is not signed" }
        let fingerprint = fingerprint ?? key.fingerprint
        let cached = cache?.lookUp(hash: hash, fingerprint: fingerprint)
        if cached?.known == true { return nil }
        do throws(SigningError) {
            let signature = try SSHSignature(armored: armored)
            guard signature.publicKey == key else {
                return "it was signed by \(signature.publicKey.fingerprint), not by \(fingerprint)"
            }
            try signature.verify(message: canonical(), namespace: signatureNamespace)
        } catch {
            return "its signature does not verify: \(error.message)"
        }
        if let cache, let cached { cache.insert(cached.entry, hash: hash, fingerprint: fingerprint) }
        return nil
    }
}
