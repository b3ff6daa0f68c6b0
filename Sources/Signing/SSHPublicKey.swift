import Crypto
import Foundation

/// An OpenSSH public key: its algorithm and its wire-format blob (what `.pub` files carry in base64).
///
/// Two keys are equal when their blobs are; the fingerprint is `ssh-keygen -l -E sha256`'s.
public struct SSHPublicKey: Sendable, Hashable, CustomStringConvertible {
    /// The key types this library parses and verifies.
    public enum Algorithm: String, Sendable, Hashable, CaseIterable {
        case ed25519 = "ssh-ed25519"
        case ecdsaP256 = "ecdsa-sha2-nistp256"
        case ecdsaP384 = "ecdsa-sha2-nistp384"
        case ecdsaP521 = "ecdsa-sha2-nistp521"
        case rsa = "ssh-rsa"
        case securityKeyEd25519 = "sk-ssh-ed25519@openssh.com"
        case securityKeyECDSAP256 = "sk-ecdsa-sha2-nistp256@openssh.com"

        /// What `ssh-keygen -l` prints in parentheses.
        public var displayName: String {
            switch self {
            case .ed25519: "ED25519"
            case .ecdsaP256, .ecdsaP384, .ecdsaP521: "ECDSA"
            case .rsa: "RSA"
            case .securityKeyEd25519: "ED25519-SK"
            case .securityKeyECDSAP256: "ECDSA-SK"
            }
        }
    }

    /// Key types OpenSSH knows that this library does not verify (named in errors instead of "unknown").
    static let knownUnsupported: Set<String> = [
        "ssh-dss",
        "ssh-ed448",
        "ssh-ed25519-cert-v01@openssh.com",
        "ssh-rsa-cert-v01@openssh.com",
        "ecdsa-sha2-nistp256-cert-v01@openssh.com",
        "ecdsa-sha2-nistp384-cert-v01@openssh.com",
        "ecdsa-sha2-nistp521-cert-v01@openssh.com",
        "sk-ssh-ed25519-cert-v01@openssh.com",
        "sk-ecdsa-sha2-nistp256-cert-v01@openssh.com",
    ]

    public let algorithm: Algorithm
    /// The wire encoding (`string type, ...`), exactly as in the `.pub` file.
    public let blob: [UInt8]
    /// The parsed key material, checked when the key was read.
    let material: Material
    /// The fingerprint of a reviewer's key, computed once (a load compares it for every signed record); nil for
    /// the key inside a signature, whose fingerprint is only named when it does not match.
    private let knownFingerprint: String?

    /// `SHA256:...`, as `ssh-keygen -l -E sha256` prints it (unpadded base64 of the blob's SHA-256).
    public var fingerprint: String { knownFingerprint ?? Self.fingerprint(of: blob) }

    enum Material: Sendable, Hashable {
        case ed25519([UInt8])
        /// An uncompressed point (`0x04 || X || Y`).
        case ecdsa(curve: String, point: [UInt8])
        case rsa(exponent: [UInt8], modulus: [UInt8])
        case securityKeyEd25519([UInt8], application: String)
        case securityKeyECDSA(point: [UInt8], application: String)
    }

    public static func == (a: SSHPublicKey, b: SSHPublicKey) -> Bool { a.blob == b.blob }
    public func hash(into hasher: inout Hasher) { hasher.combine(blob) }

    /// Reads a key from its wire blob, checking that the key material is usable.
    public init(blob: [UInt8]) throws(SigningError) {
        try self.init(blob: blob, checkingMaterial: true)
    }

    init(blob: [UInt8], checkingMaterial: Bool) throws(SigningError) {
        var reader = SSHWireReader(blob)
        let name = try reader.text()
        guard let algorithm = Algorithm(rawValue: name) else { throw Self.unsupported(name) }
        let material: Material
        switch algorithm {
        case .ed25519:
            let key = try reader.string()
            guard key.count == 32 else {
                throw SigningError(.malformed, "an ssh-ed25519 key must be 32 bytes, not \(key.count)")
            }
            material = .ed25519(key)
        case .ecdsaP256, .ecdsaP384, .ecdsaP521:
            let curve = try reader.text()
            let point = try reader.string()
            guard "ecdsa-sha2-" + curve == name else {
                throw SigningError(.malformed, "an \(name) key names the curve \(curve)")
            }
            material = .ecdsa(curve: curve, point: point)
        case .rsa:
            let exponent = try reader.unsignedMPInt()
            let modulus = try reader.unsignedMPInt()
            material = .rsa(exponent: exponent, modulus: modulus)
        case .securityKeyEd25519:
            let key = try reader.string()
            guard key.count == 32 else { throw SigningError(.malformed, "an ed25519 security key must be 32 bytes") }
            material = .securityKeyEd25519(key, application: try reader.text())
        case .securityKeyECDSAP256:
            let curve = try reader.text()
            guard curve == "nistp256" else { throw SigningError(.malformed, "an \(name) key names the curve \(curve)") }
            let point = try reader.string()
            material = .securityKeyECDSA(point: point, application: try reader.text())
        }
        guard reader.isAtEnd else { throw SigningError(.malformed, "\(name) key has trailing bytes") }
        self.algorithm = algorithm
        self.blob = blob
        self.material = material
        self.knownFingerprint = checkingMaterial ? Self.fingerprint(of: blob) : nil
        if checkingMaterial { try checkMaterial() }
    }

    /// A key from the two first fields of a `.pub` line: `ssh-ed25519 AAAAC3Nza...`.
    public init(type: String, base64: String) throws(SigningError) {
        guard let data = Data(base64Encoded: base64) else {
            throw SigningError(.malformed, "the key after \(type) is not valid base64")
        }
        try self.init(blob: Array(data))
        guard algorithm.rawValue == type else {
            throw SigningError(.malformed, "the line says \(type), but the key inside is \(algorithm.rawValue)")
        }
    }

    /// Fails early (when a key is read, not when a signature is checked) on a point off the curve or an RSA key
    /// too small to be safe.
    private func checkMaterial() throws(SigningError) {
        do {
            switch material {
            case .ed25519(let raw), .securityKeyEd25519(let raw, _):
                _ = try Curve25519.Signing.PublicKey(rawRepresentation: raw)
            case .ecdsa(let curve, let point):
                switch curve {
                case "nistp256": _ = try P256.Signing.PublicKey(x963Representation: point)
                case "nistp384": _ = try P384.Signing.PublicKey(x963Representation: point)
                default: _ = try P521.Signing.PublicKey(x963Representation: point)
                }
            case .securityKeyECDSA(let point, _):
                _ = try P256.Signing.PublicKey(x963Representation: point)
            case .rsa:
                try RSAVerification.check(self)
            }
        } catch let error as SigningError {
            throw error
        } catch {
            throw SigningError(.malformed, "the \(algorithm.rawValue) key is not a valid point or key (\(error))")
        }
    }

    static func unsupported(_ name: String) -> SigningError {
        if knownUnsupported.contains(name) {
            let supported = Algorithm.allCases.map(\.rawValue).joined(separator: ", ")
            return SigningError(.unsupported, "\(name) keys are not supported (use one of: \(supported))")
        }
        return SigningError(.malformed, "unknown key type \"\(name.prefix(64))\"")
    }

    static func fingerprint(of blob: [UInt8]) -> String {
        var text = Data(Crypto.SHA256.hash(data: blob)).base64EncodedString()
        while text.hasSuffix("=") { text.removeLast() }
        return "SHA256:" + text
    }

    /// The key bits `ssh-keygen -l` prints first (256 for ed25519 and P-256, the modulus size for RSA).
    public var bits: Int {
        switch material {
        case .ed25519, .securityKeyEd25519: 256
        case .ecdsa(let curve, _): curve == "nistp256" ? 256 : curve == "nistp384" ? 384 : 521
        case .securityKeyECDSA: 256
        case .rsa(_, let modulus): modulus.count * 8 - (modulus.first.map { $0.leadingZeroBitCount } ?? 0)
        }
    }

    /// `ssh-ed25519 AAAA...`: the key as a `.pub` line without a comment.
    public var openSSHText: String { algorithm.rawValue + " " + Data(blob).base64EncodedString() }

    public var description: String { openSSHText }
}
