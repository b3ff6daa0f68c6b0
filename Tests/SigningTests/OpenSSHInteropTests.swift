import Foundation
import Signing
import TestSupport
import Testing

/// Keys and signatures made by the real ssh-keygen, checked in-process; and signatures made through
/// `SSHKeygenSigner`, checked by `ssh-keygen -Y verify`.
@Suite struct OpenSSHInteropTests {
    static let keyTypes: [(type: String, bits: Int?)] = [
        ("ed25519", nil), ("ecdsa", 256), ("ecdsa", 384), ("ecdsa", 521), ("rsa", 3072),
    ]

    @Test(arguments: keyTypes)
    func fingerprintsAreTheOnesSSHKeygenPrints(type: String, bits: Int?) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let pair = try SSHKeyPair.generate(type, bits: bits, in: directory.path, name: "key")
        let key = try OpenSSHKeyFile.publicKey(fromText: pair.publicKeyLine)
        let listed = try SSHKeygenTool.run(["-l", "-E", "sha256", "-f", pair.publicKeyPath])
        let fields = listed.stdout.split(separator: " ")
        #expect(listed.status == 0)
        #expect(fields.count >= 2 && String(fields[1]) == key.fingerprint)
        #expect(fields.first.map { String($0) } == String(key.bits))
        #expect(listed.stdout.hasSuffix("(\(key.algorithm.displayName))\n"))
    }

    @Test(arguments: keyTypes)
    func signaturesBySSHKeygenVerifyAndTamperedOnesDoNot(type: String, bits: Int?) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let pair = try SSHKeyPair.generate(type, bits: bits, in: directory.path, name: "key")
        let message = Array("gastown-decision-v2\nmolecule:2:m1\n".utf8)
        let signed = try SSHKeygenTool.run(["-Y", "sign", "-n", "gastown", "-f", pair.privateKeyPath], stdin: message)
        #expect(signed.status == 0, "\(signed.stderr)")
        let signature = try SSHSignature(armored: signed.stdout)
        let key = try OpenSSHKeyFile.publicKey(fromText: pair.publicKeyLine)
        #expect(signature.publicKey == key)
        #expect(signature.armored == signed.stdout)
        try signature.verify(message: message, namespace: "gastown", key: key)

        var tampered = message
        tampered[tampered.count - 2] ^= 1
        #expect(throws: SigningError.self) { try signature.verify(message: tampered, namespace: "gastown") }
        #expect(throws: SigningError.self) { try signature.verify(message: message, namespace: "git") }
        let other = try SSHKeyPair.generate(in: directory.path, name: "other")
        let otherKey = try OpenSSHKeyFile.publicKey(fromText: other.publicKeyLine)
        #expect(throws: SigningError.self) {
            try signature.verify(message: message, namespace: "gastown", key: otherKey)
        }

        // A flipped bit anywhere in the signature value itself.
        var blob = signature.blob
        blob[blob.count - 5] ^= 0x40
        if let flipped = try? SSHSignature(blob: blob) {
            #expect(throws: SigningError.self) { try flipped.verify(message: message, namespace: "gastown") }
        }
    }

    @Test(arguments: keyTypes)
    func signaturesMadeThroughSSHKeygenSignerPassSSHKeygenVerify(type: String, bits: Int?) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let pair = try SSHKeyPair.generate(type, bits: bits, in: directory.path, name: "alice")
        let message = Array("canonical text of a record\n".utf8)
        let signature = try SSHKeygenSigner().sign(message, namespace: "gastown", keyFile: pair.privateKeyPath)
        let accepted = try SSHKeygenTool.verify(
            message: message, signature: signature.armored, identity: "alice",
            allowedSigners: "alice \(pair.publicKeyLine)\n", namespace: "gastown", in: directory.path)
        #expect(accepted.status == 0, "\(accepted.stderr)")
        #expect(accepted.stdout.contains("Good \"gastown\" signature for alice"))
        let refused = try SSHKeygenTool.verify(
            message: message + [0x0a], signature: signature.armored, identity: "alice",
            allowedSigners: "alice \(pair.publicKeyLine)\n", namespace: "gastown", in: directory.path)
        #expect(refused.status != 0)
    }

    @Test func signingWithOnlyThePublicKeyFileFailsClearlyWithoutAnAgent() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let pair = try SSHKeyPair.generate(in: directory.path, name: "key")
        try FileManager.default.removeItem(atPath: pair.privateKeyPath)
        let error = try #require(throws: SigningError.self) {
            _ = try SSHKeygenSigner().sign([1, 2, 3], namespace: "gastown", keyFile: pair.publicKeyPath)
        }
        #expect(error.kind == .signer)
        #expect(error.message.contains(pair.publicKeyPath))
    }

    @Test func aMissingSSHKeygenIsNamed() throws {
        let error = try #require(throws: SigningError.self) {
            _ = try SSHKeygenSigner(executable: "ssh-keygen-that-does-not-exist").sign(
                [1], namespace: "gastown", keyFile: "/nonexistent")
        }
        #expect(error.message.contains("ssh-keygen-that-does-not-exist is not installed"))
    }

    @Test func thePublicKeyOfAPrivateKeyIsReadWithoutItsPassphrase() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/locked"
        let made = try SSHKeygenTool.run(["-q", "-t", "ed25519", "-N", "secret phrase", "-C", "x", "-f", path])
        #expect(made.status == 0)
        let fromPrivate = try OpenSSHKeyFile.publicKey(fromText: String(contentsOfFile: path, encoding: .utf8))
        let fromPublic = try OpenSSHKeyFile.publicKey(fromText: String(contentsOfFile: path + ".pub", encoding: .utf8))
        #expect(fromPrivate == fromPublic)
    }

    @Test func smallRSAKeysAreRefusedWithTheReason() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let pair = try SSHKeyPair.generate("rsa", bits: 1024, in: directory.path, name: "small")
        let error = try #require(throws: SigningError.self) {
            _ = try OpenSSHKeyFile.publicKey(fromText: pair.publicKeyLine)
        }
        #expect(error.kind == .unsupported)
        #expect(error.message.contains("at least 2048 bits"))
    }
}

/// The in-process Ed25519 key: ssh-keygen reads its private key file and accepts its signatures.
@Suite struct InProcessKeyTests {
    @Test func sshKeygenAcceptsTheKeyFileAndTheSignatures() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let key = Ed25519SigningKey()
        let path = directory.path + "/demo"
        try key.openSSHPrivateKeyText(comment: "demo").write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        let derived = try SSHKeygenTool.run(["-y", "-f", path])
        #expect(derived.status == 0, "\(derived.stderr)")
        #expect(try OpenSSHKeyFile.publicKey(fromText: derived.stdout) == key.publicKey)
        #expect(try OpenSSHKeyFile.publicKey(fromText: String(contentsOfFile: path, encoding: .utf8)) == key.publicKey)

        let message = Array("in-process\n".utf8)
        let signature = key.sign(message, namespace: "gastown")
        let accepted = try SSHKeygenTool.verify(
            message: message, signature: signature.armored, identity: "demo",
            allowedSigners: "demo \(key.publicKey.openSSHText)\n", namespace: "gastown", in: directory.path)
        #expect(accepted.status == 0, "\(accepted.stderr)")
        // And ssh-keygen signs with the file it was given.
        let bySSHKeygen = try SSHKeygenSigner().sign(message, namespace: "gastown", keyFile: path)
        #expect(bySSHKeygen.publicKey == key.publicKey)
    }
}
