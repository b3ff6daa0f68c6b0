import Crypto

/// The hashes SSHSIG and OpenSSH signatures use.
enum Digests {
    static func hash(_ data: some Collection<UInt8>, _ algorithm: SSHSignature.HashAlgorithm) -> [UInt8] {
        let bytes = Array(data)
        switch algorithm {
        case .sha256: return Array(Crypto.SHA256.hash(data: bytes))
        case .sha512: return Array(Crypto.SHA512.hash(data: bytes))
        }
    }
}
