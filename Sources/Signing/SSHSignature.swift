import Foundation

/// An SSHSIG signature (OpenSSH's PROTOCOL.sshsig), as `ssh-keygen -Y sign` writes it:
///
/// ```
/// -----BEGIN SSH SIGNATURE-----
/// base64 of: "SSHSIG" uint32(1) string(publickey) string(namespace) string(reserved)
///            string(hash_algorithm) string(signature)
/// -----END SSH SIGNATURE-----
/// ```
///
/// The signature covers `"SSHSIG" string(namespace) string(reserved) string(hash_algorithm) string(H(message))`,
/// so the message itself is never embedded.
public struct SSHSignature: Sendable, Hashable {
    public enum HashAlgorithm: String, Sendable, Hashable, CaseIterable {
        case sha256, sha512
    }

    static let magic = Array("SSHSIG".utf8)
    static let beginLine = "-----BEGIN SSH SIGNATURE-----"
    static let endLine = "-----END SSH SIGNATURE-----"

    /// The key that made the signature (whether it may sign is for the caller to decide).
    public let publicKey: SSHPublicKey
    public let namespace: String
    public let reserved: [UInt8]
    public let hashAlgorithm: HashAlgorithm
    /// The signature algorithm (`ssh-ed25519`, `rsa-sha2-512`, …).
    public let signatureType: String
    /// The raw signature: 64 bytes for Ed25519, `mpint r, mpint s` for ECDSA, the modulus-sized value for RSA.
    public let signatureBlob: [UInt8]
    /// For security keys: the authenticator's flags (bit 0: user present) and counter.
    public let securityKeyFlags: UInt8?
    public let securityKeyCounter: UInt32?

    /// Reads the armored text (surrounding whitespace and CRLF line ends are tolerated).
    public init(armored text: String) throws(SigningError) {
        var text = text
        // Read in place (a cold load reads 30,000 of them): no copy of the text, no array per marker.
        let found = text.withUTF8 { bytes -> Result<[UInt8], SigningError> in
            guard let begin = Self.find(Self.beginMarker, in: bytes, from: 0) else {
                return .failure(SigningError(.malformed, "not an SSH signature: no \(Self.beginLine) line"))
            }
            let start = begin + Self.beginMarker.utf8CodeUnitCount
            guard let end = Self.find(Self.endMarker, in: bytes, from: start) else {
                return .failure(SigningError(.malformed, "the SSH signature has no \(Self.endLine) line"))
            }
            guard let decoded = Base64.decode(UnsafeBufferPointer(rebasing: bytes[start..<end])) else {
                return .failure(SigningError(.malformed, "the SSH signature is not valid base64"))
            }
            return .success(decoded)
        }
        switch found {
        case .success(let blob): try self.init(blob: blob)
        case .failure(let error): throw error
        }
    }

    // Static strings: no array made, and no lazy global checked, per signature read.
    private static let beginMarker: StaticString = "-----BEGIN SSH SIGNATURE-----"
    private static let endMarker: StaticString = "-----END SSH SIGNATURE-----"

    /// The offset of `needle` in `bytes` at or after `from`.
    private static func find(_ needle: StaticString, in bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        let count = needle.utf8CodeUnitCount
        guard let base = bytes.baseAddress, count > 0 else { return nil }
        let first = needle.utf8Start.pointee
        var index = from
        while index + count <= bytes.count {
            // memchr finds the candidates; memcmp checks each.
            guard let hit = memchr(base + index, Int32(first), bytes.count - count + 1 - index) else { return nil }
            index = UnsafeRawPointer(base).distance(to: hit)
            if memcmp(base + index, needle.utf8Start, count) == 0 { return index }
            index += 1
        }
        return nil
    }

    /// Reads the binary blob (the armor's content).
    public init(blob: [UInt8]) throws(SigningError) {
        var reader = SSHWireReader(blob)
        guard try reader.fixed(6) == Self.magic else {
            throw SigningError(.malformed, "not an SSH signature: the blob does not start with SSHSIG")
        }
        let version = try reader.uint32()
        guard version == 1 else {
            throw SigningError(.unsupported, "SSH signature version \(version) is not supported")
        }
        // The key's material is checked by `verify`, which builds the curve point anyway.
        publicKey = try SSHPublicKey(blob: try reader.string(), checkingMaterial: false)
        namespace = try reader.text()
        reserved = try reader.string()
        let hashName = try reader.text()
        guard let hash = HashAlgorithm(rawValue: hashName) else {
            throw SigningError(
                .unsupported, "SSH signature hash \"\(hashName.prefix(32))\" is not supported (sha256, sha512)")
        }
        hashAlgorithm = hash
        var inner = SSHWireReader(try reader.string())
        guard reader.isAtEnd else { throw SigningError(.malformed, "the SSH signature has trailing bytes") }
        signatureType = try inner.text()
        signatureBlob = try inner.string()
        switch publicKey.algorithm {
        case .securityKeyEd25519, .securityKeyECDSAP256:
            securityKeyFlags = try inner.byte()
            securityKeyCounter = try inner.uint32()
        default:
            securityKeyFlags = nil
            securityKeyCounter = nil
        }
        guard inner.isAtEnd else {
            throw SigningError(.malformed, "the signature inside the SSH signature has trailing bytes")
        }
    }

    /// What the key signed for `message`: the SSHSIG preamble, namespace, hash name and the message's hash.
    public func signedData(for message: some Collection<UInt8>) -> [UInt8] {
        Self.signedData(namespace: namespace, reserved: reserved, hashAlgorithm: hashAlgorithm, message: message)
    }

    static func signedData(
        namespace: String, reserved: [UInt8], hashAlgorithm: HashAlgorithm, message: some Collection<UInt8>
    ) -> [UInt8] {
        var writer = SSHWireWriter()
        writer.raw(magic)
        writer.string(namespace)
        writer.string(reserved)
        writer.string(hashAlgorithm.rawValue)
        writer.string(Digests.hash(message, hashAlgorithm))
        return writer.bytes
    }

    /// Checks that this signature is `key`'s over `message` in `namespace`. Throws `.invalid` with the reason.
    public func verify(message: some Collection<UInt8>, namespace expected: String, key: SSHPublicKey? = nil)
        throws(SigningError)
    {
        guard namespace == expected else {
            throw SigningError(
                .invalid, "the signature is for namespace \"\(namespace.prefix(64))\", not \"\(expected)\"")
        }
        if let key, key != publicKey {
            throw SigningError(
                .invalid, "the signature was made by \(publicKey.fingerprint), not by \(key.fingerprint)")
        }
        try SignatureVerification.verify(self, data: signedData(for: message))
    }

    /// The armored text, wrapped at 70 columns as `ssh-keygen` writes it, with a final newline.
    public var armored: String { Base64.armor(blob, begin: Self.beginLine, end: Self.endLine) }

    /// The binary form (what the armor holds).
    public var blob: [UInt8] {
        var inner = SSHWireWriter()
        inner.string(signatureType)
        inner.string(signatureBlob)
        if let securityKeyFlags, let securityKeyCounter {
            inner.raw([securityKeyFlags])
            inner.uint32(securityKeyCounter)
        }
        var writer = SSHWireWriter()
        writer.raw(Self.magic)
        writer.uint32(1)
        writer.string(publicKey.blob)
        writer.string(namespace)
        writer.string(reserved)
        writer.string(hashAlgorithm.rawValue)
        writer.string(inner.bytes)
        return writer.bytes
    }

    /// Builds a signature from its parts (for signers other than ssh-keygen, and for tests).
    public init(
        publicKey: SSHPublicKey, namespace: String, hashAlgorithm: HashAlgorithm, signatureType: String,
        signatureBlob: [UInt8], securityKeyFlags: UInt8? = nil, securityKeyCounter: UInt32? = nil
    ) {
        self.publicKey = publicKey
        self.namespace = namespace
        self.reserved = []
        self.hashAlgorithm = hashAlgorithm
        self.signatureType = signatureType
        self.signatureBlob = signatureBlob
        self.securityKeyFlags = securityKeyFlags
        self.securityKeyCounter = securityKeyCounter
    }

    /// The data a signer must sign to make an SSHSIG over `message` (for signers other than ssh-keygen).
    public static func dataToSign(message: some Collection<UInt8>, namespace: String, hashAlgorithm: HashAlgorithm)
        -> [UInt8]
    {
        signedData(namespace: namespace, reserved: [], hashAlgorithm: hashAlgorithm, message: message)
    }
}
