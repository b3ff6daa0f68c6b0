/// Why a store operation failed. Each case maps to a documented exit code (see docs/store.md).
public struct StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// Bad input from the user: a name, a path, a value (exit 2).
        case invalidInput
        /// Something named does not exist (exit 1).
        case notFound
        /// Something already exists (exit 1).
        case alreadyExists
        /// The caller may not do this: not a reviewer, an agent approving, an illegal transition (exit 3).
        case refused
        /// A file could not be read, parsed or written (exit 1).
        case io
        /// A lock could not be taken before the deadline (exit 1).
        case lockTimeout
        /// The audit trail does not verify (exit 4).
        case auditFailure
    }

    public var kind: Kind
    public var message: String
    /// True when the refusal is about who the caller is (not a reviewer, not their key): the command that
    /// resolved the identity then says where the name came from (`ReviewerIdentity.Resolved.explaining`).
    public var concernsIdentity: Bool

    public init(_ kind: Kind, _ message: String, concernsIdentity: Bool = false) {
        self.kind = kind
        self.message = message
        self.concernsIdentity = concernsIdentity
    }

    public var description: String { message }
}
