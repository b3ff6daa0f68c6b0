import Crypto
import Foundation
import Signing
import Testing

/// Key lines, the armor, security-key signatures and hostile bytes, without ssh-keygen.
@Suite struct SSHFormatTests {
    /// An Ed25519 key made in-process, as an OpenSSH key.
    static func ed25519Key(_ privateKey: Curve25519.Signing.PrivateKey) throws -> SSHPublicKey {
        try SSHPublicKey(blob: wire(["ssh-ed25519".utf8, privateKey.publicKey.rawRepresentation]))
    }

    static func wire(_ strings: [any Collection<UInt8>]) -> [UInt8] {
        var out: [UInt8] = []
        for s in strings {
            let count = UInt32(s.count)
            out += [UInt8(count >> 24), UInt8(count >> 16 & 0xff), UInt8(count >> 8 & 0xff), UInt8(count & 0xff)]
            out += Array(s)
        }
        return out
    }

    static func signEd25519(_ message: [UInt8], with privateKey: Curve25519.Signing.PrivateKey) throws -> SSHSignature {
        let data = SSHSignature.dataToSign(message: message, namespace: "gastown", hashAlgorithm: .sha512)
        return SSHSignature(
            publicKey: try ed25519Key(privateKey), namespace: "gastown", hashAlgorithm: .sha512,
            signatureType: "ssh-ed25519", signatureBlob: Array(try privateKey.signature(for: data)))
    }

    @Test func allowedSignersLinesWithOptionsAndQuotedPrincipals() throws {
        let privateKey = Curve25519.Signing.PrivateKey()
        let key = try Self.ed25519Key(privateKey)
        let line = try SSHKeyLine.parse(
            "\"alice,bob@example.com\" namespaces=\"gastown,git\",valid-after=\"20260101\" \(key.openSSHText) Alice's key",
            format: .allowedSigners)
        #expect(line.principals == ["alice", "bob@example.com"])
        #expect(line.key == key)
        #expect(line.comment == "Alice's key")
        #expect(line.options.map(\.name) == ["namespaces", "valid-after"])
        #expect(line.allows(namespace: "gastown"))
        #expect(!line.allows(namespace: "file"))
        #expect(line.matches(principal: "alice"))
        #expect(!line.matches(principal: "eve"))
        let reread = try SSHKeyLine.parse(line.text, format: .allowedSigners)
        #expect(reread == line)
    }

    @Test func authorizedKeysLinesWithQuotedSpacesAndPlainPubLines() throws {
        let key = try Self.ed25519Key(Curve25519.Signing.PrivateKey())
        let withOptions = try SSHKeyLine.parse(
            "command=\"echo a, b\",no-pty \(key.openSSHText) me@host", format: .publicKey)
        #expect(withOptions.options.map(\.name) == ["command", "no-pty"])
        #expect(withOptions.options.first?.value == "echo a, b")
        #expect(withOptions.key == key)
        let plain = try SSHKeyLine.parse(key.openSSHText, format: .publicKey)
        #expect(plain.options.isEmpty && plain.comment.isEmpty && plain.key == key)
        #expect(!plain.allows(namespace: "x") == false)
    }

    @Test(arguments: [
        ("", "no key"),
        ("ssh-ed25519", "not followed by a key"),
        ("ssh-ed25519 !!!notbase64", "not valid base64"),
        ("ssh-dss AAAAB3NzaC1kc3MAAACBAP", "not supported"),
        ("alice \"unterminated ssh-ed25519 AAAA", "unterminated quote"),
        (
            "ecdsa-sha2-nistp256 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl",
            "inside is ssh-ed25519"
        ),
    ])
    func badKeyLinesSayWhatIsWrong(line: String, expected: String) {
        let format: SSHKeyLine.Format = line.hasPrefix("alice") ? .allowedSigners : .publicKey
        #expect {
            _ = try SSHKeyLine.parse(line, format: format)
        } throws: { error in
            (error as? SigningError)?.message.contains(expected) == true
        }
    }

    @Test func parseAllNamesTheLineOfEachBadEntry() throws {
        let key = try Self.ed25519Key(Curve25519.Signing.PrivateKey())
        let text = "# reviewers\n\nalice \(key.openSSHText)\nbob ssh-ed25519 AAAA\n"
        let parsed = SSHKeyLine.parseAll(text, format: .allowedSigners)
        #expect(parsed.lines.map(\.principals) == [["alice"]])
        #expect(parsed.errors.map(\.line) == [4])
    }

    @Test func theArmorRoundTripsAndIsWrappedAt70Columns() throws {
        let privateKey = Curve25519.Signing.PrivateKey()
        let signature = try Self.signEd25519([1, 2, 3], with: privateKey)
        let armored = signature.armored
        #expect(armored.hasPrefix("-----BEGIN SSH SIGNATURE-----\n"))
        #expect(armored.hasSuffix("\n-----END SSH SIGNATURE-----\n"))
        #expect(armored.split(separator: "\n").allSatisfy { $0.count <= 70 || $0.hasPrefix("-----") })
        let reread = try SSHSignature(armored: armored.replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(reread == signature)
        try reread.verify(message: [1, 2, 3], namespace: "gastown")
    }

    @Test func everyTruncationOfASignatureIsAnErrorNotACrash() throws {
        let signature = try Self.signEd25519(Array("x".utf8), with: Curve25519.Signing.PrivateKey())
        let blob = signature.blob
        for length in 0..<blob.count {
            #expect(throws: SigningError.self) { _ = try SSHSignature(blob: Array(blob.prefix(length))) }
        }
        #expect(throws: SigningError.self) { _ = try SSHSignature(blob: blob + [0]) }
        // A length field claiming 4 GiB.
        var huge = blob
        huge.replaceSubrange(10..<14, with: [0xff, 0xff, 0xff, 0xff])
        #expect(throws: SigningError.self) { _ = try SSHSignature(blob: huge) }
    }

    @Test func aSignatureOfTheWrongTypeForItsKeyIsRefused() throws {
        let privateKey = Curve25519.Signing.PrivateKey()
        let good = try Self.signEd25519([7], with: privateKey)
        let relabelled = SSHSignature(
            publicKey: good.publicKey, namespace: "gastown", hashAlgorithm: .sha512,
            signatureType: "rsa-sha2-512", signatureBlob: good.signatureBlob)
        #expect(throws: SigningError.self) { try relabelled.verify(message: [7], namespace: "gastown") }
    }

    @Test func securityKeySignaturesVerifyOnlyWithUserPresence() throws {
        let privateKey = Curve25519.Signing.PrivateKey()
        let application = "ssh:"
        let key = try SSHPublicKey(
            blob: Self.wire([
                "sk-ssh-ed25519@openssh.com".utf8, privateKey.publicKey.rawRepresentation, application.utf8,
            ]))
        #expect(key.algorithm == .securityKeyEd25519)
        let message = Array("record".utf8)
        func signature(flags: UInt8) throws -> SSHSignature {
            let data = SSHSignature.dataToSign(message: message, namespace: "gastown", hashAlgorithm: .sha512)
            let counter: UInt32 = 42
            let signed =
                Array(SHA256.hash(data: Array(application.utf8))) + [flags] + [0, 0, 0, 42]
                + Array(SHA256.hash(data: data))
            return SSHSignature(
                publicKey: key, namespace: "gastown", hashAlgorithm: .sha512,
                signatureType: "sk-ssh-ed25519@openssh.com",
                signatureBlob: Array(try privateKey.signature(for: signed)), securityKeyFlags: flags,
                securityKeyCounter: counter)
        }
        let touched = try SSHSignature(blob: try signature(flags: 0x01).blob)
        try touched.verify(message: message, namespace: "gastown")
        #expect(throws: SigningError.self) { try touched.verify(message: message + [0], namespace: "gastown") }
        let untouched = try signature(flags: 0x00)
        #expect(throws: SigningError.self) { try untouched.verify(message: message, namespace: "gastown") }
    }

    @Test func anECDSASecurityKeySignatureVerifies() throws {
        let privateKey = P256.Signing.PrivateKey()
        let application = "ssh:gastown"
        let key = try SSHPublicKey(
            blob: Self.wire([
                "sk-ecdsa-sha2-nistp256@openssh.com".utf8, "nistp256".utf8, privateKey.publicKey.x963Representation,
                application.utf8,
            ]))
        let message = Array("record".utf8)
        let data = SSHSignature.dataToSign(message: message, namespace: "gastown", hashAlgorithm: .sha256)
        let signed =
            Array(SHA256.hash(data: Array(application.utf8))) + [0x05, 0, 0, 1, 0] + Array(SHA256.hash(data: data))
        let raw = Array(try privateKey.signature(for: signed).rawRepresentation)
        func mpint(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
            var value = Array(bytes.drop { $0 == 0 })
            if let first = value.first, first & 0x80 != 0 { value.insert(0, at: 0) }
            return value
        }
        let blob = Self.wire([mpint(raw[0..<32]), mpint(raw[32..<64])])
        let signature = SSHSignature(
            publicKey: key, namespace: "gastown", hashAlgorithm: .sha256,
            signatureType: "sk-ecdsa-sha2-nistp256@openssh.com", signatureBlob: blob, securityKeyFlags: 0x05,
            securityKeyCounter: 256)
        try SSHSignature(armored: signature.armored).verify(message: message, namespace: "gastown", key: key)
    }
}
