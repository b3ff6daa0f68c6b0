import Foundation
import Signing

/// Signs a record's canonical text in the `gastown` namespace (SSHSIG). The store asks for a signature only
/// after it has checked that the key may sign, and checks the signature it gets back.
public protocol RecordSigner: Sendable {
    var publicKey: SSHPublicKey { get }
    /// Where the key came from, for messages.
    var source: String { get }
    func sign(_ canonicalText: [UInt8]) throws(StoreError) -> SSHSignature
}

/// The namespace every gastown signature is made in (`ssh-keygen -Y verify -n gastown`).
public let signatureNamespace = "gastown"

/// Signs by running `ssh-keygen -Y sign` with the key found by `SigningKeyLookup` (it asks for a passphrase or
/// uses ssh-agent).
public struct SSHKeygenRecordSigner: RecordSigner {
    public let key: SigningKey
    public var publicKey: SSHPublicKey { key.publicKey }
    public var source: String { "\(key.displayPath) (\(key.source))" }

    public init(key: SigningKey) { self.key = key }

    public func sign(_ canonicalText: [UInt8]) throws(StoreError) -> SSHSignature {
        let signer = SSHKeygenSigner()
        do throws(SigningError) {
            let signature: SSHSignature
            switch key.location {
            case .file(let path):
                signature = try signer.sign(canonicalText, namespace: signatureNamespace, keyFile: path)
            case .literal(let line):
                signature = try signer.sign(canonicalText, namespace: signatureNamespace, publicKeyLine: line)
            }
            guard signature.publicKey == key.publicKey else {
                throw SigningError(
                    .invalid,
                    "ssh-keygen signed with \(signature.publicKey.fingerprint), not with \(key.publicKey.fingerprint)")
            }
            return signature
        } catch {
            throw StoreError(.refused, "refused: could not sign with \(source): \(error.message)")
        }
    }
}

/// Signs in-process with an Ed25519 private key (the demo's made-up reviewers; tests).
public struct Ed25519RecordSigner: RecordSigner {
    public let privateKey: Ed25519SigningKey
    public var publicKey: SSHPublicKey { privateKey.publicKey }
    public let source: String

    public init(privateKey: Ed25519SigningKey, source: String = "in-process Ed25519 key") {
        self.privateKey = privateKey
        self.source = source
    }

    public func sign(_ canonicalText: [UInt8]) throws(StoreError) -> SSHSignature {
        privateKey.sign(canonicalText, namespace: signatureNamespace)
    }
}
