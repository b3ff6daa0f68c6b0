import Foundation

/// Finds the public key of a key file without a passphrase: a `.pub` file (or any key line), or an OpenSSH
/// private key (`-----BEGIN OPENSSH PRIVATE KEY-----`), whose public key is stored unencrypted in its header.
public enum OpenSSHKeyFile {
    static let privateBegin = "-----BEGIN OPENSSH PRIVATE KEY-----"
    static let privateEnd = "-----END OPENSSH PRIVATE KEY-----"
    static let privateMagic = Array("openssh-key-v1\0".utf8)

    /// Whether `text` is an OpenSSH private key (as opposed to a public key file).
    public static func isPrivateKey(_ text: String) -> Bool { text.contains(privateBegin) }

    /// The public key of the key file's text. Old PEM private keys (`BEGIN RSA PRIVATE KEY`) carry no public key
    /// in the clear: read the `.pub` beside them instead.
    public static func publicKey(fromText text: String) throws(SigningError) -> SSHPublicKey {
        if isPrivateKey(text) { return try publicKeyOfPrivateKey(text) }
        if text.contains("PRIVATE KEY-----") {
            throw SigningError(
                .unsupported, "a PEM private key does not show its public key; use the .pub file beside it")
        }
        let parsed = SSHKeyLine.parseAll(text, format: .publicKey)
        if let first = parsed.lines.first { return first.key }
        if let error = parsed.errors.first {
            throw SigningError(error.error.kind, "line \(error.line): \(error.error.message)")
        }
        throw SigningError(.malformed, "no public key in the file")
    }

    static func publicKeyOfPrivateKey(_ text: String) throws(SigningError) -> SSHPublicKey {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let begin = lines.firstIndex(of: privateBegin), let end = lines.firstIndex(of: privateEnd), end > begin
        else { throw SigningError(.malformed, "the OpenSSH private key has no END line") }
        guard let data = Data(base64Encoded: lines[(begin + 1)..<end].joined()) else {
            throw SigningError(.malformed, "the OpenSSH private key is not valid base64")
        }
        var reader = SSHWireReader(Array(data))
        guard try reader.fixed(privateMagic.count) == privateMagic else {
            throw SigningError(.malformed, "not an openssh-key-v1 private key")
        }
        _ = try reader.string()  // cipher
        _ = try reader.string()  // KDF
        _ = try reader.string()  // KDF options
        guard try reader.uint32() >= 1 else { throw SigningError(.malformed, "the private key file holds no key") }
        return try SSHPublicKey(blob: try reader.string())
    }
}
