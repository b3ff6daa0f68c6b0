import Crypto
import Foundation

/// An Ed25519 private key held in-process: for signers that must not run `ssh-keygen` once per signature
/// (generated test data, a demo's made-up reviewers). Signatures are ordinary SSHSIG.
public struct Ed25519SigningKey: Sendable {
    /// The 32-byte seed (Crypto's key type is not Sendable; it is rebuilt from the seed when used).
    public let seed: [UInt8]
    var key: Curve25519.Signing.PrivateKey {
        // The seed was checked when this value was made.
        try! Curve25519.Signing.PrivateKey(rawRepresentation: seed)
    }

    /// A new random key.
    public init() { seed = Array(Curve25519.Signing.PrivateKey().rawRepresentation) }

    /// The key for a 32-byte seed.
    public init(seed: [UInt8]) throws(SigningError) {
        guard (try? Curve25519.Signing.PrivateKey(rawRepresentation: seed)) != nil else {
            throw SigningError(.malformed, "an Ed25519 seed must be 32 bytes")
        }
        self.seed = seed
    }

    public var publicKey: SSHPublicKey {
        var writer = SSHWireWriter()
        writer.string("ssh-ed25519")
        writer.string(Array(key.publicKey.rawRepresentation))
        // A 32-byte key on the curve always parses.
        return try! SSHPublicKey(blob: writer.bytes)
    }

    /// An SSHSIG over `message` in `namespace` (SHA-512, as ssh-keygen signs).
    public func sign(_ message: [UInt8], namespace: String) -> SSHSignature {
        let key = self.key
        let data = SSHSignature.dataToSign(message: message, namespace: namespace, hashAlgorithm: .sha512)
        // Ed25519 signing fails only on a broken RNG-free API contract; it does not here.
        let value = try! key.signature(for: data)
        return SSHSignature(
            publicKey: publicKey, namespace: namespace, hashAlgorithm: .sha512, signatureType: "ssh-ed25519",
            signatureBlob: Array(value))
    }

    /// The key as an unencrypted OpenSSH private key file (`-----BEGIN OPENSSH PRIVATE KEY-----`), which
    /// `ssh-keygen -Y sign -f` accepts.
    public func openSSHPrivateKeyText(comment: String) -> String {
        let key = self.key
        let publicBlob = publicKey.blob
        let check = UInt32.random(in: 0...UInt32.max)
        var secret = SSHWireWriter()
        secret.uint32(check)
        secret.uint32(check)
        secret.string("ssh-ed25519")
        secret.string(Array(key.publicKey.rawRepresentation))
        secret.string(Array(key.rawRepresentation) + Array(key.publicKey.rawRepresentation))
        secret.string(comment)
        var pad: UInt8 = 1
        var padded = secret.bytes
        while padded.count % 8 != 0 {
            padded.append(pad)
            pad += 1
        }
        var file = SSHWireWriter()
        file.raw(OpenSSHKeyFile.privateMagic)
        file.string("none")
        file.string("none")
        file.string([UInt8]())
        file.uint32(1)
        file.string(publicBlob)
        file.string(padded)
        return Base64.armor(file.bytes, begin: OpenSSHKeyFile.privateBegin, end: OpenSSHKeyFile.privateEnd)
    }
}
