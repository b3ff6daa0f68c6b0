import Crypto
import _CryptoExtras

/// Checks the signature inside an SSHSIG against its own public key, in-process, per key type.
enum SignatureVerification {
    static func verify(_ signature: SSHSignature, data: [UInt8]) throws(SigningError) {
        let key = signature.publicKey
        let valid: Bool
        switch key.material {
        case .ed25519(let raw):
            try expectType(signature, "ssh-ed25519")
            valid = ed25519(raw, signature.signatureBlob, data)
        case .ecdsa(let curve, let point):
            try expectType(signature, key.algorithm.rawValue)
            valid = try ecdsa(curve: curve, point: point, signature.signatureBlob, data)
        case .rsa:
            valid = try RSAVerification.verify(signature, data: data)
        case .securityKeyEd25519(let raw, let application):
            try expectType(signature, key.algorithm.rawValue)
            let message = try securityKeyMessage(signature, application: application, data: data)
            valid = ed25519(raw, signature.signatureBlob, message)
        case .securityKeyECDSA(let point, let application):
            try expectType(signature, key.algorithm.rawValue)
            let message = try securityKeyMessage(signature, application: application, data: data)
            valid = try ecdsa(curve: "nistp256", point: point, signature.signatureBlob, message)
        }
        guard valid else {
            throw SigningError(.invalid, "the signature by \(key.fingerprint) does not match the signed text")
        }
    }

    static func expectType(_ signature: SSHSignature, _ type: String) throws(SigningError) {
        guard signature.signatureType == type else {
            throw SigningError(
                .invalid,
                "a \(signature.publicKey.algorithm.rawValue) key cannot make a \(signature.signatureType.prefix(64)) signature"
            )
        }
    }

    static func ed25519(_ raw: [UInt8], _ signature: [UInt8], _ data: [UInt8]) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else { return false }
        return key.isValidSignature(signature, for: data)
    }

    /// ECDSA signatures are `mpint r, mpint s`; each is left-padded to the curve's coordinate size. The curve
    /// fixes the hash (P-256: SHA-256, P-384: SHA-384, P-521: SHA-512), as in RFC 5656.
    static func ecdsa(curve: String, point: [UInt8], _ blob: [UInt8], _ data: [UInt8]) throws(SigningError) -> Bool {
        var reader = SSHWireReader(blob)
        let r = try reader.unsignedMPInt()
        let s = try reader.unsignedMPInt()
        guard reader.isAtEnd else { throw SigningError(.malformed, "the ECDSA signature has trailing bytes") }
        let size = curve == "nistp256" ? 32 : curve == "nistp384" ? 48 : 66
        guard r.count <= size, s.count <= size else { return false }
        let raw = [UInt8](repeating: 0, count: size - r.count) + r + [UInt8](repeating: 0, count: size - s.count) + s
        do {
            switch curve {
            case "nistp256":
                return try P256.Signing.PublicKey(x963Representation: point)
                    .isValidSignature(P256.Signing.ECDSASignature(rawRepresentation: raw), for: data)
            case "nistp384":
                return try P384.Signing.PublicKey(x963Representation: point)
                    .isValidSignature(P384.Signing.ECDSASignature(rawRepresentation: raw), for: data)
            default:
                return try P521.Signing.PublicKey(x963Representation: point)
                    .isValidSignature(P521.Signing.ECDSASignature(rawRepresentation: raw), for: data)
            }
        } catch {
            return false
        }
    }

    /// A security key signs `SHA256(application) || flags || counter || SHA256(data)` (PROTOCOL.u2f). Like
    /// `ssh-keygen -Y verify` without `no-touch-required`, the user-presence flag is required.
    static func securityKeyMessage(_ signature: SSHSignature, application: String, data: [UInt8]) throws(SigningError)
        -> [UInt8]
    {
        guard let flags = signature.securityKeyFlags, let counter = signature.securityKeyCounter else {
            throw SigningError(.malformed, "the security-key signature lacks its flags and counter")
        }
        guard flags & 0x01 != 0 else {
            throw SigningError(.invalid, "the security key signed without user presence (no touch)")
        }
        var writer = SSHWireWriter()
        writer.raw(Crypto.SHA256.hash(data: Array(application.utf8)))
        writer.raw([flags])
        writer.uint32(counter)
        writer.raw(Crypto.SHA256.hash(data: data))
        return writer.bytes
    }
}

/// RSA through `_CryptoExtras`: `rsa-sha2-256` and `rsa-sha2-512` (PKCS #1 v1.5), keys of 2048 bits or more.
/// SHA-1 `ssh-rsa` signatures are refused, as OpenSSH refuses them.
enum RSAVerification {
    static func publicKey(_ key: SSHPublicKey) throws(SigningError) -> _RSA.Signing.PublicKey {
        guard case .rsa(let exponent, let modulus) = key.material else {
            throw SigningError(.unsupported, "not an RSA key")
        }
        guard key.bits >= 2048 else {
            throw SigningError(.unsupported, "RSA key of \(key.bits) bits refused: RSA keys need at least 2048 bits")
        }
        do {
            return try _RSA.Signing.PublicKey(n: modulus, e: exponent)
        } catch {
            throw SigningError(
                .unsupported, "RSA key of \(key.bits) bits refused: \(error)")
        }
    }

    static func check(_ key: SSHPublicKey) throws(SigningError) { _ = try publicKey(key) }

    static func verify(_ signature: SSHSignature, data: [UInt8]) throws(SigningError) -> Bool {
        let key = try publicKey(signature.publicKey)
        var blob = signature.signatureBlob
        let size = (signature.publicKey.bits + 7) / 8
        if blob.count < size { blob = [UInt8](repeating: 0, count: size - blob.count) + blob }
        let rsaSignature = _RSA.Signing.RSASignature(rawRepresentation: blob)
        switch signature.signatureType {
        case "rsa-sha2-512":
            return key.isValidSignature(rsaSignature, for: SHA512.hash(data: data), padding: .insecurePKCS1v1_5)
        case "rsa-sha2-256":
            return key.isValidSignature(rsaSignature, for: SHA256.hash(data: data), padding: .insecurePKCS1v1_5)
        case "ssh-rsa":
            throw SigningError(.unsupported, "ssh-rsa (SHA-1) signatures are refused: sign with rsa-sha2-512")
        default:
            throw SigningError(.invalid, "an RSA key cannot make a \(signature.signatureType.prefix(64)) signature")
        }
    }
}
