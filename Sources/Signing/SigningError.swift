/// Why a key, a signature or a signing run was not usable. `message` is a complete sentence for a person.
public struct SigningError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// The bytes are not in the expected format (truncated, bad base64, wrong magic).
        case malformed
        /// Well-formed, but of a kind this library does not handle (an algorithm, a version).
        case unsupported
        /// The signature does not verify, or does not match what was expected.
        case invalid
        /// `ssh-keygen` could not be run or did not sign.
        case signer
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
